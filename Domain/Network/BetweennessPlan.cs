namespace SurveyNetwork.Domain.Network;

/// <summary>
/// Exact or sampled betweenness, chosen by the estimated time of exact Brandes against a budget.
/// <para>
/// Cost model: one source's forward and backward pass touches every reached node and arc, so exact
/// Brandes costs about <c>n·(n + m)</c> steps and k pivots <c>k·(n + m)</c>. One step costs
/// <see cref="BetweennessOptions.CpuNanosecondsPerStep"/> of processor time (measured, see there);
/// the estimate in seconds is that CPU time divided by <see cref="BetweennessOptions.BudgetCores"/>.
/// Exact when that estimate fits <see cref="BetweennessOptions.BudgetSeconds"/>. Otherwise k pivots, as
/// many as fit the same budget, at most <see cref="BetweennessOptions.Pivots"/> and at least
/// <see cref="BetweennessOptions.MinPivots"/>: a network of a million people gets fewer pivots (and a
/// wider error bound) so that its analysis still ends in minutes.
/// The constant and the core count are fixed settings, not measured at run time, so the choice (and
/// with it every figure of a report) is the same on every machine for the same network.
/// </para>
/// <para>
/// Error of an estimate (Hoeffding 1963, which holds for sampling without replacement): a source s
/// adds <c>δ_s(v) ≤ n − 2</c> to a node's raw value, so <c>δ_s(v)/(n−2)</c> lies in [0, 1] and the
/// normalized estimate is n/(n−1) times its mean over k pivots. With probability at least 1 − α every
/// one of the n normalized values lies within
/// <c>ε = n/(n−1) · √(ln(2n/α) / (2k))</c> of the exact value (union bound over the n nodes; α = 0.05).
/// This is a worst-case guarantee; measured errors are far smaller (see <see cref="BetweennessOptions"/>).
/// </para>
/// </summary>
/// <param name="Exact">True when every node is a source.</param>
/// <param name="Sources">Sources used: n when exact, k pivots when sampled.</param>
/// <param name="EstimatedExactSeconds">Estimated wall time of exact Brandes on <see cref="BetweennessOptions.BudgetCores"/> cores.</param>
/// <param name="ErrorBound">ε above for a sampled plan; null when exact.</param>
public sealed record BetweennessPlan(bool Exact, int Sources, double EstimatedExactSeconds, double? ErrorBound)
{
    /// <summary>α of <see cref="ErrorBound"/>: the bound holds for all nodes at once with probability 1 − α.</summary>
    public const double ErrorProbability = 0.05;

    /// <summary>The plan for a network of <paramref name="nodes"/> nodes and <paramref name="arcs"/> arcs. Deterministic.</summary>
    public static BetweennessPlan Choose(int nodes, long arcs, BetweennessOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(nodes);
        ArgumentOutOfRangeException.ThrowIfNegative(arcs);
        var exactSeconds = EstimatedSeconds(nodes, nodes, arcs, options);
        var sample = options.Mode switch
        {
            BetweennessMode.Exact => false,
            BetweennessMode.Sampled => true,
            _ => exactSeconds > options.BudgetSeconds,
        };
        var pivots = options.Pivots;
        if (sample && options.Mode == BetweennessMode.Auto)
        {
            var fit = options.BudgetSeconds / EstimatedSeconds(1, nodes, arcs, options);
            pivots = (int)Math.Clamp(Math.Floor(fit), Math.Min(options.MinPivots, options.Pivots), options.Pivots);
        }

        if (!sample || pivots >= nodes)
        {
            return new BetweennessPlan(true, nodes, exactSeconds, null);
        }

        return new BetweennessPlan(false, pivots, exactSeconds, ErrorBoundFor(nodes, pivots));
    }

    /// <summary>Estimated wall time of <paramref name="sources"/> single-source passes on the budget's cores.</summary>
    public static double EstimatedSeconds(long sources, int nodes, long arcs, BetweennessOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return sources * (double)(nodes + arcs) * options.CpuNanosecondsPerStep * 1e-9 / options.BudgetCores;
    }

    /// <summary><c>n/(n−1) · √(ln(2n/α) / (2k))</c>: the simultaneous bound on normalized betweenness with k pivots.</summary>
    public static double ErrorBoundFor(int nodes, int pivots)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nodes, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(pivots, 1);
        return nodes / (nodes - 1.0) * Math.Sqrt(Math.Log(2.0 * nodes / ErrorProbability) / (2.0 * pivots));
    }
}
