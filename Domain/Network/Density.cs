namespace SurveyNetwork.Domain.Network;

/// <summary>
/// Density: the share of possible arcs present, <c>m / (n(n−1))</c> for a directed graph (networkx
/// <c>density</c>); for a group (a team), the same on the subgraph induced by its members,
/// <c>m_g / (n_g(n_g−1))</c> with <c>m_g</c> the arcs with both ends in the group. The union-graph
/// variant is <c>2E / (n(n−1))</c> with E undirected edges. Null when fewer than two nodes.
/// Reference: Wasserman &amp; Faust (1994) §4.2.
/// </summary>
public static class Density
{
    public static double? Directed(NetworkGraph g) => Of(g.NodeCount, g.ArcCount);

    /// <summary><c>arcs / (nodes(nodes−1))</c>; null when <paramref name="nodes"/> &lt; 2.</summary>
    public static double? Of(int nodes, long arcs) =>
        nodes < 2 ? null : arcs / ((double)nodes * (nodes - 1));

    /// <summary>Density of the union graph.</summary>
    public static double? Undirected(NetworkGraph g)
    {
        var (mutual, asymmetric) = Reciprocity.Dyads(g);
        return Of(g.NodeCount, 2L * (mutual + asymmetric));
    }

    /// <summary>Density of the subgraph induced by each category of <paramref name="attribute"/>, by category code.</summary>
    public static double?[] ByGroup(NetworkGraph g, NodeAttribute attribute)
    {
        var members = new int[attribute.CategoryCount];
        var internalArcs = new long[attribute.CategoryCount];
        var codes = attribute.Codes;
        for (var i = 0; i < g.NodeCount; i++)
        {
            members[codes[i]]++;
            foreach (var j in g.Successors(i))
            {
                if (codes[j] == codes[i])
                {
                    internalArcs[codes[i]]++;
                }
            }
        }

        var result = new double?[attribute.CategoryCount];
        for (var k = 0; k < result.Length; k++)
        {
            result[k] = Of(members[k], internalArcs[k]);
        }

        return result;
    }
}
