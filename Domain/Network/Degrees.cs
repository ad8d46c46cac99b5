namespace SurveyNetwork.Domain.Network;

/// <summary>
/// Degree counts and the nodes without ties. Out-degree <c>|succ(i)|</c> is how many colleagues i
/// named, in-degree <c>|pred(i)|</c> how many named i (who is sought out). An isolate has
/// in-degree + out-degree = 0. Counts, not normalized (divide by n − 1 for a share of the network).
/// Reference: Wasserman, S. &amp; Faust, K. (1994) Social Network Analysis, §5.2.
/// </summary>
public static class Degrees
{
    public static int[] Out(NetworkGraph g)
    {
        var result = new int[g.NodeCount];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = g.OutDegree(i);
        }

        return result;
    }

    public static int[] In(NetworkGraph g)
    {
        var result = new int[g.NodeCount];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = g.InDegree(i);
        }

        return result;
    }

    /// <summary>Nodes with in-degree + out-degree = 0, ascending.</summary>
    public static int[] Isolates(NetworkGraph g) =>
        Enumerable.Range(0, g.NodeCount).Where(i => g.OutDegree(i) + g.InDegree(i) == 0).ToArray();

    /// <summary>Nodes that named nobody (non-respondents among them), ascending.</summary>
    public static int[] ZeroOutDegree(NetworkGraph g) =>
        Enumerable.Range(0, g.NodeCount).Where(i => g.OutDegree(i) == 0).ToArray();

    /// <summary>Nodes nobody named, ascending.</summary>
    public static int[] ZeroInDegree(NetworkGraph g) =>
        Enumerable.Range(0, g.NodeCount).Where(i => g.InDegree(i) == 0).ToArray();

    /// <summary>Degree in the union graph: <c>|N(i)| = |succ(i) ∪ pred(i)|</c>.</summary>
    public static int[] Neighbourhood(NetworkGraph g)
    {
        var result = new int[g.NodeCount];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = NetworkGraph.UnionCount(g.Successors(i), g.Predecessors(i));
        }

        return result;
    }
}
