using SurveyNetwork.Domain.Reports;
using SurveyNetwork.Functions.Reports;

namespace SurveyNetwork.Functions.App;

/// <summary>
/// A respondent's own network profile, computed from the cycle's current answers; the invitation
/// token is the only credential and shows only its holder's profile.
/// </summary>
public sealed class Profiles(RespondentAccess access, ProfileAnalyses analyses)
{
    /// <summary>The respondent of <paramref name="token"/>, checked before anything else of the request.</summary>
    public ValueTask<Outcome<Respondent>> OpenAsync(ReadOnlySpan<char> token, CancellationToken ct) => access.ResolveAsync(token, ct);

    public async Task<PersonalProfile> BuildAsync(Respondent me, CancellationToken ct) =>
        ReportBuilder.BuildProfile(await analyses.GetAsync(me.Cycle, me.Roster, ct), me.Person.Id);
}
