using System.Collections.Concurrent;
using SurveyNetwork.Domain.Reports.Analysis;
using SurveyNetwork.Domain.Survey;
using SurveyNetwork.Functions.Storage;

namespace SurveyNetwork.Functions.Reports;

/// <summary>
/// The analysis behind respondents' personal profiles, computed on demand and shared: one per
/// cycle, kept while the inputs' fingerprint is unchanged, so many respondents opening their
/// profile cost one analysis, and a new submission is reflected on the next request.
/// </summary>
public sealed class ProfileAnalyses(ISurveyStore store, ReportJobOptions options)
{
    /// <summary>Cycles whose analysis is kept at once (each holds a whole organization's measures).</summary>
    public const int Capacity = 4;

    private readonly ConcurrentDictionary<(string OrgId, string CycleId), Entry> _entries = new();

    /// <summary>The analysis of the cycle's current inputs.</summary>
    public async Task<ReportAnalysis> GetAsync(Cycle cycle, Roster roster, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(cycle);
        var inputs = (await ReportInputsReader.ReadAsync(store, cycle, roster, requireSubmissions: false, ct))!;
        var fingerprint = ReportBuilder.Fingerprint(inputs);
        var key = (cycle.OrgId, cycle.Id);
        var entry = _entries.AddOrUpdate(key,
            _ => Start(fingerprint, inputs),
            (_, current) => current.Fingerprint == fingerprint && !current.Failed ? current : Start(fingerprint, inputs));
        Trim(key);
        // A request that gives up does not cancel the shared computation others wait for.
        return await entry.Analysis.Value.WaitAsync(ct);
    }

    private Entry Start(string fingerprint, ReportInputs inputs) =>
        new(fingerprint, Environment.TickCount64, new Lazy<Task<ReportAnalysis>>(() => Task.Run(() => ReportBuilder.Analyze(inputs, options.Report))));

    private void Trim((string, string) keep)
    {
        while (_entries.Count > Capacity)
        {
            var oldest = _entries.Where(e => e.Key != keep).OrderBy(e => e.Value.Started).FirstOrDefault();
            if (oldest.Value is null || !_entries.TryRemove(oldest))
                return;
        }
    }

    /// <summary>Only the entry that wins the dictionary update is ever started (hence the Lazy).</summary>
    private sealed record Entry(string Fingerprint, long Started, Lazy<Task<ReportAnalysis>> Analysis)
    {
        public bool Failed => Analysis.IsValueCreated && Analysis.Value.IsFaulted;
    }
}
