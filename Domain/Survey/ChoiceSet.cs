using System.Text;
using System.Text.Json;

namespace SurveyNetwork.Domain.Survey;

/// <summary>
/// The choices of a question answered with one value of <typeparamref name="TEnum"/>. A value's
/// name is its member name in camelCase and its score is its number, so the enum alone fixes both;
/// the set adds what a respondent reads. Only these names are valid: exactly as written (JSON), or
/// ignoring case (CSV typed in a spreadsheet).
/// </summary>
public sealed class ChoiceSet<TEnum>
    where TEnum : struct, Enum
{
    private readonly TEnum[] _values;
    private readonly byte[][] _utf8Names;

    /// <param name="field">The answer's member name ("frequency"), used in error messages.</param>
    /// <param name="choices">Every value of the enum once, in the order a respondent sees them, with its label and hint.</param>
    public ChoiceSet(string field, params (TEnum Value, string Label, string? Hint)[] choices)
    {
        if (choices.Length != Enum.GetValues<TEnum>().Length || choices.DistinctBy(c => c.Value).Count() != choices.Length)
        {
            throw new ArgumentException($"Every value of {typeof(TEnum).Name} needs exactly one choice.", nameof(choices));
        }

        Field = field;
        _values = choices.Select(c => c.Value).ToArray();
        Choices = choices.Select(c => new Choice(JsonNamingPolicy.CamelCase.ConvertName(c.Value.ToString()), c.Label, Convert.ToInt32(c.Value, System.Globalization.CultureInfo.InvariantCulture), c.Hint)).ToArray();
        _utf8Names = Choices.Select(c => Encoding.UTF8.GetBytes(c.Name)).ToArray();
        MinScore = Choices.Min(c => c.Score);
        MaxScore = Choices.Max(c => c.Score);
    }

    public string Field { get; }

    public IReadOnlyList<Choice> Choices { get; }

    public int MinScore { get; }

    public int MaxScore { get; }

    /// <summary>The names, "a, b, c or d", for messages that list what is allowed.</summary>
    public string NameList(string lastSeparator = " or ")
    {
        var names = Choices.Select(c => c.Name).ToArray();
        return names.Length == 1 ? names[0] : string.Join(", ", names[..^1]) + lastSeparator + names[^1];
    }

    public bool IsDefined(TEnum value) => IndexOf(value) >= 0;

    /// <summary>Where <paramref name="value"/> is in <see cref="Choices"/>; -1 for a number that is not one of them.</summary>
    public int IndexOf(TEnum value) => Array.IndexOf(_values, value);

    /// <summary>The choice of <paramref name="value"/>; null for a number that is not one of the choices.</summary>
    public Choice? Find(TEnum value) => IndexOf(value) is var i and >= 0 ? Choices[i] : null;

    /// <summary>The value whose name is exactly <paramref name="utf8"/> (no other spelling, no combination).</summary>
    public bool TryParse(ReadOnlySpan<byte> utf8, out TEnum value)
    {
        for (var i = 0; i < _utf8Names.Length; i++)
        {
            if (utf8.SequenceEqual(_utf8Names[i]))
            {
                value = _values[i];
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>The value whose name is <paramref name="text"/> in any letter case.</summary>
    public bool TryParseIgnoreCase(ReadOnlySpan<char> text, out TEnum value)
    {
        for (var i = 0; i < Choices.Count; i++)
        {
            if (text.Equals(Choices[i].Name, StringComparison.OrdinalIgnoreCase))
            {
                value = _values[i];
                return true;
            }
        }

        value = default;
        return false;
    }
}
