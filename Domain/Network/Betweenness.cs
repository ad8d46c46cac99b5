using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SurveyNetwork.Domain.Network;

/// <summary>
/// Betweenness centrality (who brokers between others), on directed shortest paths.
/// <para>
/// Formula: <c>B(v) = Σ_{s≠v≠t} σ_st(v) / σ_st</c> over ordered pairs (s, t), where <c>σ_st</c> is
/// the number of shortest s→t paths and <c>σ_st(v)</c> those through v; endpoints are excluded and
/// unreachable pairs add 0. Normalized by <c>(n−1)(n−2)</c> (networkx default
/// <c>normalized=True</c>; the raw sum equals igraph <c>betweenness(directed=True)</c>).
/// </para>
/// <para>
/// Algorithm: Brandes (2001) — one breadth-first search per source s, then the dependencies
/// <c>δ_s(v) = Σ_{w: v∈pred_s(w)} σ_sv/σ_sw (1 + δ_s(w))</c> in reverse BFS order; <c>B(v) = Σ_s δ_s(v)</c>.
/// Here the forward search records the shortest-path arcs in flat buffers (no per-node lists), and
/// finds late BFS levels bottom-up from the nodes not yet reached when that scans fewer arcs (see
/// <c>SingleSource</c>). O(n·m) time, O(n + m) memory per worker.
/// Sources are split into a fixed number of blocks processed in parallel, each with its own
/// accumulator, summed in block order: the result does not depend on thread count or scheduling.
/// </para>
/// <para>
/// Estimate: Brandes &amp; Pich (2007) pivot sampling — the same accumulation from k sources drawn
/// uniformly without replacement (seeded), extrapolated by <c>n/k</c> (unbiased).
/// </para>
/// References: Brandes, U. (2001) J. Math. Sociol. 25(2); Brandes, U. &amp; Pich, C. (2007) IJBC 17(7);
/// Beamer, S., Asanović, K. &amp; Patterson, D. (2012) Direction-optimizing breadth-first search, SC'12.
/// </summary>
public static class Betweenness
{
    /// <summary>Sources are split into this many blocks (fewer when there are fewer sources).</summary>
    public const int SourceBlocks = 32;

    /// <summary>Betweenness, exact or sampled as <paramref name="options"/> say, raw and normalized, with how it was computed.</summary>
    public static BetweennessResult Compute(NetworkGraph g, BetweennessOptions? options = null, int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(g);
        options ??= new BetweennessOptions();
        var n = g.NodeCount;
        var plan = BetweennessPlan.Choose(n, g.ArcCount, options);
        var sample = !plan.Exact;
        double[] raw = sample
            ? SampledRaw(g, plan.Sources, options.Seed, maxDegreeOfParallelism)
            : Raw(g, maxDegreeOfParallelism);
        var factor = NormalizationFactor(n);
        var normalized = new double[n];
        for (var i = 0; i < n; i++)
        {
            normalized[i] = raw[i] * factor;
        }

        return new BetweennessResult(raw, normalized, plan.Exact, plan.Sources, sample ? options.Seed : null, plan.ErrorBound);
    }

    /// <summary><c>1 / ((n−1)(n−2))</c>, or 1 when n ≤ 2 (all values are then 0).</summary>
    public static double NormalizationFactor(int n) => n > 2 ? 1.0 / ((double)(n - 1) * (n - 2)) : 1.0;

    /// <summary>Exact raw betweenness (sum over all ordered pairs).</summary>
    public static double[] Raw(NetworkGraph g, int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(g);
        return Accumulate(g, null, g.NodeCount, maxDegreeOfParallelism);
    }

    /// <summary>Raw betweenness estimated from <paramref name="pivots"/> sampled sources, scaled by n/k.</summary>
    public static double[] SampledRaw(NetworkGraph g, int pivots, int seed, int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(g);
        var n = g.NodeCount;
        ArgumentOutOfRangeException.ThrowIfLessThan(pivots, 1);
        return EstimateRaw(g, ChoosePivots(n, pivots, seed), maxDegreeOfParallelism);
    }

