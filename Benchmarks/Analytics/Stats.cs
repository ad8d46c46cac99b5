namespace SurveyNetwork.Benchmarks.Analytics;

/// <summary>Agreement of an estimate with exact values.</summary>
internal static class Stats
{
    /// <summary>Share of the exact top k (by value, ties by index) also in the estimate's top k.</summary>
    public static double TopOverlap(double[] exact, double[] estimate, int k)
    {
        var a = Top(exact, k);
        var b = Top(estimate, k);
        return (double)a.Intersect(b).Count() / a.Length;
    }

    /// <summary>Median of |estimate − exact| / exact over the exact top k.</summary>
    public static double MedianRelativeErrorOfTop(double[] exact, double[] estimate, int k)
    {
        var errors = Top(exact, k)
            .Where(i => exact[i] > 0)
            .Select(i => Math.Abs(estimate[i] - exact[i]) / exact[i])
            .Order()
            .ToArray();
        return errors.Length == 0 ? 0 : errors[errors.Length / 2];
    }

    /// <summary>Spearman's rank correlation (Pearson on average ranks, so ties are handled).</summary>
    public static double Spearman(double[] x, double[] y) => Pearson(Ranks(x), Ranks(y));

    public static double MaxAbsDifference(double[] ours, double[] theirs)
    {
        var max = 0.0;
        for (var i = 0; i < Math.Min(ours.Length, theirs.Length); i++)
        {
            if (!double.IsNaN(ours[i]) && !double.IsNaN(theirs[i]))
            {
                max = Math.Max(max, Math.Abs(ours[i] - theirs[i]));
            }
        }

        return max;
    }

    private static int[] Top(double[] values, int k) =>
        Enumerable.Range(0, values.Length).OrderByDescending(i => values[i]).ThenBy(i => i).Take(k).ToArray();

    private static double[] Ranks(double[] values)
    {
        var order = Enumerable.Range(0, values.Length).OrderBy(i => values[i]).ToArray();
        var ranks = new double[values.Length];
        var start = 0;
        while (start < order.Length)
        {
            var end = start;
            while (end + 1 < order.Length && values[order[end + 1]] == values[order[start]])
            {
                end++;
            }

            var rank = (start + end) / 2.0 + 1;
            for (var k = start; k <= end; k++)
            {
                ranks[order[k]] = rank;
            }

            start = end + 1;
        }

        return ranks;
    }

    private static double Pearson(double[] x, double[] y)
    {
        var mx = x.Average();
        var my = y.Average();
        double sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < x.Length; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }

        return sxy / Math.Sqrt(sxx * syy);
    }
}
