using System.Globalization;
using System.Text;

namespace SurveyNetwork.Domain.Reports.Rendering;

/// <summary>
/// A tiny HTML/SVG tree that escapes by construction: text and attribute values are always encoded,
/// element and attribute names must be plain identifiers, and the only unescaped markup is
/// <see cref="Trusted"/>, which can be created nowhere but inside that class from its own constants.
/// The output is also well-formed XML (void elements self-close, only the five XML entities are used,
/// characters XML forbids are replaced), so tests can parse a page with an XML parser.
/// </summary>
internal abstract class HtmlNode
{
    internal abstract void WriteTo(StringBuilder sb);

    public static implicit operator HtmlNode(string text) => new HtmlText(text);

    public override string ToString()
    {
        var sb = new StringBuilder();
        WriteTo(sb);
        return sb.ToString();
    }

    /// <summary>The markup as UTF-8 bytes, encoded from the builder's chunks (no page-sized string in between).</summary>
    public byte[] ToUtf8()
    {
        var sb = new StringBuilder(8 * 1024);
        WriteTo(sb);
        return ReportBuffers.Utf8Bytes(sb);
    }
}

internal sealed class HtmlText(string? text) : HtmlNode
{
    internal override void WriteTo(StringBuilder sb) => Html.Escape(sb, text, attribute: false);
}

/// <summary>Markup written as is. Only the constants declared here exist.</summary>
internal sealed class Trusted : HtmlNode
{
    private readonly string _markup;

    private Trusted(string markup) => _markup = markup;

    public static readonly Trusted Doctype = new("<!DOCTYPE html>\n");

    /// <summary>The report style sheet (contains no '&lt;' or '&amp;', so it is also valid XML text).</summary>
    public static readonly Trusted StyleSheet = new(Theme.Css);

    internal override void WriteTo(StringBuilder sb) => sb.Append(_markup);
}

/// <summary>A sequence of nodes without a wrapping element.</summary>
internal sealed class HtmlFragment : HtmlNode
{
    private readonly List<HtmlNode> _children = [];

    public HtmlFragment Add(HtmlNode? child)
    {
        if (child is not null) _children.Add(child);
        return this;
    }

    public HtmlFragment Add(params IEnumerable<HtmlNode?> children)
    {
        foreach (var c in children)
        {
            if (c is not null) _children.Add(c);
        }

        return this;
    }

    internal override void WriteTo(StringBuilder sb)
    {
        foreach (var c in _children) c.WriteTo(sb);
    }
}

internal sealed class HtmlElement : HtmlNode
{
    private static readonly HashSet<string> VoidElements = new(StringComparer.Ordinal) { "meta", "br", "hr", "img", "link", "col", "input", "wbr" };

    private static readonly HashSet<string> LineBreakAfter = new(StringComparer.Ordinal)
    {
        "html", "head", "body", "header", "main", "footer", "section", "article", "div", "table", "thead", "tbody",
        "tr", "ul", "ol", "li", "p", "h1", "h2", "h3", "h4", "svg", "g", "style", "title", "meta", "figure",
        "figcaption", "dl", "nav", "caption", "line", "circle", "rect", "text", "desc", "defs", "use", "path",
    };

    private readonly string _tag;
    private readonly bool _void;
    private readonly bool _lineBreak;
    // Both lists are created on first use: most elements of a map have a few attributes and at most one child.
    private List<(string Name, string Value)>? _attributes;
    private List<HtmlNode>? _children;

    public HtmlElement(string tag)
    {
        _tag = Html.CheckName(tag);
        _void = VoidElements.Contains(tag);
        _lineBreak = LineBreakAfter.Contains(tag);
    }

    public HtmlElement Attr(string name, string? value)
    {
        if (value is not null)
        {
            // Setting an attribute again replaces it: an element never carries a name twice.
            _attributes ??= new(6);
            for (var i = 0; i < _attributes.Count; i++)
            {
                if (string.Equals(_attributes[i].Name, name, StringComparison.Ordinal))
                {
                    _attributes.RemoveAt(i);
                    break;
                }
            }

            _attributes.Add((Html.CheckName(name), value));
        }

        return this;
    }

    public HtmlElement Attr(string name, double value) => Attr(name, Html.Number(value));

    public HtmlElement Attr(string name, int value) => Attr(name, value.ToString(CultureInfo.InvariantCulture));

    public HtmlElement Class(string? classes) => Attr("class", classes);

    public HtmlElement Add(HtmlNode? child)
    {
        if (_void)
        {
            throw new InvalidOperationException($"<{_tag}> cannot have content.");
        }

        if (child is not null) (_children ??= new(2)).Add(child);
        return this;
    }

    public HtmlElement Add(params IEnumerable<HtmlNode?> children)
    {
        if (_void)
        {
            throw new InvalidOperationException($"<{_tag}> cannot have content.");
        }

        foreach (var c in children)
        {
            if (c is not null) (_children ??= new(2)).Add(c);
        }

        return this;
    }

    public HtmlElement Text(string? text) => Add(new HtmlText(text));

    internal override void WriteTo(StringBuilder sb)
    {
        sb.Append('<').Append(_tag);
        if (_attributes is not null)
        {
            foreach (var (name, value) in _attributes)
            {
                sb.Append(' ').Append(name).Append("=\"");
                Html.Escape(sb, value, attribute: true);
                sb.Append('"');
            }
        }

        if (_children is null && (_void || Html.IsSvgLeaf(_tag)))
        {
            sb.Append(" />");
        }
        else
        {
            sb.Append('>');
            if (_children is not null)
            {
                foreach (var c in _children) c.WriteTo(sb);
            }

            sb.Append("</").Append(_tag).Append('>');
        }

        if (_lineBreak)
        {
            sb.Append('\n');
        }
    }
}