    /// <summary>Raw betweenness estimated from the given distinct source pivots, scaled by n/k.</summary>
    public static double[] EstimateRaw(NetworkGraph g, int[] sources, int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(g);
        ArgumentNullException.ThrowIfNull(sources);
        var n = g.NodeCount;
        var raw = Accumulate(g, sources, sources.Length, maxDegreeOfParallelism);
        var scale = (double)n / sources.Length;
        for (var i = 0; i < n; i++)
        {
            raw[i] *= scale;
        }

        return raw;
    }

    /// <summary>k distinct nodes drawn uniformly (partial Fisher–Yates with a seeded generator), ascending.</summary>
    public static int[] ChoosePivots(int n, int k, int seed)
    {
        k = Math.Min(k, n);
        var all = new int[n];
        for (var i = 0; i < n; i++)
        {
            all[i] = i;
        }

        var random = new Random(seed);
        for (var i = 0; i < k; i++)
        {
            var j = random.Next(i, n);
            (all[i], all[j]) = (all[j], all[i]);
        }

        var pivots = all[..k];
        Array.Sort(pivots);
        return pivots;
    }

    private static double[] Accumulate(NetworkGraph g, int[]? sources, int count, int maxDegreeOfParallelism)
    {
        var n = g.NodeCount;
        var result = new double[n];
        if (count == 0 || n < 3)
        {
            return result;
        }

        var blocks = Math.Min(SourceBlocks, count);
        var partials = new double[blocks][];
        var spare = new Stack<double[]>();
        var merged = 0;
        var nextBlock = -1;
        var gate = new Lock();

        // A fixed set of workers, one O(n + m) workspace each for the whole run, takes blocks in order:
        // a parallel loop's workers are replaced from time to time and would each allocate a workspace.
        var workers = Math.Min(blocks, maxDegreeOfParallelism > 0 ? maxDegreeOfParallelism : Environment.ProcessorCount);
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, _ =>
        {
            var ws = new Workspace(n, g.ArcCount);
            int b;
            while ((b = Interlocked.Increment(ref nextBlock)) < blocks)
            {
                double[]? acc;
                lock (gate)
                {
                    spare.TryPop(out acc);
                }

                acc ??= new double[n];
                var lo = (int)((long)count * b / blocks);
                var hi = (int)((long)count * (b + 1) / blocks);
                for (var k = lo; k < hi; k++)
                {
                    SingleSource(g, sources is null ? k : sources[k], ws, acc);
                }

                // Blocks are added to the result in block order (so the sum does not depend on scheduling)
                // as soon as their predecessors are in; their accumulators are then cleared and reused.
                lock (gate)
                {
                    partials[b] = acc;
                    while (merged < blocks && partials[merged] is { } done)
                    {
                        for (var i = 0; i < n; i++)
                        {
                            result[i] += done[i];
                        }

                        Array.Clear(done);
                        spare.Push(done);
                        partials[merged++] = null!;
                    }
                }
            }
        });

