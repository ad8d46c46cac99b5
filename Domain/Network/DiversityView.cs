using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace SurveyNetwork.Domain.Network;

/// <summary>
/// One person's <see cref="ContactDiversity"/> per attribute name, read from the per-attribute arrays
/// of the whole network: a node costs one small object instead of a dictionary and an object per
/// attribute (hundreds of megabytes at a million people).
/// </summary>
internal sealed class DiversityView(DiversityView.Columns columns, int node) : IReadOnlyDictionary<string, ContactDiversity>
{
    /// <summary>Blau, normalized Blau and E-I of every node, per attribute, in attribute order.</summary>
    internal sealed record Columns(string[] Names, double?[][] Blau, double?[][] BlauNormalized, EiCount[][] EI);

    public ContactDiversity this[string key] =>
        TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"No attribute '{key}'.");

    public IEnumerable<string> Keys => columns.Names;

    public IEnumerable<ContactDiversity> Values => columns.Names.Select((_, a) => At(a));

    public int Count => columns.Names.Length;

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out ContactDiversity value)
    {
        var a = IndexOf(key);
        value = a >= 0 ? At(a) : null;
        return a >= 0;
    }

    public IEnumerator<KeyValuePair<string, ContactDiversity>> GetEnumerator() =>
        columns.Names.Select((name, a) => new KeyValuePair<string, ContactDiversity>(name, At(a))).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private ContactDiversity At(int a) => new(columns.Blau[a][node], columns.BlauNormalized[a][node], columns.EI[a][node]);

    private int IndexOf(string key) => Array.FindIndex(columns.Names, name => string.Equals(name, key, StringComparison.Ordinal));
}
