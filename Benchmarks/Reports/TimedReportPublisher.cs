using SurveyNetwork.Functions.Reports;

namespace SurveyNetwork.Benchmarks.Reports;

/// <summary>A publisher that records how long publishing takes and how many files and bytes it writes.</summary>
internal sealed class TimedReportPublisher(IReportPublisher inner, JobPhases phases) : IReportPublisher
{
    public async Task<IReadOnlyDictionary<string, string>> PublishAsync(
        string orgId, string cycleId, string scope, IReadOnlyList<ReportFile> files, CancellationToken ct = default)
    {
        var links = await phases.TimeAsync("publish (write files)", () => inner.PublishAsync(orgId, cycleId, scope, files, ct));
        phases.Add("#files published", files.Count);
        phases.Add("#bytes published", files.Sum(f => f.Length)); // a streamed file's length is known once written
        return links;
    }

    public Task<byte[]?> ReadAsync(string orgId, string cycleId, string scope, string format, CancellationToken ct = default) =>
        inner.ReadAsync(orgId, cycleId, scope, format, ct);

    public Task DeleteAsync(string orgId, string cycleId, string scope, CancellationToken ct = default) =>
        phases.TimeAsync("publish (delete stale)", () => inner.DeleteAsync(orgId, cycleId, scope, ct));
}