        return result;
    }

    private sealed class Workspace
    {
        public readonly int[] Dist;
        public readonly double[] Value;
        public readonly double[] Pushed;
        public readonly int[] Order;
        public readonly int[] ChildStart;
        public readonly int[] Children;
        public readonly int[] ParentStart;
        public readonly int[] Parents;
        public readonly int[] Unvisited;

        public Workspace(int n, int m)
        {
            Dist = new int[n];
            Array.Fill(Dist, -1);
            Value = new double[n];
            Pushed = new double[n];
            Order = new int[n];
            ChildStart = new int[n + 1];
            Children = new int[m + 1];
            ParentStart = new int[n + 1];
            Parents = new int[m + 1];
            Unvisited = new int[n];
        }
    }

    /// <summary>Adds <c>δ_s(v)</c> for every v ≠ s to <paramref name="acc"/>; leaves the workspace clean.</summary>
    /// <remarks>
    /// The forward search goes level by level. A level is normally found top-down: each frontier node
    /// scans its successors and records, as the slice of its BFS position in <c>Children</c>, those one
    /// level further (appended without a branch). When the frontier's arcs outnumber the in-arcs of
    /// the nodes not yet found, the level is found bottom-up instead (Beamer, Asanović &amp; Patterson
    /// 2012): each unfound node scans its predecessors for frontier nodes, sums their σ and records
    /// them as its slice in <c>Parents</c>. Late levels of a small-world network are much cheaper
    /// that way. The backward pass pulls <c>(1 + δ(w)) / σ_w</c> from recorded children and has
    /// bottom-up-found nodes push it to their recorded parents. <c>Value</c> holds σ_v during the
    /// forward search and is overwritten by <c>(1 + δ_s(v)) / σ_v</c> once v is settled.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // reports run rarely: no slow first tier
    private static void SingleSource(NetworkGraph g, int s, Workspace ws, double[] acc)
    {
        ref var outOffsets = ref MemoryMarshal.GetArrayDataReference(g.OutOffsets);
        ref var outTargets = ref MemoryMarshal.GetArrayDataReference(g.OutTargets);
        ref var inOffsets = ref MemoryMarshal.GetArrayDataReference(g.InOffsets);
        ref var inSources = ref MemoryMarshal.GetArrayDataReference(g.InSources);
        ref var dist = ref MemoryMarshal.GetArrayDataReference(ws.Dist);
        ref var value = ref MemoryMarshal.GetArrayDataReference(ws.Value);
        ref var pushed = ref MemoryMarshal.GetArrayDataReference(ws.Pushed);
        ref var order = ref MemoryMarshal.GetArrayDataReference(ws.Order);
        ref var childStart = ref MemoryMarshal.GetArrayDataReference(ws.ChildStart);
        ref var children = ref MemoryMarshal.GetArrayDataReference(ws.Children);
        ref var parentStart = ref MemoryMarshal.GetArrayDataReference(ws.ParentStart);
        ref var parents = ref MemoryMarshal.GetArrayDataReference(ws.Parents);
        ref var unvisited = ref MemoryMarshal.GetArrayDataReference(ws.Unvisited);
        ref var sum = ref MemoryMarshal.GetArrayDataReference(acc);
        var n = ws.Dist.Length;

        // Forward: BFS from s counting shortest paths σ (Value is 0 for every unfound node).
        Unsafe.Add(ref dist, s) = 0;
        Unsafe.Add(ref value, s) = 1.0;
        order = s;
        parentStart = 0;
        int levelStart = 0, levelEnd = 1, tail = 1, childCount = 0, parentCount = 0, unvisitedCount = -1;
        long unfoundInArcs = g.ArcCount - (Unsafe.Add(ref inOffsets, s + 1) - Unsafe.Add(ref inOffsets, s));
        for (var level = 0; levelStart < levelEnd; level++)
        {
            var next = level + 1;
            long frontierArcs = Unsafe.Add(ref outOffsets, Unsafe.Add(ref order, levelEnd - 1) + 1) - Unsafe.Add(ref outOffsets, Unsafe.Add(ref order, levelEnd - 1));
            for (var k = levelStart; k < levelEnd - 1 && frontierArcs <= unfoundInArcs; k++)
            {
                var v = Unsafe.Add(ref order, k);
                frontierArcs += Unsafe.Add(ref outOffsets, v + 1) - Unsafe.Add(ref outOffsets, v);
            }

            if (frontierArcs <= unfoundInArcs)
            {
                for (var k = levelStart; k < levelEnd; k++)
                {
                    Unsafe.Add(ref childStart, k) = childCount;
                    var v = Unsafe.Add(ref order, k);
                    var sv = Unsafe.Add(ref value, v);
                    var end = Unsafe.Add(ref outOffsets, v + 1);
                    for (var e = Unsafe.Add(ref outOffsets, v); e < end; e++)
                    {
                        var w = Unsafe.Add(ref outTargets, e);
                        ref var dw = ref Unsafe.Add(ref dist, w);
                        if (dw < 0)
                        {
                            dw = next;
                            Unsafe.Add(ref order, tail++) = w;
                            Unsafe.Add(ref parentStart, tail) = parentCount;
                            unfoundInArcs -= Unsafe.Add(ref inOffsets, w + 1) - Unsafe.Add(ref inOffsets, w);
                        }

                        var onPath = dw == next ? 1 : 0;
                        Unsafe.Add(ref children, childCount) = w;
                        childCount += onPath;
                        Unsafe.Add(ref value, w) += onPath * sv;
                    }
                }
            }
            else
            {
                for (var k = levelStart; k < levelEnd; k++)
                {
                    Unsafe.Add(ref childStart, k) = childCount;
                }

                if (unvisitedCount < 0)
                {
                    unvisitedCount = 0;
                    for (var w = 0; w < n; w++)
                    {
                        Unsafe.Add(ref unvisited, unvisitedCount) = w;
                        unvisitedCount += Unsafe.Add(ref dist, w) < 0 ? 1 : 0;
                    }
                }

                var kept = 0;
                for (var x = 0; x < unvisitedCount; x++)
                {
                    var w = Unsafe.Add(ref unvisited, x);
                    if (Unsafe.Add(ref dist, w) >= 0)
                    {
                        continue; // found top-down since the list was made
                    }

                    var first = parentCount;
                    var sigma = 0.0;
                    var end = Unsafe.Add(ref inOffsets, w + 1);
                    for (var e = Unsafe.Add(ref inOffsets, w); e < end; e++)
                    {
                        var u = Unsafe.Add(ref inSources, e);
                        var isParent = Unsafe.Add(ref dist, u) == level ? 1 : 0;
                        Unsafe.Add(ref parents, parentCount) = u;
                        parentCount += isParent;
                        sigma += isParent * Unsafe.Add(ref value, u);
                    }

                    if (parentCount > first)
                    {
                        Unsafe.Add(ref dist, w) = next;
                        Unsafe.Add(ref value, w) = sigma;
                        Unsafe.Add(ref order, tail++) = w;
                        Unsafe.Add(ref parentStart, tail) = parentCount;
                        unfoundInArcs -= end - Unsafe.Add(ref inOffsets, w);
                    }
                    else
                    {
                        Unsafe.Add(ref unvisited, kept++) = w;
                    }
                }

                unvisitedCount = kept;
            }

            levelStart = levelEnd;
            levelEnd = tail;
        }

        Unsafe.Add(ref childStart, tail) = childCount;

        // Backward, in reverse BFS order: δ(v) = σ_v Σ_{children w} (1 + δ(w)) / σ_w.
        for (var k = tail - 1; k > 0; k--)
        {
            var v = Unsafe.Add(ref order, k);
            ref var pv = ref Unsafe.Add(ref pushed, v);
            var pulled = pv;
            pv = 0.0;
            var end = Unsafe.Add(ref childStart, k + 1);
            for (var e = Unsafe.Add(ref childStart, k); e < end; e++)
            {
                pulled += Unsafe.Add(ref value, Unsafe.Add(ref children, e));
            }

            ref var sv = ref Unsafe.Add(ref value, v);
            var delta = sv * pulled;
            Unsafe.Add(ref sum, v) += delta;
            var coefficient = (1.0 + delta) / sv;
            sv = coefficient;
            end = Unsafe.Add(ref parentStart, k + 1);
            for (var e = Unsafe.Add(ref parentStart, k); e < end; e++)
            {
                Unsafe.Add(ref pushed, Unsafe.Add(ref parents, e)) += coefficient;
            }
        }

        Unsafe.Add(ref pushed, s) = 0.0;
        for (var k = 0; k < tail; k++)
        {
            var v = Unsafe.Add(ref order, k);
            Unsafe.Add(ref dist, v) = -1;
            Unsafe.Add(ref value, v) = 0.0;
        }
    }
}

