using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SurveyNetwork.Domain.Reports.Analysis;
using SurveyNetwork.Domain.Reports.Rendering;
using SurveyNetwork.Functions.App;
using SurveyNetwork.Functions.Reports;
using SurveyNetwork.Functions.Security;

namespace SurveyNetwork.Functions.Http;

/// <summary>
/// A respondent's own network profile (JSON, or an HTML page with <c>?format=html</c>); see <see cref="Profiles"/>.
/// </summary>
public sealed class GetProfile(Profiles profiles)
{
    /// <summary>The forms a profile is sent in.</summary>
    public static readonly IReadOnlyList<string> Formats = [ReportFormat.Json, ReportFormat.Html];

    [Function(nameof(GetProfile))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "survey/profile")] HttpRequest request,
        CancellationToken ct)
    {
        var me = await profiles.OpenAsync(InvitationTokens.TokenOf(request), ct);
        if (!me.Succeeded)
        {
            return Problems.For(me.Refusal);
        }

        var (format, problem) = ReportResponses.ReadFormat(request, [.. Formats]);
        if (problem is not null)
        {
            return problem;
        }

        var profile = await profiles.BuildAsync(me.Value, ct);
        return format == ReportFormat.Html
            ? ApiResult.Bytes(ReportFormats.Html(profile), ReportFormat.ContentType(ReportFormat.Html))
                .WithHeader("Content-Security-Policy", ReportResponses.HtmlContentSecurityPolicy)
                .WithHeader("Referrer-Policy", "no-referrer")
            : ApiResult.Bytes(ReportFormats.Json(profile), ReportFormat.ContentType(ReportFormat.Json));
    }
}
