namespace SurveyNetwork.Functions.Reports;

/// <summary>One rendered form of a report to publish.</summary>
public sealed record ReportFile(string Format, byte[] Bytes);

/// <summary>
/// Where reports are published for people and tools to fetch: Blob Storage in Azure, a local
/// folder by default. Both lay files out as <c>{orgId}/{cycleId}/{scope}/report.{format}</c> and
/// overwrite in place, so publishing the same report again leaves exactly the same files.
/// </summary>
public interface IReportPublisher
{
    /// <summary>Writes every file of one report, replacing earlier ones (creating the container or folder when missing); returns the link of each format.</summary>
    Task<IReadOnlyDictionary<string, string>> PublishAsync(
        string orgId, string cycleId, string scope, IReadOnlyList<ReportFile> files, CancellationToken ct = default);

    /// <summary>The published bytes of one format, or null when there are none.</summary>
    Task<byte[]?> ReadAsync(string orgId, string cycleId, string scope, string format, CancellationToken ct = default);

    /// <summary>Removes every published file of one report (a team that no longer exists).</summary>
    Task DeleteAsync(string orgId, string cycleId, string scope, CancellationToken ct = default);
}

/// <summary>The one layout both publishers use.</summary>
public static class ReportPaths
{
    public static string FileName(string format) => "report." + format;

    /// <summary>"{orgId}/{cycleId}/{scope}/report.{format}", after checking that no part can leave its folder.</summary>
    public static string Relative(string orgId, string cycleId, string scope, string format)
    {
        Check(orgId, nameof(orgId));
        Check(cycleId, nameof(cycleId));
        Check(scope, nameof(scope));
        if (!ReportFormat.IsKnown(format))
            throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown report format.");
        return $"{orgId}/{cycleId}/{scope}/{FileName(format)}";
    }

    private static void Check(string part, string name)
    {
        if (string.IsNullOrEmpty(part) || part is "." or ".." || part.AsSpan().ContainsAny("/\\:") || part.Any(char.IsControl))
            throw new ArgumentException($"'{part}' cannot be part of a report path.", name);
    }
}
