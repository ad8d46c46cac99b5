namespace SurveyNetwork.Domain.Reports.Rendering;

/// <summary>
/// Every inline style a report page can carry: its one style sheet and the legend swatches'
/// style attributes. A page that shows reports under its own policy (the admin console opens them
/// as local documents, which keep the opener's policy) allows exactly these by hash.
/// </summary>
public static class ReportStyles
{
    /// <summary>The text of the report's style element.</summary>
    public static string StyleSheet => Theme.Css;

    /// <summary>The value of every style attribute a report may write (one per legend colour).</summary>
    public static IEnumerable<string> StyleAttributes => Theme.Palette.Append(Theme.Other).Select(c => "background:" + c);
}
