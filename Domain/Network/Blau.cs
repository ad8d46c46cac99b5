namespace SurveyNetwork.Domain.Network;

/// <summary>
/// Blau's heterogeneity index of the contacts a person named (their out-neighbours), per attribute:
/// <c>B = 1 − Σ_k p_k²</c>, <c>p_k</c> the share of those contacts in category k — the chance that two
/// contacts drawn with replacement differ. Normalized (index of qualitative variation):
/// <c>B / (1 − 1/K)</c>, K the number of categories of the attribute in the organization, so 1 means
/// contacts spread evenly over every category. Null when the person named nobody; the normalized
/// form is also null when K = 1.
/// Reference: Blau, P. (1977) Inequality and Heterogeneity, Free Press; Agresti &amp; Agresti (1978) for the IQV.
/// </summary>
public static class Blau
{
    /// <summary>Blau index and its normalized form for every node.</summary>
    public static (double?[] Index, double?[] Normalized) Compute(NetworkGraph g, NodeAttribute attribute)
    {
        ArgumentNullException.ThrowIfNull(g);
        ArgumentNullException.ThrowIfNull(attribute);
        var k = attribute.CategoryCount;
        var codes = attribute.Codes;
        var counts = new int[k];
        var index = new double?[g.NodeCount];
        var normalized = new double?[g.NodeCount];
        var maximum = k > 1 ? 1.0 - 1.0 / k : 0.0;
        for (var i = 0; i < g.NodeCount; i++)
        {
            var succ = g.Successors(i);
            if (succ.Length == 0)
            {
                continue;
            }

            foreach (var j in succ)
            {
                counts[codes[j]]++;
            }

            var sumSquares = 0.0;
            foreach (var j in succ)
            {
                var c = counts[codes[j]];
                if (c > 0)
                {
                    var p = (double)c / succ.Length;
                    sumSquares += p * p;
                    counts[codes[j]] = 0;
                }
            }

            var b = 1.0 - sumSquares;
            index[i] = b;
            normalized[i] = maximum > 0 ? b / maximum : null;
        }

        return (index, normalized);
    }
}
