using System.Runtime.CompilerServices;

namespace SurveyNetwork.Domain.Network;

/// <summary>
/// Burt's structural-hole measures: aggregate constraint, effective size and efficiency, for a
/// directed unweighted graph (networkx 2.8.8 <c>structuralholes</c> formulas; igraph <c>constraint()</c>).
/// <para>
/// With <c>N(i) = succ(i) ∪ pred(i) \ {i}</c> and mutual weight <c>w_ij = a_ij + a_ji</c> ∈ {1, 2}
/// (a reciprocated tie weighs 2):
/// <list type="bullet">
/// <item>proportional tie strength <c>p_ij = w_ij / Σ_{k∈N(i)} w_ik</c>;</item>
/// <item>constraint <c>c_i = Σ_{j∈N(i)} (p_ij + Σ_{q∈N(i), q≠j} p_iq p_qj)²</c> — high when i's
/// contacts are tied to each other (no structural holes). Each term is at most 1 and the terms sum to
/// at most 2, so <c>c_i</c> ∈ (0, 2); Burt's maximum 1.125 holds on undirected graphs, while a
/// reciprocated tie's weight of 2 can push directed values above it (networkx and igraph agree);</item>
/// <item>effective size <c>ES_i = Σ_{j∈N(i)} (1 − Σ_{q∈N(i), q≠j} p_iq m_jq)</c>, with
/// <c>m_jq = w_jq / max_{x∈N(j)} w_jx</c> — the non-redundant part of the ego network;</item>
/// <item>efficiency <c>ES_i / |N(i)|</c>.</item>
/// </list>
/// All are defined for every node with <c>N(i) ≠ ∅</c>, including people who named nobody but were
/// named (networkx 2.8.8 returns NaN there; igraph does not), and null for isolates.
/// </para>
/// <para>
/// Each node's <c>p_ij</c> and the maxima <c>max_x w_jx</c> are computed once; a node's sums then
/// walk its contacts' neighbourhoods with a marker array, <c>O(Σ_i |N(i)|²)</c> in all.
/// </para>
/// Reference: Burt, R. (1992) Structural Holes, Harvard UP, ch. 2.
/// </summary>
public static class Constraint
{
    /// <summary>Constraint, effective size and efficiency of every node (NaN where undefined).</summary>
    public static StructuralHoles Compute(NetworkGraph g, int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(g);
        var ego = EgoNeighbourhoods.Build(g);
        var n = g.NodeCount;
        var constraint = new double[n];
        var effectiveSize = new double[n];
        var efficiency = new double[n];
        const int chunk = 256;
        var chunks = (n + chunk - 1) / chunk;
        var nextChunk = -1;

        // A fixed set of workers with one scratch each takes chunks in turn (a parallel loop's replaced
        // workers would each allocate an O(n) scratch).
        var workers = Math.Max(1, Math.Min(chunks, maxDegreeOfParallelism > 0 ? maxDegreeOfParallelism : Environment.ProcessorCount));
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, _ =>
        {
            var scratch = new Scratch(n, ego.MaxDegree);
            int c;
            while ((c = Interlocked.Increment(ref nextChunk)) < chunks)
            {
                var hi = Math.Min(n, (c + 1) * chunk);
                for (var i = c * chunk; i < hi; i++)
                {
                    ComputeNode(ego, i, scratch, out constraint[i], out effectiveSize[i]);
                    var size = ego.Degree(i);
                    efficiency[i] = size == 0 ? double.NaN : effectiveSize[i] / size;
                }
            }
        });
        return new StructuralHoles(constraint, effectiveSize, efficiency);
    }

    /// <summary>
    /// Per-worker scratch: <c>Position[j]</c> is j's slot in the current ego's neighbour list, or the
    /// spare slot past its end for non-neighbours, so the inner loop needs no branch.
    /// </summary>
    private sealed class Scratch
    {
        public readonly int[] Position;
        public readonly double[] Indirect;

        public Scratch(int n, int maxDegree)
        {
            Spare = maxDegree;
            Position = new int[n];
            Array.Fill(Position, Spare);
            Indirect = new double[maxDegree + 1];
        }

        public readonly int Spare;
    }

    // Fully optimized on first call: reports run rarely, so the code is usually cold.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ComputeNode(EgoNeighbourhoods ego, int i, Scratch scratch, out double constraint, out double effectiveSize)
    {
        var from = ego.Offsets[i];
        var to = ego.Offsets[i + 1];
        if (from == to)
        {
            constraint = double.NaN;
            effectiveSize = double.NaN;
            return;
        }

        var neighbours = ego.Neighbours;
        var p = ego.Proportion;
        var m = ego.MaxScaled;
        var offsets = ego.Offsets;
        var position = scratch.Position;
        var indirect = scratch.Indirect;
        var spare = scratch.Spare;
        for (var k = from; k < to; k++)
        {
            position[neighbours[k]] = k - from;
            indirect[k - from] = 0;
        }

        // indirect[j] = Σ_q p_iq p_qj and redundancy = Σ_q p_iq Σ_j m_jq, over j ∈ N(i) ∩ N(q).
        var redundancy = 0.0;
        for (var k = from; k < to; k++)
        {
            var q = neighbours[k];
            var piq = p[k];
            var viaQ = 0.0;
            var end = offsets[q + 1];
            for (var x = offsets[q]; x < end; x++)
            {
                var pos = position[neighbours[x]];
                indirect[pos] += piq * p[x];
                viaQ += pos == spare ? 0.0 : m[x];
            }

            redundancy += piq * viaQ;
        }

        var c = 0.0;
        for (var k = from; k < to; k++)
        {
            var term = p[k] + indirect[k - from];
            c += term * term;
            position[neighbours[k]] = spare;
        }

        constraint = c;
        effectiveSize = (to - from) - redundancy;
    }
}

