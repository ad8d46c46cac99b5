using System.Text;

namespace SurveyNetwork.Domain.Validation;

/// <summary>Normalization applied to every free-text field before it is validated and stored.</summary>
public static class Text
{
    /// <summary>
    /// Unicode NFC, control and format characters removed, runs of white space folded to one space,
    /// trimmed. Unpaired surrogates and the noncharacters U+FFFE and U+FFFF are removed first: they
    /// are not text, and Unicode normalization refuses them. Null stays null.
    /// </summary>
    public static string? Normalize(string? value)
    {
        if (value is null)
        {
            return null;
        }

        if (IsPlainAscii(value))
        {
            return value;
        }

        value = WithoutInvalidCodeUnits(value);
        var nfc = value.IsNormalized(NormalizationForm.FormC) ? value : value.Normalize(NormalizationForm.FormC);
        var sb = new StringBuilder(nfc.Length);
        var pendingSpace = false;
        foreach (var ch in nfc)
        {
            if (char.IsWhiteSpace(ch))
            {
                pendingSpace = sb.Length > 0;
                continue;
            }

            var category = char.GetUnicodeCategory(ch);
            if (category is System.Globalization.UnicodeCategory.Control or System.Globalization.UnicodeCategory.Format)
            {
                continue;
            }

            if (pendingSpace)
            {
                sb.Append(' ');
                pendingSpace = false;
            }

            sb.Append(ch);
        }

        return sb.ToString();
    }

    /// <summary>
    /// Printable ASCII with single inner spaces and nothing to trim: already in normal form (ASCII is
    /// NFC), so the common label is returned as it is, without a copy.
    /// </summary>
    private static bool IsPlainAscii(string value)
    {
        if (value.Length == 0 || value[0] == ' ' || value[^1] == ' ')
        {
            return value.Length == 0;
        }

        for (var i = 0; i < value.Length; i++)
        {
            var ch = value[i];
            if (ch is < ' ' or > '~' || (ch == ' ' && value[i - 1] == ' '))
            {
                return false;
            }
        }

        return true;
    }

    private static string WithoutInvalidCodeUnits(string value)
    {
        if (!value.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF') && !value.AsSpan().ContainsAny('\uFFFE', '\uFFFF'))
        {
            return value;
        }

        var sb = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var ch = value[i];
            if (char.IsHighSurrogate(ch) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                sb.Append(ch).Append(value[++i]);
            }
            else if (!char.IsSurrogate(ch) && ch is not ('\uFFFE' or '\uFFFF'))
            {
                sb.Append(ch);
            }
        }

        return sb.ToString();
    }

    /// <summary>True for ids: 1–64 characters of letters, digits, '-', '_', '.', starting with a letter or digit.</summary>
    public static bool IsValidId(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > 64 || !char.IsAsciiLetterOrDigit(id[0]))
        {
            return false;
        }

        foreach (var ch in id)
        {
            if (!char.IsAsciiLetterOrDigit(ch) && ch is not ('-' or '_' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    public const string IdRule = "must be 1–64 characters: letters, digits, '-', '_' or '.', starting with a letter or digit";
}
