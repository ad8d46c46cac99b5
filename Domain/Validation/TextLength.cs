using System.Globalization;

namespace SurveyNetwork.Domain.Validation;

/// <summary>
/// Length limits on free text count what a reader sees as one character — a Unicode extended
/// grapheme cluster (a text element): an emoji, a flag or a letter with its accents is one, however
/// many UTF-16 units it takes. A bound of <see cref="MaxUnitsPerCharacter"/> UTF-16 units per
/// allowed character keeps stacked combining marks from making a short text arbitrarily large.
/// </summary>
public static class TextLength
{
    /// <summary>How error messages name the unit.</summary>
    public const string Unit = "characters (counted as a reader sees them: Unicode grapheme clusters)";

    /// <summary>Enough for the longest common clusters (family emoji, tagged flags take 11–14 units).</summary>
    public const int MaxUnitsPerCharacter = 16;

    /// <summary>The number of text elements (extended grapheme clusters) in <paramref name="text"/>.</summary>
    public static int Count(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.AsSpan().ContainsAnyExceptInRange(' ', '~') ? new StringInfo(text).LengthInTextElements : text.Length;
    }

    /// <summary>True when <paramref name="text"/> (null counts as empty) has at most <paramref name="max"/> characters.</summary>
    public static bool Within(string? text, int max) =>
        text is null || text.Length <= max || (text.Length <= (long)max * MaxUnitsPerCharacter && Count(text) <= max);

    /// <summary>"Name must be at most 200 characters (counted as …)."</summary>
    public static string Message(string field, int max) => $"{field} must be at most {max} {Unit}.";
}
