using System.Collections.Concurrent;
using System.Diagnostics;

namespace SurveyNetwork.Benchmarks.Reports;

/// <summary>
/// Time spent in named phases of the report job, summed over the job's parallel workers (so a phase
/// can add up to more than the job's wall time), with counters such as files and bytes written.
/// </summary>
internal sealed class JobPhases
{
    private readonly ConcurrentDictionary<string, long[]> _totals = new(StringComparer.Ordinal);

    public async Task<T> TimeAsync<T>(string phase, Func<Task<T>> work)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            return await work();
        }
        finally
        {
            Add(phase, Stopwatch.GetTimestamp() - start);
        }
    }

    public async Task TimeAsync(string phase, Func<Task> work) => await TimeAsync(phase, async () =>
    {
        await work();
        return true;
    });

    /// <summary>Adds <paramref name="amount"/> to the phase's total and one to its count.</summary>
    public void Add(string phase, long amount)
    {
        var slot = _totals.GetOrAdd(phase, _ => new long[2]);
        Interlocked.Add(ref slot[0], amount);
        Interlocked.Increment(ref slot[1]);
    }

    public void Reset() => _totals.Clear();

    /// <summary>One line per phase: timed phases in seconds with their call count, counters as sums.</summary>
    public IEnumerable<string> Describe() => _totals.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => t.Key.StartsWith('#')
        ? $"{t.Key[1..]}: {t.Value[0]:N0}"
        : $"{t.Key}: {Stopwatch.GetElapsedTime(0, t.Value[0]).TotalSeconds:F2} s over {t.Value[1]:N0} calls");
}
