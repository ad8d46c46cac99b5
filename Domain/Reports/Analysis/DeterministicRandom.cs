namespace SurveyNetwork.Domain.Reports.Analysis;

/// <summary>
/// SplitMix64 (Steele, Lea &amp; Flood 2014): a tiny seeded generator whose sequence is fixed by this
/// code, not by the runtime, so permutation tests and layouts give the same bytes on every platform.
/// </summary>
internal sealed class DeterministicRandom(ulong seed)
{
    private ulong _state = seed;

    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, maxExclusive) (Lemire's multiply-shift; the tiny bias is irrelevant here).</summary>
    public int Next(int maxExclusive) => (int)(((NextUInt64() >> 32) * (ulong)maxExclusive) >> 32);

    /// <summary>A 64-bit value mixed from a string (FNV-1a, then one SplitMix64 step), for per-node seeds.</summary>
    public static ulong Hash(string text, ulong seed)
    {
        var h = 14695981039346656037UL ^ seed;
        foreach (var c in text)
        {
            h = (h ^ c) * 1099511628211UL;
        }

        return new DeterministicRandom(h).NextUInt64();
    }
}
