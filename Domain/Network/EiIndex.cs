namespace SurveyNetwork.Domain.Network;

/// <summary>
/// Krackhardt &amp; Stern's E-I index, <c>(E − I) / (E + I)</c>: −1 when every tie stays inside the
/// group (inward-looking), +1 when every tie leaves it (outward-looking); null when <c>E + I = 0</c>.
/// <list type="bullet">
/// <item>Group, arcs sent: over arcs i→j with i in g; I = j in g, E = j outside g.</item>
/// <item>Group, arcs incident: over all arcs touching g; I = both ends in g, E = exactly one end in g.</item>
/// <item>Whole network: over all arcs; E = ends differ on the attribute, I = ends share it.</item>
/// <item>Individual: over the contacts i named (out-neighbours); E = different value, I = same value.</item>
/// </list>
/// Reference: Krackhardt, D. &amp; Stern, R. (1988) Informal networks and organizational crises:
/// an experimental simulation. Social Psychology Quarterly 51(2).
/// </summary>
public static class EiIndex
{
    /// <summary><c>(E − I) / (E + I)</c>, null when both are 0.</summary>
    public static double? Of(int external, int @internal) =>
        external + @internal == 0 ? null : (double)(external - @internal) / (external + @internal);

    /// <summary>Counts per category code, over arcs sent by members and over arcs incident to members.</summary>
    public static (EiCount[] Sent, EiCount[] Incident, EiCount Whole) ByGroup(NetworkGraph g, NodeAttribute attribute)
    {
        ArgumentNullException.ThrowIfNull(g);
        ArgumentNullException.ThrowIfNull(attribute);
        var k = attribute.CategoryCount;
        var internalArcs = new int[k];
        var sentOut = new int[k];
        var receivedFromOutside = new int[k];
        var codes = attribute.Codes;
        for (var i = 0; i < g.NodeCount; i++)
        {
            foreach (var j in g.Successors(i))
            {
                if (codes[i] == codes[j])
                {
                    internalArcs[codes[i]]++;
                }
                else
                {
                    sentOut[codes[i]]++;
                    receivedFromOutside[codes[j]]++;
                }
            }
        }

        var sent = new EiCount[k];
        var incident = new EiCount[k];
        int wholeExternal = 0, wholeInternal = 0;
        for (var c = 0; c < k; c++)
        {
            sent[c] = new EiCount(sentOut[c], internalArcs[c]);
            incident[c] = new EiCount(sentOut[c] + receivedFromOutside[c], internalArcs[c]);
            wholeExternal += sentOut[c];
            wholeInternal += internalArcs[c];
        }

        return (sent, incident, new EiCount(wholeExternal, wholeInternal));
    }

    /// <summary>Individual E-I counts over each node's out-neighbours.</summary>
    public static EiCount[] Individual(NetworkGraph g, NodeAttribute attribute)
    {
        ArgumentNullException.ThrowIfNull(g);
        ArgumentNullException.ThrowIfNull(attribute);
        var codes = attribute.Codes;
        var result = new EiCount[g.NodeCount];
        for (var i = 0; i < result.Length; i++)
        {
            var same = 0;
            var succ = g.Successors(i);
            foreach (var j in succ)
            {
                if (codes[j] == codes[i])
                {
                    same++;
                }
            }

            result[i] = new EiCount(succ.Length - same, same);
        }

        return result;
    }
}

/// <summary>External and internal tie counts and their E-I index (null when both are 0).</summary>
public readonly record struct EiCount(int External, int Internal)
{
    public double? Index => EiIndex.Of(External, Internal);
}
