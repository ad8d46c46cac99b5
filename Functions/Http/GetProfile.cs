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
/// A respondent's own network profile (JSON, or an HTML page with <c>?format=html</c>), computed
/// from the cycle's current answers; the invitation token is the only credential and shows only
/// its holder's profile.
/// </summary>
public sealed class GetProfile(SurveyReads reads, InvitationTokens tokens, ProfileAnalyses analyses)
{
    [Function(nameof(GetProfile))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "survey/profile")] HttpRequest request,
        CancellationToken ct)
    {
        var (me, unauthorized) = await Respondent.ResolveAsync(request, tokens, reads, ct);
        if (unauthorized is not null)
        {
            return unauthorized;
        }

        var (format, problem) = ReportResponses.ReadFormat(request, ReportFormat.Json, ReportFormat.Html);
        if (problem is not null)
        {
            return problem;
        }

        var analysis = await analyses.GetAsync(me!.Cycle, me.Roster, ct);
        var profile = ReportBuilder.BuildProfile(analysis, me.Person.Id);
        return format == ReportFormat.Html
            ? ApiResult.Bytes(ReportFormats.Html(profile), ReportFormat.ContentType(ReportFormat.Html))
                .WithHeader("Content-Security-Policy", ReportResponses.HtmlContentSecurityPolicy)
                .WithHeader("Referrer-Policy", "no-referrer")
            : ApiResult.Bytes(ReportFormats.Json(profile), ReportFormat.ContentType(ReportFormat.Json));
    }
}
