using SurveyNetwork.Domain.Reports.Analysis;
using SurveyNetwork.Domain.Reports.Model;
using SurveyNetwork.Domain.Reports.Rendering;
using SurveyNetwork.Functions.Reports;
using SurveyNetwork.Functions.Storage;

namespace SurveyNetwork.Functions.App;

/// <summary>
/// A respondent's own network profile: their values from the cycle's current answers, compared with
/// the team and organization averages last published by the report job; the invitation token is the
/// only credential and shows only its holder's profile. The picture of the person's own network is drawn
/// here, on the server, so the page shows it under its strict content security policy.
/// </summary>
public sealed class Profiles(RespondentAccess access, ProfileAnalyses analyses, IReportStore reports)
{
    /// <summary>The respondent of <paramref name="token"/>, checked before anything else of the request.</summary>
    public ValueTask<Outcome<Respondent>> OpenAsync(ReadOnlySpan<char> token, CancellationToken ct) => access.ResolveAsync(token, ct);

    public async Task<PersonalProfile> BuildAsync(Respondent me, CancellationToken ct)
    {
        var analysis = await analyses.GetAsync(me.Cycle, me.Roster, ct);
        var comparison = await PublishedComparisons.ReadAsync(reports, me.Cycle.OrgId, me.Cycle.Id, me.Person.TeamId ?? "", ct);
        var profile = ReportBuilder.BuildProfile(analysis, me.Person.Id, comparison);
        return profile.Responded ? profile with { NetworkSvg = ReportFormats.ProfileNetwork(profile) } : profile;
    }
}
