namespace SurveyNetwork.Domain.Reports.Analysis;

/// <summary>
/// Two-group comparison of means: Cohen's d with the pooled standard deviation, and a two-sided
/// permutation test of the difference in means.
/// <para>
/// d = (mean_A − mean_B) / s_p, s_p = √(((n_A − 1)s_A² + (n_B − 1)s_B²) / (n_A + n_B − 2)), sample
/// variances; undefined (null) when s_p = 0 or either group has fewer than two values
/// (Cohen 1988: 0.2 small, 0.5 medium, 0.8 large).
/// </para>
/// <para>
/// p: the group labels are shuffled <c>permutations</c> times (SplitMix64, fixed seed, so the same
/// data give the same p); p = (1 + #{|Δ*| ≥ |Δ|}) / (1 + permutations), Δ the observed difference in
/// means and Δ* a shuffled one (Phipson &amp; Smyth 2010: never 0). Identical groups give p = 1.
/// </para>
/// </summary>
public static class GroupComparison
{
    public const int DefaultPermutations = 5_000;
    public const ulong DefaultSeed = 20_031_001;

    /// <summary>Cohen's d of <paramref name="a"/> against <paramref name="b"/>.</summary>
    public static double? CohensD(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count < 2 || b.Count < 2)
        {
            return null;
        }

        var (ma, va) = MeanVariance(a);
        var (mb, vb) = MeanVariance(b);
        var pooled = Math.Sqrt(((a.Count - 1) * va + (b.Count - 1) * vb) / (a.Count + b.Count - 2));
        return pooled > 1e-12 ? (ma - mb) / pooled : null;
    }

    /// <summary>Two-sided permutation p value of the difference in means.</summary>
    public static double PermutationPValue(IReadOnlyList<double> a, IReadOnlyList<double> b, int permutations = DefaultPermutations, ulong seed = DefaultSeed)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentOutOfRangeException.ThrowIfLessThan(permutations, 1);
        if (a.Count == 0 || b.Count == 0)
        {
            return 1;
        }

        var n = a.Count + b.Count;
        var pool = new double[n];
        for (var i = 0; i < a.Count; i++) pool[i] = a[i];
        for (var i = 0; i < b.Count; i++) pool[a.Count + i] = b[i];
        var total = 0.0;
        foreach (var v in pool) total += v;

        // Draw the smaller group: its sum fixes the difference, Δ = S_k/n_k − (S − S_k)/(n − n_k).
        var k = Math.Min(a.Count, b.Count);
        var drawnIsA = a.Count <= b.Count;
        double Difference(double drawnSum)
        {
            var other = total - drawnSum;
            return drawnIsA ? drawnSum / k - other / (n - k) : other / (n - k) - drawnSum / k;
        }

        var observedSum = 0.0;
        for (var i = 0; i < k; i++) observedSum += drawnIsA ? a[i] : b[i];
        var observed = Math.Abs(Difference(observedSum));
        var tolerance = 1e-9 * Math.Max(1, observed);

        var random = new DeterministicRandom(seed);
        var at = 0;
        for (var p = 0; p < permutations; p++)
        {
            // Partial Fisher–Yates: the first k slots become a uniform random k-subset.
            var sum = 0.0;
            for (var i = 0; i < k; i++)
            {
                var j = i + random.Next(n - i);
                (pool[i], pool[j]) = (pool[j], pool[i]);
                sum += pool[i];
            }

            if (Math.Abs(Difference(sum)) >= observed - tolerance)
            {
                at++;
            }
        }

        return (1.0 + at) / (1.0 + permutations);
    }

    internal static (double Mean, double Variance) MeanVariance(IReadOnlyList<double> values)
    {
        var mean = 0.0;
        foreach (var v in values) mean += v;
        mean /= values.Count;
        var ss = 0.0;
        foreach (var v in values) ss += (v - mean) * (v - mean);
        return (mean, values.Count > 1 ? ss / (values.Count - 1) : 0);
    }
}
