using System.Collections.Concurrent;
using SurveyNetwork.Domain.Reports.Analysis;
using SurveyNetwork.Domain.Survey;
using SurveyNetwork.Functions.Storage;

namespace SurveyNetwork.Functions.Reports;

/// <summary>
/// The analysis behind respondents' personal profiles, shared and bounded so that respondents
/// cannot drive the server's CPU: per cycle at most one refresh runs at a time, and a cycle's
/// inputs are looked at again only once <see cref="ReportJobOptions.ProfileRefresh"/> has passed
/// since the last look; a new analysis runs only when they changed. Across cycles one analysis
/// runs at a time. The first request of a cycle, and the request that starts a refresh, wait for
/// it; everyone else gets the last completed analysis at once.
/// </summary>
public sealed class ProfileAnalyses(ISurveyStore store, ReportJobOptions options, TimeProvider time) : IDisposable
{
    /// <summary>Cycles whose analysis is kept at once (each holds a whole organization's measures).</summary>
    public const int Capacity = 4;

    private readonly ConcurrentDictionary<(string OrgId, string CycleId), CycleState> _cycles = new();
    private readonly SemaphoreSlim _analyzing = new(1, 1);
    private long _analyses;

    /// <summary>Analyses run since start, for monitoring and tests.</summary>
    public long Analyses => Interlocked.Read(ref _analyses);

    /// <summary>The cycle's last completed analysis, refreshed first when one is due and none is running.</summary>
    public async Task<ReportAnalysis> GetAsync(Cycle cycle, Roster roster, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(cycle);
        var key = (cycle.OrgId, cycle.Id);
        var state = _cycles.GetOrAdd(key, _ => new CycleState());
        Task<ReportAnalysis> refresh;
        lock (state)
        {
            state.LastUsed = time.GetTimestamp();
            var now = time.GetUtcNow();
            if (state.Completed is { } completed && (state.Refresh is not null || now - state.CheckedAt < options.ProfileRefresh))
                return completed;
            // Started without the caller's token: a request that gives up does not cancel the refresh others rely on.
            state.Refresh ??= RefreshAsync(state, cycle, roster, now);
            refresh = state.Refresh;
        }

        Trim(key);
        return await refresh.WaitAsync(ct);
    }

    public void Dispose() => _analyzing.Dispose();

    private async Task<ReportAnalysis> RefreshAsync(CycleState state, Cycle cycle, Roster roster, DateTimeOffset now)
    {
        await Task.Yield(); // the caller leaves the lock before any work starts
        try
        {
            var inputs = (await ReportInputsReader.ReadAsync(store, cycle, roster, requireSubmissions: false, CancellationToken.None))!;
            var fingerprint = ReportBuilder.Fingerprint(inputs);
            ReportAnalysis? previous;
            lock (state)
                previous = state.Completed;
            var analysis = previous?.Fingerprint == fingerprint ? previous : await AnalyzeAsync(inputs);
            lock (state)
            {
                state.Completed = analysis;
                state.CheckedAt = now;
            }

            return analysis;
        }
        finally
        {
            lock (state)
                state.Refresh = null;
        }
    }

    private async Task<ReportAnalysis> AnalyzeAsync(ReportInputs inputs)
    {
        await _analyzing.WaitAsync();
        try
        {
            Interlocked.Increment(ref _analyses);
            return await Task.Run(() => ReportBuilder.Analyze(inputs, options.Report));
        }
        finally
        {
            _analyzing.Release();
        }
    }

    private void Trim((string, string) keep)
    {
        while (_cycles.Count > Capacity)
        {
            var oldest = _cycles.Where(e => e.Key != keep).OrderBy(e => e.Value.LastUsed).FirstOrDefault();
            if (oldest.Value is null || !_cycles.TryRemove(oldest))
                return;
        }
    }

    /// <summary>A cycle's last completed analysis, when its inputs were last looked at, and the refresh running (if any); guarded by its own lock.</summary>
    private sealed class CycleState
    {
        public ReportAnalysis? Completed { get; set; }
        public DateTimeOffset CheckedAt { get; set; }
        public Task<ReportAnalysis>? Refresh { get; set; }
        public long LastUsed { get; set; }
    }
}