/// <summary>How betweenness is computed.</summary>
public enum BetweennessMode
{
    /// <summary>Exact when its estimated time fits <see cref="BetweennessOptions.BudgetSeconds"/>, sampled otherwise (<see cref="BetweennessPlan"/>).</summary>
    Auto,
    Exact,
    Sampled,
}

/// <summary>
/// Betweenness settings. The pivot count comes from measured error against exact values on synthetic
/// organizations (Benchmarks, <c>analytics --pivot-sweep</c>, seed 42): at 10 000 people 2 000 pivots
/// give a top-50 overlap of 90% and a Spearman correlation of 0.96, 4 000 pivots 92% and 0.985; at
/// 50 000 people 7 500 pivots give 90% and 0.963, 10 000 give 92% and 0.973, 15 000 give 92% and
/// 0.983.
/// </summary>
public sealed record BetweennessOptions
{
    /// <summary>
    /// Exact betweenness is computed when its estimated wall time on <see cref="BudgetCores"/> cores is at
    /// most this. 120 s on 2 cores: exact for organizations up to about 60 000 people at 15 ties each,
    /// while one cycle's analysis stays a small part of a function execution (and of a cycle's lease),
    /// and an organization that size waits no more than a couple of minutes for its reports.
    /// </summary>
    public double BudgetSeconds { get; init; } = 120;

