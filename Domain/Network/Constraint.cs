namespace SurveyNetwork.Domain.Network;

/// <summary>
/// Burt's structural-hole measures: aggregate constraint, effective size and efficiency, for a
/// directed unweighted graph (networkx 2.8.8 <c>structuralholes</c> formulas; igraph <c>constraint()</c>).
/// <para>
/// With <c>N(i) = succ(i) ∪ pred(i) \ {i}</c> and mutual weight <c>w_ij = a_ij + a_ji</c> ∈ {1, 2}
/// (a reciprocated tie weighs 2):
/// <list type="bullet">
/// <item>proportional tie strength <c>p_ij = w_ij / Σ_{k∈N(i)} w_ik</c>;</item>
/// <item>constraint <c>c_i = Σ_{j∈N(i)} (p_ij + Σ_{q∈N(i), q≠j} p_iq p_qj)²</c>, in (0, 1.125] —
/// high when i's contacts are tied to each other (no structural holes);</item>
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
        Parallel.For(
            0,
            chunks,
            new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism },
            () => new Scratch(n, ego.MaxDegree),
            (c, _, scratch) =>
            {
                var hi = Math.Min(n, (c + 1) * chunk);
                for (var i = c * chunk; i < hi; i++)
                {
                    ComputeNode(ego, i, scratch, out constraint[i], out effectiveSize[i]);
                    var size = ego.Degree(i);
                    efficiency[i] = size == 0 ? double.NaN : effectiveSize[i] / size;
                }

                return scratch;
            },
            _ => { });
        return new StructuralHoles(constraint, effectiveSize, efficiency);
    }

    private sealed class Scratch(int n, int maxDegree)
    {
        public readonly int[] Position = Enumerable.Repeat(-1, n).ToArray();
        public readonly double[] Indirect = new double[maxDegree];
    }

    private static void ComputeNode(EgoNeighbourhoods ego, int i, Scratch scratch, out double constraint, out double effectiveSize)
    {
        var neighbours = ego.Neighbours(i);
        if (neighbours.Length == 0)
        {
            constraint = double.NaN;
            effectiveSize = double.NaN;
            return;
        }

        var weights = ego.Weights(i);
        var position = scratch.Position;
        var indirect = scratch.Indirect;
        var total = ego.TotalWeight[i];
        for (var k = 0; k < neighbours.Length; k++)
        {
            position[neighbours[k]] = k;
            indirect[k] = 0;
        }

        // Σ_q p_iq p_qj for each j, and Σ_q p_iq Σ_j m_jq, visiting only j ∈ N(i) ∩ N(q).
        var redundancy = 0.0;
        for (var k = 0; k < neighbours.Length; k++)
        {
            var q = neighbours[k];
            var piq = weights[k] / total;
            var qNeighbours = ego.Neighbours(q);
            var qWeights = ego.Weights(q);
            var toP = piq / ego.TotalWeight[q];
            for (var x = 0; x < qNeighbours.Length; x++)
            {
                var j = qNeighbours[x];
                var pos = position[j];
                if (pos >= 0)
                {
                    var wqj = qWeights[x];
                    indirect[pos] += toP * wqj;
                    redundancy += piq * wqj / ego.MaxWeight[j];
                }
            }
        }

        var c = 0.0;
        for (var k = 0; k < neighbours.Length; k++)
        {
            var term = weights[k] / total + indirect[k];
            c += term * term;
            position[neighbours[k]] = -1;
        }

        constraint = c;
        effectiveSize = neighbours.Length - redundancy;
    }
}

/// <summary>Burt's measures per node; NaN where <c>N(i) = ∅</c>.</summary>
public sealed record StructuralHoles(double[] Constraint, double[] EffectiveSize, double[] Efficiency);

/// <summary>
/// Every node's undirected neighbourhood <c>N(i)</c> (sorted) with mutual weights
/// <c>w_ij = a_ij + a_ji</c>, their total and maximum: the shared precompute of Burt's measures.
/// </summary>
internal sealed class EgoNeighbourhoods
{
    private readonly int[] _offsets;
    private readonly int[] _neighbours;
    private readonly double[] _weights;

    public readonly double[] TotalWeight;
    public readonly double[] MaxWeight;
    public readonly int MaxDegree;

    private EgoNeighbourhoods(int[] offsets, int[] neighbours, double[] weights, double[] total, double[] max, int maxDegree)
    {
        _offsets = offsets;
        _neighbours = neighbours;
        _weights = weights;
        TotalWeight = total;
        MaxWeight = max;
        MaxDegree = maxDegree;
    }

    public int Degree(int i) => _offsets[i + 1] - _offsets[i];

    public ReadOnlySpan<int> Neighbours(int i) => _neighbours.AsSpan(_offsets[i], Degree(i));

    public ReadOnlySpan<double> Weights(int i) => _weights.AsSpan(_offsets[i], Degree(i));

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
        var total = new double[n];
        var max = new double[n];
        for (var i = 0; i < n; i++)
        {
            var a = g.Successors(i);
            var b = g.Predecessors(i);
            int x = 0, y = 0, k = offsets[i];
            while (x < a.Length || y < b.Length)
            {
                int j;
                double w;
                if (y == b.Length || (x < a.Length && a[x] < b[y])) { j = a[x++]; w = 1; }
                else if (x == a.Length || b[y] < a[x]) { j = b[y++]; w = 1; }
                else { j = a[x++]; y++; w = 2; }
                neighbours[k] = j;
                weights[k++] = w;
                total[i] += w;
                max[i] = Math.Max(max[i], w);
            }
        }

        return new EgoNeighbourhoods(offsets, neighbours, weights, total, max, maxDegree);
    }
}
