namespace SurveyNetwork.Domain.Network;

/// <summary>
/// An immutable directed, simple, unweighted graph over nodes <c>0..n−1</c> in compressed sparse
/// row form: the successors (people named) and the predecessors (people naming) of every node are
/// stored as sorted slices of two flat arrays, so measures run on compact memory with no
/// per-node allocation. Arc i→j means "i named j". Self-loops and duplicate arcs never exist.
/// </summary>
public sealed class NetworkGraph
{
    private readonly string[] _ids;
    private readonly Dictionary<string, int> _indexById;

    internal readonly int[] OutOffsets;
    internal readonly int[] OutTargets;
    internal readonly int[] InOffsets;
    internal readonly int[] InSources;

    private NetworkGraph(string[] ids, Dictionary<string, int> indexById, int[] outOffsets, int[] outTargets, int[] inOffsets, int[] inSources)
    {
        _ids = ids;
        _indexById = indexById;
        OutOffsets = outOffsets;
        OutTargets = outTargets;
        InOffsets = inOffsets;
        InSources = inSources;
    }

    /// <summary>Number of nodes <c>n</c>.</summary>
    public int NodeCount => _ids.Length;

    /// <summary>Number of arcs <c>m</c>.</summary>
    public int ArcCount => OutTargets.Length;

    /// <summary>External id of every node, by index.</summary>
    public IReadOnlyList<string> NodeIds => _ids;

    /// <summary><c>succ(i)</c>, ascending.</summary>
    public ReadOnlySpan<int> Successors(int node) =>
        OutTargets.AsSpan(OutOffsets[node], OutOffsets[node + 1] - OutOffsets[node]);

    /// <summary><c>pred(i)</c>, ascending.</summary>
    public ReadOnlySpan<int> Predecessors(int node) =>
        InSources.AsSpan(InOffsets[node], InOffsets[node + 1] - InOffsets[node]);

    public int OutDegree(int node) => OutOffsets[node + 1] - OutOffsets[node];

    public int InDegree(int node) => InOffsets[node + 1] - InOffsets[node];

    /// <summary>Whether the arc <paramref name="from"/>→<paramref name="to"/> exists (binary search).</summary>
    public bool HasArc(int from, int to) => Successors(from).BinarySearch(to) >= 0;

    /// <summary>Index of the node with this id, or −1.</summary>
    public int IndexOf(string id) => _indexById.TryGetValue(id, out var i) ? i : -1;

    /// <summary>All arcs as (from, to) pairs, ordered by source then target.</summary>
    public IEnumerable<(int From, int To)> Arcs()
    {
        for (var i = 0; i < NodeCount; i++)
        {
            for (var e = OutOffsets[i]; e < OutOffsets[i + 1]; e++)
            {
                yield return (i, OutTargets[e]);
            }
        }
    }

    /// <summary>
    /// The union graph as a symmetric digraph: arcs i→j and j→i whenever i→j or j→i. Directed
    /// measures on it equal the undirected measures of the union graph (networkx <c>to_undirected</c>).
    /// </summary>
    public NetworkGraph Symmetrized()
    {
        var n = NodeCount;
        var offsets = new int[n + 1];
        for (var i = 0; i < n; i++)
        {
            offsets[i + 1] = offsets[i] + UnionCount(Successors(i), Predecessors(i));
        }

        var targets = new int[offsets[n]];
        for (var i = 0; i < n; i++)
        {
            UnionInto(Successors(i), Predecessors(i), targets.AsSpan(offsets[i]));
        }

        return new NetworkGraph(_ids, _indexById, offsets, targets, offsets, targets);
    }

