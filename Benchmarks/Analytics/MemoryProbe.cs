using System.Globalization;

namespace SurveyNetwork.Benchmarks.Analytics;

/// <summary>
/// The process's memory as a 4 GB instance would see it: the peak resident set (VmHWM, from
/// /proc/self/status), the GC heap's peak (sampled every 20 ms: bytes allocated and not yet
/// collected, so it includes garbage the next collection would free, and the committed size) and
/// the GC heap live after a full collection at phase boundaries (not inside timed work).
/// </summary>
internal sealed class MemoryProbe : IDisposable
{
    private readonly Thread _sampler;
    private volatile bool _stop;
    private long _peakHeap;
    private long _peakCommitted;

    public MemoryProbe()
    {
        _sampler = new Thread(Sample) { IsBackground = true, Name = "memory probe" };
        _sampler.Start();
    }

    /// <summary>Starts a new peak from the heap as it is now (at the start of a phase).</summary>
    public void ResetPeak() => Interlocked.Exchange(ref _peakHeap, GC.GetTotalMemory(false));

    /// <summary>The largest GC heap seen (allocated, live or not yet collected), in bytes.</summary>
    public long PeakHeap => Math.Max(Interlocked.Read(ref _peakHeap), GC.GetTotalMemory(false));

    /// <summary>The largest GC committed memory seen, in bytes.</summary>
    public long PeakCommitted => Interlocked.Read(ref _peakCommitted);

    /// <summary>Peak resident set of the process so far (VmHWM), in bytes; 0 where /proc is not available.</summary>
    public static long PeakResident() => StatusKilobytes("VmHWM:") * 1024;

    /// <summary>The memory the GC may use: the heap hard limit when one is set, else the machine's.</summary>
    public static long GcAvailable => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    /// <summary>Bytes live on the GC heap after a full, compacting collection (takes a moment on a large heap).</summary>
    public static long LiveAfterFullCollection()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(false);
    }

    /// <summary>One line: peak resident set, peak GC heap and committed, and optionally the live heap now.</summary>
    public string Describe(bool live)
    {
        var text = $"peak resident set (VmHWM) {Mb(PeakResident())} MB, peak GC heap {Mb(PeakHeap)} MB (committed {Mb(PeakCommitted)} MB)";
        return live ? text + $", live after full GC {Mb(LiveAfterFullCollection())} MB" : text;
    }

    public static string Mb(long bytes) => (bytes / 1048576.0).ToString("N0", CultureInfo.InvariantCulture);

    public void Dispose()
    {
        _stop = true;
        _sampler.Join();
    }

    private void Sample()
    {
        while (!_stop)
        {
            var heap = GC.GetTotalMemory(false);
            var committed = GC.GetGCMemoryInfo(GCKind.Any).TotalCommittedBytes;
            if (heap > Interlocked.Read(ref _peakHeap))
            {
                Interlocked.Exchange(ref _peakHeap, heap);
            }

            if (committed > Interlocked.Read(ref _peakCommitted))
            {
                Interlocked.Exchange(ref _peakCommitted, committed);
            }

            Thread.Sleep(20);
        }
    }

    private static long StatusKilobytes(string key)
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith(key, StringComparison.Ordinal))
                {
                    return long.Parse(line.AsSpan(key.Length).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
        }

        return 0;
    }
}