/// <summary>Burt's measures per node; NaN where <c>N(i) = ∅</c>.</summary>
public sealed record StructuralHoles(double[] Constraint, double[] EffectiveSize, double[] Efficiency);

/// <summary>
/// Every node's undirected neighbourhood <c>N(i)</c> (sorted), with each entry (i, j) carrying
/// <c>p_ij = w_ij / Σ_k w_ik</c> and <c>m_ji = w_ij / max_x w_jx</c> (<c>w_ij = a_ij + a_ji</c>):
/// the shared precompute of Burt's measures.
/// </summary>
internal sealed class EgoNeighbourhoods
{
    public readonly int[] Offsets;
    public readonly int[] Neighbours;

    /// <summary>At entry (i, j): <c>p_ij</c>.</summary>
    public readonly double[] Proportion;

    /// <summary>At entry (q, j): <c>w_qj / max_{x∈N(j)} w_jx</c>, i.e. <c>m_jq</c>.</summary>
    public readonly double[] MaxScaled;

    public readonly int MaxDegree;

    private EgoNeighbourhoods(int[] offsets, int[] neighbours, double[] proportion, double[] maxScaled, int maxDegree)
    {
        Offsets = offsets;
        Neighbours = neighbours;
        Proportion = proportion;
        MaxScaled = maxScaled;
        MaxDegree = maxDegree;
    }

    public int Degree(int i) => Offsets[i + 1] - Offsets[i];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static EgoNeighbourhoods Build(NetworkGraph g)
    {
        var n = g.NodeCount;
        var offsets = new int[n + 1];
        var maxDegree = 0;
        for (var i = 0; i < n; i++)
        {
            var d = NetworkGraph.UnionCount(g.Successors(i), g.Predecessors(i));
            offsets[i + 1] = offsets[i] + d;
            maxDegree = Math.Max(maxDegree, d);
        }

        var neighbours = new int[offsets[n]];
        var weights = new double[offsets[n]];
        var proportion = new double[offsets[n]];
        var max = new double[n];
        for (var i = 0; i < n; i++)
        {
            var a = g.Successors(i);
            var b = g.Predecessors(i);
            int x = 0, y = 0, k = offsets[i];
            var total = 0.0;
            while (x < a.Length || y < b.Length)
            {
                int j;
                double w;
                if (y == b.Length || (x < a.Length && a[x] < b[y])) { j = a[x++]; w = 1; }
                else if (x == a.Length || b[y] < a[x]) { j = b[y++]; w = 1; }
                else { j = a[x++]; y++; w = 2; }
                neighbours[k] = j;
                weights[k++] = w;
                total += w;
                max[i] = Math.Max(max[i], w);
            }

            for (k = offsets[i]; k < offsets[i + 1]; k++)
            {
                proportion[k] = weights[k] / total;
            }
        }

        // Reuse the raw weights' storage for m: w_qj / max_x w_jx.
        for (var k = 0; k < weights.Length; k++)
        {
            weights[k] /= max[neighbours[k]];
        }

        return new EgoNeighbourhoods(offsets, neighbours, proportion, weights, maxDegree);
    }
}
