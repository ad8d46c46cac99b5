namespace SurveyNetwork.Domain.Network;

/// <summary>
/// Mutual nomination, network-wide and per person (the article's third tactic: mutually
/// beneficial exchange).
/// <list type="bullet">
/// <item>Arc reciprocity: share of arcs whose reverse exists, <c>#{(i,j) ∈ A : (j,i) ∈ A} / m</c>
/// (networkx <c>overall_reciprocity</c>, igraph <c>reciprocity(mode="default")</c>).</item>
/// <item>Dyad reciprocity: <c>M / (M + A)</c> with M mutual and A asymmetric unordered pairs
/// (igraph <c>reciprocity(mode="ratio")</c>); note arc = 2M/(2M+A).</item>
/// <item>Person: reciprocated ties <c>|succ(i) ∩ pred(i)|</c>; their share of out-degree
/// ("share of my contacts who also named me", null when i named nobody); and networkx's
/// <c>reciprocity(G, i) = 2|succ ∩ pred| / (|succ| + |pred|)</c> (null for an isolate).</item>
/// </list>
/// Reference: Wasserman &amp; Faust (1994) §13.2; networkx 2.8.8 <c>reciprocity</c>.
/// </summary>
public static class Reciprocity
{
    /// <summary>Mutual and asymmetric unordered pairs.</summary>
    public static (int Mutual, int Asymmetric) Dyads(NetworkGraph g)
    {
        long reciprocatedArcs = 0;
        for (var i = 0; i < g.NodeCount; i++)
        {
            reciprocatedArcs += ReciprocatedTies(g, i);
        }

        var mutual = (int)(reciprocatedArcs / 2);
        return (mutual, g.ArcCount - 2 * mutual);
    }

    /// <summary>Arc reciprocity; null when there are no arcs.</summary>
    public static double? ArcReciprocity(NetworkGraph g)
    {
        if (g.ArcCount == 0)
        {
            return null;
        }

        var (mutual, _) = Dyads(g);
        return 2.0 * mutual / g.ArcCount;
    }

    /// <summary>Dyad reciprocity; null when no pair is connected.</summary>
    public static double? DyadReciprocity(NetworkGraph g)
    {
        var (mutual, asymmetric) = Dyads(g);
        return mutual + asymmetric == 0 ? null : (double)mutual / (mutual + asymmetric);
    }

    /// <summary><c>|succ(i) ∩ pred(i)|</c> by a merge of the two sorted slices.</summary>
    public static int ReciprocatedTies(NetworkGraph g, int node)
    {
        var a = g.Successors(node);
        var b = g.Predecessors(node);
        int i = 0, j = 0, count = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] < b[j]) i++;
            else if (a[i] > b[j]) j++;
            else { count++; i++; j++; }
        }

        return count;
    }

    /// <summary>Reciprocated ties over out-degree; null when the node named nobody.</summary>
    public static double? ReciprocatedShare(NetworkGraph g, int node)
    {
        var outDegree = g.OutDegree(node);
        return outDegree == 0 ? null : (double)ReciprocatedTies(g, node) / outDegree;
    }

    /// <summary>networkx <c>reciprocity(G, i)</c>: <c>2|succ ∩ pred| / (|succ| + |pred|)</c>; null for an isolate.</summary>
    public static double? NodeReciprocity(NetworkGraph g, int node)
    {
        var total = g.OutDegree(node) + g.InDegree(node);
        return total == 0 ? null : 2.0 * ReciprocatedTies(g, node) / total;
    }
}
