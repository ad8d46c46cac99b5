namespace SurveyNetwork.Domain.Network;

/// <summary>
/// A categorical attribute of every node (team, function, level, location; or any other), stored
/// as one integer category code per node plus the category labels. The number of categories
/// <c>K</c> (used by the normalized Blau index) is the number of distinct values in the population.
/// </summary>
public sealed class NodeAttribute
{
    private readonly int[] _codes;
    private readonly string[] _labels;

    private NodeAttribute(string name, int[] codes, string[] labels)
    {
        Name = name;
        _codes = codes;
        _labels = labels;
    }

    public string Name { get; }

    /// <summary>Category labels, indexed by category code.</summary>
    public IReadOnlyList<string> Categories => _labels;

    /// <summary><c>K</c>: number of distinct categories present.</summary>
    public int CategoryCount => _labels.Length;

    /// <summary>Category code of every node, by node index.</summary>
    public ReadOnlySpan<int> Codes => _codes;

    public int CodeOf(int node) => _codes[node];

    public string LabelOf(int node) => _labels[_codes[node]];

    /// <summary>
    /// Builds the attribute from one value per node. Categories are ordered by
    /// <paramref name="order"/> (ordinal string order by default), so codes do not depend on node order.
    /// </summary>
    public static NodeAttribute FromValues(string name, IReadOnlyList<string> values, IComparer<string>? order = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(values);
        var labels = values.Distinct(StringComparer.Ordinal).Order(order ?? StringComparer.Ordinal).ToArray();
        var codeOf = new Dictionary<string, int>(labels.Length, StringComparer.Ordinal);
        for (var k = 0; k < labels.Length; k++)
        {
            codeOf[labels[k]] = k;
        }

        var codes = new int[values.Count];
        for (var i = 0; i < codes.Length; i++)
        {
            codes[i] = codeOf[values[i]];
        }

        return new NodeAttribute(name, codes, labels);
    }
}

/// <summary>Compares labels holding integers numerically (levels "2" &lt; "10").</summary>
internal sealed class NumericLabelComparer : IComparer<string>
{
    public static readonly NumericLabelComparer Instance = new();

    public int Compare(string? x, string? y) =>
        long.TryParse(x, out var a) && long.TryParse(y, out var b) ? a.CompareTo(b) : string.CompareOrdinal(x, y);
}
