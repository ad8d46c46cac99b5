using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Headers;
using SurveyNetwork.Functions.Reports;

namespace SurveyNetwork.Functions.Http;

/// <summary>Sends a stored or published report in the requested format, with the headers each format needs.</summary>
internal static class ReportResponses
{
    /// <summary>
    /// A report page runs no script, loads nothing and may not be framed: styles inline, images as data: URIs.
    /// </summary>
    public const string HtmlContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'";

    /// <summary>
    /// The <c>format</c> query parameter, or a problem naming it; without one, the allowed format
    /// the Accept header prefers, and json when it names none of them.
    /// </summary>
    public static (string? Format, ApiResult? Problem) ReadFormat(HttpRequest request, params string[] allowed)
    {
        var format = request.Query["format"].ToString();
        if (string.IsNullOrEmpty(format))
        {
            return (Accepted(request, allowed), null);
        }

        format = format.ToLowerInvariant();
        return allowed.Contains(format)
            ? (format, null)
            : (null, Problems.Field("format", $"format must be one of {string.Join(", ", allowed)}."));
    }

    private static string Accepted(HttpRequest request, string[] allowed)
    {
        var accepted = request.GetTypedHeaders().Accept
            .Where(a => a.Quality is not 0)
            .OrderByDescending(a => a.Quality ?? 1);
        foreach (var media in accepted)
        {
            if (allowed.FirstOrDefault(f => media.MediaType.Equals(ReportFormat.ContentType(f).Split(';')[0], StringComparison.OrdinalIgnoreCase)) is { } format)
            {
                return format;
            }
        }

        return ReportFormat.Json;
    }

    /// <summary>
    /// The bytes of one format: from the store when it keeps them, else the published copy, which
    /// must match the stored digest (a mismatch means a run is replacing the report right now).
    /// </summary>
    public static async Task<ApiResult> SendAsync(StoredReport report, string format, IReportPublisher publisher, CancellationToken ct)
    {
        var content = report.Content(format);
        if (content is null)
        {
            return Problems.NotFound($"The {format} form of this report");
        }

        var bytes = content.Bytes ?? await publisher.ReadAsync(report.OrgId, report.CycleId, report.Scope, format, ct);
        if (bytes is null)
        {
            return Problems.NotFound($"The published {format} form of this report");
        }

        if (content.Bytes is null && Convert.ToHexStringLower(SHA256.HashData(bytes)) != content.Sha256)
        {
            return Problems.Create(StatusCodes.Status503ServiceUnavailable, "The report is being republished.", "Retry after the time in Retry-After.")
                .WithHeader("Retry-After", "5");
        }

        var result = ApiResult.Bytes(bytes, ReportFormat.ContentType(format))
            .WithHeader("ETag", $"\"{content.Sha256}\"")
            .WithHeader("X-Report-Id", report.ReportId);
        if (format == ReportFormat.Html)
        {
            result.WithHeader("Content-Security-Policy", HtmlContentSecurityPolicy).WithHeader("Referrer-Policy", "no-referrer");
        }
        else if (format is ReportFormat.GraphMl or ReportFormat.Csv or ReportFormat.PeopleCsv)
        {
            result.WithHeader("Content-Disposition", $"attachment; filename=\"{report.OrgId}-{report.CycleId}-{report.Scope.TrimStart('_')}.{format}\"");
        }

        return result;
    }
}