    /// <summary>Cores the budget assumes (the smallest Flex Consumption instance has 2); fixed so the choice is the same everywhere.</summary>
    public int BudgetCores { get; init; } = 2;

    /// <summary>
    /// Processor time of one step of the cost model <c>sources·(n + m)</c> (see <see cref="BetweennessPlan"/>), in
    /// nanoseconds. Measured with the analytics benchmark (exact betweenness on both cores of a quiet 2-core
    /// machine, seed 42): 10 000 people and 143 121 arcs in 1.81 s, 2.4 ns; 50 000 people and 710 972 arcs in
    /// 79 s, 4.2 ns; rechecked on a loaded machine by process CPU time, 20 000 people and 284 969 arcs: 3.3 ns.
    /// The cost per step grows with n (more cache misses), so the value is the largest one,
    /// rounded up: exact betweenness is then estimated at 86 s for 50 000 people and fits the budget up to
    /// about 58 000 people at 14 ties each. The benchmark prints the measured value whenever it runs exact.
    /// </summary>
    public double CpuNanosecondsPerStep { get; init; } = CalibratedCpuNanosecondsPerStep;

    /// <summary>The measured value of <see cref="CpuNanosecondsPerStep"/>.</summary>
    public const double CalibratedCpuNanosecondsPerStep = 4.5;

    /// <summary>Number of sampled source pivots k (the most, when the budget decides; see <see cref="BetweennessPlan"/>).</summary>
    public int Pivots { get; init; } = 10_000;

    /// <summary>The fewest pivots the budget may choose: below about 1 000 the top ranks are unreliable even at 10 000 people.</summary>
    public int MinPivots { get; init; } = 1_000;

    public int Seed { get; init; } = 20_070_701;

    public BetweennessMode Mode { get; init; } = BetweennessMode.Auto;
}

/// <summary>Betweenness of every node, and whether it is exact or an estimate from a pivot sample.</summary>
/// <param name="Raw">Sum over ordered pairs (igraph's value); estimates are extrapolated by n/k.</param>
/// <param name="Normalized">Raw divided by (n−1)(n−2).</param>
/// <param name="IsExact">False when estimated from pivots.</param>
/// <param name="SampleSize">Number of source nodes used (n when exact).</param>
/// <param name="Seed">Seed of the pivot sample; null when exact.</param>
/// <param name="ErrorBound">For an estimate, the bound on every normalized value's error (<see cref="BetweennessPlan.ErrorBound"/>); null when exact.</param>
public sealed record BetweennessResult(
    IReadOnlyList<double> Raw,
    IReadOnlyList<double> Normalized,
    bool IsExact,
    int SampleSize,
    int? Seed,
    double? ErrorBound = null);
