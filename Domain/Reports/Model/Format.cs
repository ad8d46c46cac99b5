using System.Globalization;

namespace SurveyNetwork.Domain.Reports.Model;

/// <summary>Fixed, culture-invariant number formatting for everything a reader sees.</summary>
internal static class Format
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public const string Missing = "—";

    public static string Number(double value, int decimals) =>
        Clean(Math.Round(value, decimals, MidpointRounding.AwayFromZero).ToString("F" + decimals.ToString(Invariant), Invariant));

    public static string Number(double? value, int decimals) => value is { } v ? Number(v, decimals) : Missing;

    public static string Integer(int value) => value.ToString("N0", Invariant);

    public static string Integer(int? value) => value is { } v ? Integer(v) : Missing;

    /// <summary>What a page says in place of a figure withheld for having fewer than k contributors.</summary>
    public static string Withheld(int threshold) => $"withheld: fewer than {threshold} contributors";

    public static string Percent(double value) => Number(value * 100, 0) + "%";

    public static string Percent(double? value) => value is { } v ? Percent(v) : Missing;

    /// <summary>Betweenness is small; three significant digits read best.</summary>
    public static string Centrality(double value) =>
        value == 0 ? "0" : Clean(value.ToString(Math.Abs(value) >= 0.01 ? "F3" : "0.0000", Invariant));

    public static string Centrality(double? value) => value is { } v ? Centrality(v) : Missing;

    /// <summary>A measure's value: shares as percentages, counts with one decimal as averages (none for a person).</summary>
    public static string Measure(Measure measure, double? value, bool average)
    {
        if (value is not { } v)
        {
            return Missing;
        }

        var entry = MeasureCatalog.Of(measure);
        return entry.Kind switch
        {
            MeasureKind.Share => Percent(v),
            MeasureKind.Count => Number(v, average || !entry.WholeForPerson ? 1 : 0),
            MeasureKind.Scale => Number(v, 1),
            MeasureKind.Centrality => Centrality(v),
            _ => Number(v, 2),
        };
    }

    /// <summary>A signed change: "+4 pts" for shares, "+0.3" otherwise; "±0" when rounding to nothing.</summary>
    public static string Delta(Measure measure, double? delta)
    {
        if (delta is not { } d)
        {
            return Missing;
        }

        var kind = MeasureCatalog.Of(measure).Kind;
        var text = kind switch
        {
            MeasureKind.Share => Number(d * 100, 0),
            MeasureKind.Centrality => Centrality(d),
            MeasureKind.Index => Number(d, 2),
            _ => Number(d, 1),
        };
        var sign = text.StartsWith('-') ? "−" + text[1..] : text.Trim('0', '.').Length == 0 ? "±" + text : "+" + text;
        return kind == MeasureKind.Share ? sign + " pts" : sign;
    }

    /// <summary>A signed value with a true minus sign: "+0.59", "−0.52".</summary>
    public static string Signed(double? value, int decimals)
    {
        if (value is not { } v)
        {
            return Missing;
        }

        var text = Number(Math.Abs(v), decimals);
        return text.Trim('0', '.').Length == 0 ? text : (v > 0 ? "+" : "−") + text;
    }

    public static string SignedInteger(int delta) => delta > 0 ? "+" + Integer(delta) : delta < 0 ? "−" + Integer(-delta) : "±0";

    public static string SignedPercentPoints(double? delta) =>
        delta is { } d ? (Math.Round(d * 100) > 0 ? "+" : Math.Round(d * 100) < 0 ? "−" : "±") + Number(Math.Abs(d) * 100, 0) + " pts" : Missing;

    public static string Date(DateTimeOffset at) => at.ToUniversalTime().ToString("d MMMM yyyy", Invariant);

    public static string Timestamp(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", Invariant);

    /// <summary>A p value: "&lt; 0.001" below a thousandth, else three decimals.</summary>
    public static string PValue(double? p) => p is not { } v ? Missing : v < 0.001 ? "< 0.001" : Number(v, 3);

    private static string Clean(string text) => text is "-0" || (text.StartsWith("-0", StringComparison.Ordinal) && text.Trim('-', '0', '.').Length == 0) ? text[1..] : text;
}