internal static class Html
{
    public static HtmlElement E(string tag, params IEnumerable<HtmlNode?> children) => new HtmlElement(tag).Add(children);

    public static HtmlText T(string? text) => new(text);

    public static HtmlFragment Fragment(params IEnumerable<HtmlNode?> children) => new HtmlFragment().Add(children);

    /// <summary>Coordinates and sizes: at most two decimals, invariant culture, never "-0".</summary>
    public static string Number(double value)
    {
        var hundredths = Math.Round(value * 100, MidpointRounding.AwayFromZero);
        if (!(Math.Abs(hundredths) < 1e15))
        {
            return value.ToString("R", CultureInfo.InvariantCulture);
        }

        // Integer arithmetic is several times faster than a custom format string, and maps have thousands of numbers.
        var v = (long)hundredths;
        var negative = v < 0;
        v = Math.Abs(v);
        var whole = (v / 100).ToString(CultureInfo.InvariantCulture);
        var fraction = (int)(v % 100);
        var text = fraction == 0 ? whole
            : fraction % 10 == 0 ? whole + "." + (fraction / 10).ToString(CultureInfo.InvariantCulture)
            : whole + "." + fraction.ToString("D2", CultureInfo.InvariantCulture);
        return negative && v != 0 ? "-" + text : text;
    }

    /// <summary>A coordinate to a tenth, as <see cref="AppendTenths"/> writes it (maps hold thousands of them).</summary>
    public static string Tenths(double value)
    {
        var tenths = Math.Round(value * 10, MidpointRounding.AwayFromZero);
        if (!(Math.Abs(tenths) < 1e15))
        {
            return value.ToString("R", CultureInfo.InvariantCulture);
        }

        var v = (long)tenths;
        Span<char> text = stackalloc char[24];
        var length = 0;
        if (v < 0)
        {
            text[length++] = '-';
            v = -v;
        }

        (v / 10).TryFormat(text[length..], out var digits, provider: CultureInfo.InvariantCulture);
        length += digits;
        if (v % 10 != 0)
        {
            text[length++] = '.';
            text[length++] = (char)('0' + (int)(v % 10));
        }

        return new string(text[..length]);
    }

    /// <summary>Appends a coordinate to a tenth, invariant culture, never "-0" (paths hold thousands of them).</summary>
    public static StringBuilder AppendTenths(StringBuilder sb, double value)
    {
        var tenths = Math.Round(value * 10, MidpointRounding.AwayFromZero);
        if (!(Math.Abs(tenths) < 1e15))
        {
            return sb.Append(value.ToString("R", CultureInfo.InvariantCulture));
        }

        var v = (long)tenths;
        if (v < 0)
        {
            sb.Append('-');
            v = -v;
        }

        sb.Append(CultureInfo.InvariantCulture, $"{v / 10}");
        return v % 10 == 0 ? sb : sb.Append('.').Append((char)('0' + (int)(v % 10)));
    }

    internal static bool IsSvgLeaf(string tag) => tag is "circle" or "line" or "rect" or "path" or "use" or "polygon" or "polyline" or "ellipse" or "stop";

    /// <summary>Element and attribute names: a letter, then letters, digits, '-' or ':'.</summary>
    internal static string CheckName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var plain = char.IsAsciiLetter(name[0]);
        for (var i = 1; i < name.Length && plain; i++)
        {
            plain = char.IsAsciiLetterOrDigit(name[i]) || name[i] is '-' or ':';
        }

        return plain ? name : throw new ArgumentException($"'{name}' is not a plain element or attribute name.", nameof(name));
    }

    /// <summary>
    /// Appends <paramref name="text"/> encoded: &amp; &lt; &gt; always, quotes in attributes; characters
    /// XML 1.0 does not allow (controls other than tab/newline, lone surrogates, U+FFFE/U+FFFF) become U+FFFD.
    /// </summary>
    internal static void Escape(StringBuilder sb, string? text, bool attribute)
    {
        if (text is null)
        {
            return;
        }

        // Most values (numbers, colours, plain words) need no encoding at all.
        var plain = true;
        for (var i = 0; i < text.Length && plain; i++)
        {
            var c = text[i];
            plain = c >= 0x20 && c <= 0xD7FF && c is not ('&' or '<' or '>' or '"' or '\'');
        }

        if (plain)
        {
            sb.Append(text);
            return;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '"' when attribute: sb.Append("&quot;"); break;
                case '\'' when attribute: sb.Append("&#39;"); break;
                case '\r': sb.Append(attribute ? "&#13;" : "\n"); break;
                case '\n' when attribute: sb.Append("&#10;"); break;
                case '\t' when attribute: sb.Append("&#9;"); break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                    {
                        sb.Append(c).Append(text[++i]);
                    }
                    else if (IsXmlChar(c))
                    {
                        sb.Append(c);
                    }
                    else
                    {
                        sb.Append('\uFFFD');
                    }

                    break;
            }
        }
    }

    /// <summary>Whether a single UTF-16 unit is a character XML 1.0 allows on its own.</summary>
    internal static bool IsXmlChar(char c) =>
        c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD);

    /// <summary>The text with characters XML forbids replaced by U+FFFD (for XmlWriter and CSV).</summary>
    internal static string XmlSafe(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? "";
        }

        var clean = true;
        for (var i = 0; i < text.Length && clean; i++)
        {
            clean = IsXmlChar(text[i]);
        }

        if (clean)
        {
            return text;
        }

        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                sb.Append(c).Append(text[++i]);
            }
            else
            {
                sb.Append(IsXmlChar(c) && !char.IsSurrogate(c) ? c : '\uFFFD');
            }
        }

        return sb.ToString();
    }
}
