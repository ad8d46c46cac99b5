using SurveyNetwork.Domain.Reports.Analysis;
using SurveyNetwork.Domain.Survey;
using SurveyNetwork.Functions.Storage;

namespace SurveyNetwork.Functions.Reports;

/// <summary>Reads what a cycle's reports are computed from.</summary>
internal static class ReportInputsReader
{
    /// <summary>
    /// The roster, the cycle (without its ETag), its submissions, and the previous cycle's submissions
    /// read against the current roster (only the current roster is kept). Null without a roster or,
    /// when <paramref name="requireSubmissions"/>, without any submission.
    /// </summary>
    public static async Task<ReportInputs?> ReadAsync(ISurveyStore store, Cycle cycle, Roster? roster, bool requireSubmissions, CancellationToken ct)
    {
        roster ??= await store.GetRosterAsync(cycle.OrgId, ct);
        if (roster is null)
            return null;
        var submissions = await store.ListSubmissionsAsync(cycle.OrgId, cycle.Id, ct);
        if (requireSubmissions && submissions.Count == 0)
            return null;
        PreviousCycle? previous = null;
        if (cycle.PreviousCycleId is { } previousId && previousId != cycle.Id
            && await store.GetCycleAsync(cycle.OrgId, previousId, ct) is { } earlier)
        {
            previous = new PreviousCycle(earlier with { ETag = null }, roster, await store.ListSubmissionsAsync(cycle.OrgId, previousId, ct));
        }

        return new ReportInputs(roster, cycle with { ETag = null }, submissions, previous);
    }
}
