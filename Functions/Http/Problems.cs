using System.Diagnostics;
using FluentValidation.Results;
using Microsoft.AspNetCore.Http;
using SurveyNetwork.Functions.App;

namespace SurveyNetwork.Functions.Http;

/// <summary>RFC 9457 problem details, always naming the field at fault where there is one.</summary>
public static class Problems
{
    public const string ContentType = "application/problem+json; charset=utf-8";

    /// <summary>The problem body; <see cref="Errors"/> maps a field path to its messages.</summary>
    public sealed record ProblemBody(
        string Type,
        string Title,
        int Status,
        string? Detail,
        IReadOnlyDictionary<string, string[]>? Errors = null,
        string? TraceId = null);

    public static ApiResult Create(int status, string title, string? detail = null, IReadOnlyDictionary<string, string[]>? errors = null, string? type = null) =>
        ApiResult.Json(
            new ProblemBody(type ?? TypeFor(status), title, status, detail, errors, Activity.Current?.TraceId.ToString()),
            status,
            ContentType);

    /// <summary>400 with one entry per invalid field.</summary>
    public static ApiResult Validation(IReadOnlyDictionary<string, string[]> errors, string? detail = null) =>
        Create(StatusCodes.Status400BadRequest, "One or more fields are invalid.",
            detail ?? string.Join(" ", errors.Take(3).Select(e => $"{e.Key}: {e.Value.FirstOrDefault()}")), errors);

    public static ApiResult Validation(ValidationResult result, Func<string, string>? mapKey = null) =>
        Validation(ValidationErrors.Of(result, mapKey));

    public static ApiResult Field(string field, string message, int status = StatusCodes.Status400BadRequest, string? title = null) =>
        Create(status, title ?? (status == 400 ? "One or more fields are invalid." : message), $"{field}: {message}",
            new Dictionary<string, string[]> { [field] = [message] });

    public static ApiResult NotFound(string what) => Create(StatusCodes.Status404NotFound, $"{what} was not found.");

    public static ApiResult Unauthorized(string detail) =>
        Create(StatusCodes.Status401Unauthorized, "Not authorized.", detail)
            .WithHeader("WWW-Authenticate", "Bearer");

    public static ApiResult Conflict(string title, string? detail = null) => Create(StatusCodes.Status409Conflict, title, detail);

    public static ApiResult Unavailable(int retryAfterSeconds = 5) =>
        Create(StatusCodes.Status503ServiceUnavailable, "The service is briefly unavailable; nothing was stored.",
            "Retry the same request after the time in Retry-After.")
            .WithHeader("Retry-After", retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The problem response for a service's refusal.</summary>
    public static ApiResult For(Refusal refusal) => refusal switch
    {
        Refusal.NotFound r => NotFound(r.What),
        Refusal.Conflict r => Conflict(r.Title, r.Detail),
        Refusal.Invalid r => Validation(r.Errors, r.Detail),
        Refusal.Field { ConflictTitle: null } r => Field(r.Name, r.Message),
        Refusal.Field r => Field(r.Name, r.Message, StatusCodes.Status409Conflict, r.ConflictTitle),
        Refusal.Unauthorized r => Unauthorized(r.Detail),
        Refusal.RateLimited r => Create(StatusCodes.Status429TooManyRequests, "Too many requests for this invitation.", $"Try again in {r.RetryAfterSeconds} seconds.")
            .WithHeader("Retry-After", r.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        _ => throw new ArgumentOutOfRangeException(nameof(refusal), refusal, "Unknown refusal."),
    };

    private static string TypeFor(int status) => status switch
    {
        400 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.1",
        401 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.2",
        403 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.4",
        404 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.5",
        409 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.10",
        413 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.14",
        415 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.16",
        429 => "https://www.rfc-editor.org/rfc/rfc6585#section-4",
        503 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.6.4",
        _ => "about:blank",
    };
}