    /// <summary>
    /// Builds a graph from node ids and arcs given as node indices. Self-loops and duplicate arcs
    /// are dropped; an index outside <c>0..n−1</c> is a programming error and throws.
    /// </summary>
    public static NetworkGraph Create(IReadOnlyList<string> nodeIds, IEnumerable<(int From, int To)> arcs)
    {
        ArgumentNullException.ThrowIfNull(nodeIds);
        ArgumentNullException.ThrowIfNull(arcs);
        var ids = nodeIds.ToArray();
        var index = BuildIndex(ids);
        var n = ids.Length;
        var list = new List<long>();
        foreach (var (from, to) in arcs)
        {
            if ((uint)from >= (uint)n || (uint)to >= (uint)n)
            {
                throw new ArgumentOutOfRangeException(nameof(arcs), $"Arc ({from}, {to}) names a node outside 0..{n - 1}.");
            }

            if (from != to)
            {
                list.Add(((long)from << 32) | (uint)to);
            }
        }

        var keys = list.ToArray();
        Array.Sort(keys);
        var distinct = 0;
        for (var k = 0; k < keys.Length; k++)
        {
            if (k == 0 || keys[k] != keys[k - 1])
            {
                keys[distinct++] = keys[k];
            }
        }

        var outOffsets = new int[n + 1];
        var inOffsets = new int[n + 1];
        var outTargets = new int[distinct];
        for (var k = 0; k < distinct; k++)
        {
            var from = (int)(keys[k] >> 32);
            var to = (int)(keys[k] & 0xFFFF_FFFF);
            outTargets[k] = to;
            outOffsets[from + 1]++;
            inOffsets[to + 1]++;
        }

        for (var i = 0; i < n; i++)
        {
            outOffsets[i + 1] += outOffsets[i];
            inOffsets[i + 1] += inOffsets[i];
        }

        // Filling predecessors in source order keeps every predecessor slice sorted.
        var inSources = new int[distinct];
        var cursor = inOffsets[..n];
        for (var k = 0; k < distinct; k++)
        {
            var from = (int)(keys[k] >> 32);
            var to = (int)(keys[k] & 0xFFFF_FFFF);
            inSources[cursor[to]++] = from;
        }

        return new NetworkGraph(ids, index, outOffsets, outTargets, inOffsets, inSources);
    }

    /// <summary>
    /// Builds a graph from its successor slices: node i's successors are
    /// <c>outTargets[outOffsets[i]..outOffsets[i + 1]]</c>, distinct, in any order, none equal to i
    /// (the caller guarantees it), with <paramref name="index"/> mapping every id to its node (ordinal).
    /// Each slice is sorted in place; the arrays become the graph's. The same graph as
    /// <see cref="Create"/> of those arcs, without a sort of all arcs.
    /// </summary>
    internal static NetworkGraph FromOutSlices(string[] ids, Dictionary<string, int> index, int[] outOffsets, int[] outTargets)
    {
        var n = ids.Length;
        var inOffsets = new int[n + 1];
        for (var i = 0; i < n; i++)
        {
            var slice = outTargets.AsSpan(outOffsets[i], outOffsets[i + 1] - outOffsets[i]);
            slice.Sort();
            foreach (var to in slice)
            {
                inOffsets[to + 1]++;
            }
        }

        for (var i = 0; i < n; i++)
        {
            inOffsets[i + 1] += inOffsets[i];
        }

        // Filling predecessors in source order keeps every predecessor slice sorted.
        var inSources = new int[outTargets.Length];
        var cursor = inOffsets[..n];
        for (var from = 0; from < n; from++)
        {
            for (var e = outOffsets[from]; e < outOffsets[from + 1]; e++)
            {
                inSources[cursor[outTargets[e]]++] = from;
            }
        }

        return new NetworkGraph(ids, index, outOffsets, outTargets, inOffsets, inSources);
    }

    private static Dictionary<string, int> BuildIndex(string[] ids)
    {
        var index = new Dictionary<string, int>(ids.Length, StringComparer.Ordinal);
        for (var i = 0; i < ids.Length; i++)
        {
            if (!index.TryAdd(ids[i] ?? throw new ArgumentException("Node ids must not be null.", nameof(ids)), i))
            {
                throw new ArgumentException($"Node id '{ids[i]}' occurs twice.", nameof(ids));
            }
        }

        return index;
    }

    internal static int UnionCount(ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        int i = 0, j = 0, count = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] < b[j]) i++;
            else if (a[i] > b[j]) j++;
            else { i++; j++; }
            count++;
        }

        return count + (a.Length - i) + (b.Length - j);
    }

    private static void UnionInto(ReadOnlySpan<int> a, ReadOnlySpan<int> b, Span<int> into)
    {
        int i = 0, j = 0, k = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] < b[j]) into[k++] = a[i++];
            else if (a[i] > b[j]) into[k++] = b[j++];
            else { into[k++] = a[i++]; j++; }
        }

        while (i < a.Length) into[k++] = a[i++];
        while (j < b.Length) into[k++] = b[j++];
    }
}
