using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace SurveyNetwork.Functions.Http;

/// <summary>
/// A response written straight to the HTTP response (JSON, problem+json, text or bytes), so it
/// runs the same under the Functions host and under plain ASP.NET Core without MVC formatters.
/// </summary>
public sealed class ApiResult : IActionResult, IResult
{
    private readonly Func<Stream, CancellationToken, Task> _write;

    private ApiResult(int status, string? contentType, Func<Stream, CancellationToken, Task> write)
    {
        StatusCode = status;
        ContentType = contentType;
        _write = write;
    }

    public int StatusCode { get; }

    public string? ContentType { get; }

    /// <summary>Extra headers (Retry-After, Location, security headers, ...).</summary>
    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The body object for JSON results (for tests and logging); null otherwise.</summary>
    public object? Value { get; private init; }

    /// <summary>The body's length when known before writing (sent as Content-Length).</summary>
    private long? Length { get; init; }

    /// <summary>JSON, serialized up front so the response goes out with a Content-Length in one write rather than chunked.</summary>
    public static ApiResult Json(object value, int status = StatusCodes.Status200OK, string contentType = "application/json; charset=utf-8")
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(value, value.GetType(), ApiJson.Options);
        return new(status, contentType, async (s, ct) => await s.WriteAsync(bytes, ct)) { Value = value, Length = bytes.Length };
    }

    public static ApiResult Bytes(ReadOnlyMemory<byte> bytes, string contentType, int status = StatusCodes.Status200OK) =>
        new(status, contentType, async (s, ct) => await s.WriteAsync(bytes, ct)) { Length = bytes.Length };

    public static ApiResult Text(string text, string contentType, int status = StatusCodes.Status200OK) =>
        Bytes(System.Text.Encoding.UTF8.GetBytes(text), contentType, status);

    public static ApiResult Empty(int status = StatusCodes.Status204NoContent) => new(status, null, (_, _) => Task.CompletedTask);

    public ApiResult WithHeader(string name, string value)
    {
        Headers[name] = value;
        return this;
    }

    public Task ExecuteResultAsync(ActionContext context) => ExecuteAsync(context.HttpContext);

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCode;
        foreach (var (name, value) in Headers)
        {
            response.Headers[name] = value;
        }

        if (ContentType is not null)
        {
            response.ContentType = ContentType;
            response.ContentLength = Length;
            response.Headers.CacheControl = response.Headers.CacheControl.Count == 0 ? "no-store" : response.Headers.CacheControl;
            response.Headers.XContentTypeOptions = "nosniff";
            await _write(response.Body, httpContext.RequestAborted);
        }
    }
}
