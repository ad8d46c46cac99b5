using System.Text.Json;
using SurveyNetwork.Domain.Reports.Model;
using SurveyNetwork.Functions.Storage;

namespace SurveyNetwork.Functions.Reports;

/// <summary>
/// The averages a profile compares against, read from the team's and the organization's reports as
/// the report job last stored them, so a profile never shows an aggregate computed for one request
/// (which would change, and could be differenced, each time one teammate answers).
/// </summary>
public static class PublishedComparisons
{
    public static async Task<ProfileComparison> ReadAsync(IReportStore reports, string orgId, string cycleId, string teamId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reports);
        var team = Averages(await reports.GetReportAsync(orgId, cycleId, ReportScope.Of(teamId), ct), "teamAverages");
        var organization = Averages(await reports.GetReportAsync(orgId, cycleId, ReportScope.Organization, ct), "averages");
        return new ProfileComparison(team, organization);
    }

    /// <summary>The averages of a stored report's JSON; null without a report, or when the store kept only its digest.</summary>
    internal static PublishedAverages? Averages(StoredReport? report, string property)
    {
        if (report?.Content(ReportFormat.Json)?.Bytes is not { } bytes)
        {
            return null;
        }

        using var json = JsonDocument.Parse(bytes);
        var averages = json.RootElement.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Object
            ? value.Deserialize<MeasureSet>()
            : null;
        return new PublishedAverages(averages, report.ComputedAt);
    }
}
