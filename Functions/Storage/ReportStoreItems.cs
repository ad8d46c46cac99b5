using SurveyNetwork.Functions.Reports;

namespace SurveyNetwork.Functions.Storage;

/// <summary>What every report store does alike with a report's metadata and a lease.</summary>
internal static class ReportStoreItems
{
    /// <summary>The report's metadata: each content's format, length and digest, its bytes stored apart.</summary>
    public static StoredReport WithoutBytes(StoredReport report) =>
        report with { Contents = report.Contents.Select(c => c with { Bytes = null }).ToArray() };

    /// <summary>A token that tells one holder of a lease from the next.</summary>
    public static string NewLeaseToken() => Guid.NewGuid().ToString("N");
}
