using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using SurveyNetwork.Domain.Survey;

namespace SurveyNetwork.Domain.Network;

/// <summary>
/// One person's benefit mix as a read-only dictionary: every benefit, in declaration order, with the
/// share <c>count / contacts</c>, computed on reading from the counts. A person costs one small object
/// instead of a dictionary (hundreds of megabytes at a million people).
/// </summary>
internal sealed class BenefitMix : IReadOnlyDictionary<Benefit, double>
{
    private static readonly Benefit[] All = Enum.GetValues<Benefit>();

    private readonly Counts _counts;
    private readonly double _contacts;

    /// <param name="counts">Per benefit, in <see cref="Enum.GetValues{TEnum}"/> order, the contacts giving it.</param>
    /// <param name="contacts">All contacts (the denominator).</param>
    public BenefitMix(ReadOnlySpan<int> counts, int contacts)
    {
        if (counts.Length != All.Length)
        {
            throw new ArgumentException("One count per benefit is required.", nameof(counts));
        }

        counts.CopyTo(_counts);
        _contacts = contacts;
    }

    public double this[Benefit key] =>
        TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"No benefit '{key}'.");

    public IEnumerable<Benefit> Keys => All;

    public IEnumerable<double> Values => All.Select((_, b) => At(b));

    public int Count => All.Length;

    public bool ContainsKey(Benefit key) => Array.IndexOf(All, key) >= 0;

    public bool TryGetValue(Benefit key, [MaybeNullWhen(false)] out double value)
    {
        var b = Array.IndexOf(All, key);
        value = b >= 0 ? At(b) : 0;
        return b >= 0;
    }

    public IEnumerator<KeyValuePair<Benefit, double>> GetEnumerator() =>
        All.Select((key, b) => new KeyValuePair<Benefit, double>(key, At(b))).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private double At(int b) => _counts[b] / _contacts;

    [InlineArray(5)]
    private struct Counts
    {
        private int _first;
    }
}
