using System.Globalization;

namespace SurveyNetwork.Domain.Validation;

/// <summary>
/// The roster's email rule: a bare address (<c>local@domain</c>, no display name, no comments),
/// the local part a dot-atom and the domain a host name with at least one dot. Stricter than
/// RFC 5322 on purpose: an address that passes can be written into a message header as is.
/// </summary>
public static class EmailAddress
{
    public const string Rule = "Email must be a plain address such as name@example.org (at most 254 characters).";

    private const int MaxLength = 254;
    private const int MaxLocalLength = 64;
    private const string AtomSpecials = "!#$%&'*+-/=?^_`{|}~";

    private static readonly IdnMapping Idn = new();

    /// <summary>The address trimmed, or null when none was given.</summary>
    public static string? Normalize(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    public static bool IsValid(string? value)
    {
        var address = Normalize(value);
        if (address is null || address.Length > MaxLength)
        {
            return false;
        }

        var at = address.LastIndexOf('@');
        if (at <= 0 || at > MaxLocalLength || at == address.Length - 1)
        {
            return false;
        }

        return IsDotAtom(address.AsSpan(0, at)) && IsHostName(address[(at + 1)..]);
    }

    private static bool IsDotAtom(ReadOnlySpan<char> local)
    {
        if (local[0] == '.' || local[^1] == '.' || local.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var ch in local)
        {
            if (!(char.IsAsciiLetterOrDigit(ch) || ch == '.' || AtomSpecials.Contains(ch, StringComparison.Ordinal)))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsHostName(string domain)
    {
        string ascii;
        try
        {
            ascii = Idn.GetAscii(domain);
        }
        catch (ArgumentException)
        {
            return false;
        }

        var labels = ascii.Split('.');
        return labels.Length >= 2 && labels.All(label =>
            label.Length is > 0 and <= 63 && label[0] != '-' && label[^1] != '-' &&
            label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'));
    }
}
