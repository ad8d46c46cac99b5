using SurveyNetwork.Domain.Survey;

namespace SurveyNetwork.Domain.Reports.Model;

/// <summary>
/// The network map of a report, laid out by the analysis (a seeded force layout): coordinates in
/// a <see cref="Width"/> × <see cref="Height"/> frame, colours as palette indices (−1: "other").
/// </summary>
/// <param name="ColourBy">"team", "function" or "parentUnit".</param>
/// <param name="Aggregated">True when each node is a team (organizations above the person-level limit).</param>
/// <param name="TotalNodes">Nodes before trimming to the limit.</param>
/// <param name="Description">The accessible description, also printed under the map.</param>
public sealed record NetworkMap(
    int Width,
    int Height,
    string ColourBy,
    bool Aggregated,
    int TotalNodes,
    string Title,
    string Description,
    IReadOnlyList<MapNode> Nodes,
    IReadOnlyList<MapEdge> Edges,
    IReadOnlyList<MapLegendEntry> Legend);

/// <param name="Label">Printed next to the node; null when it would crowd the map.</param>
/// <param name="Title">Tooltip text.</param>
/// <param name="Highlight">A member of the report's team (drawn with an outline).</param>
/// <param name="LabelLeft">The label is drawn left of the node (there was no room on the right).</param>
public sealed record MapNode(string Key, string? Label, string Title, double X, double Y, double Radius, int Colour, bool Highlight, bool LabelLeft = false);

/// <param name="Mutual">Both named each other (or, aggregated, ties in both directions).</param>
/// <param name="Weight">1 for a person-level tie; the number of nominations between two teams when aggregated.</param>
public sealed record MapEdge(int Source, int Target, bool Mutual, int Weight);

public sealed record MapLegendEntry(string Label, int Colour, int Count);

/// <summary>The three tactics of the article, plus the two structural fixes.</summary>
public enum Tactic
{
    ConnectAcrossBoundaries,
    DeepenTies,
    RebalanceGiveAndTake,
    RelieveBottleneck,
    DrawInPeripheral,
}

/// <summary>A plain-language recommendation and the numbers that triggered it.</summary>
/// <param name="Text">What was found and why it matters, in plain language.</param>
/// <param name="Evidence">The numbers that triggered it; the first is the finding's headline number.</param>
public sealed record Recommendation(Tactic Tactic, string Title, string Text, IReadOnlyList<Evidence> Evidence)
{
    /// <summary>One concrete next step.</summary>
    public string? Action { get; init; }
}

/// <param name="Measure">What was measured, in words.</param>
/// <param name="Value">The value that triggered the rule.</param>
/// <param name="Reference">What it was compared with (organization average, threshold), if anything.</param>
/// <param name="Rule">The rule, in words.</param>
public sealed record Evidence(string Measure, string Value, string? Reference, string Rule);

/// <summary>The nodes and edges a report exports as GraphML and CSV (already filtered by the privacy rules).</summary>
internal sealed record ExportGraph(IReadOnlyList<ExportNode> Nodes, IReadOnlyList<ExportEdge> Edges)
{
    public static ExportGraph Empty { get; } = new([], []);

    /// <summary>What the privacy rules left out of this export.</summary>
    public HeldBackAnswers HeldBack { get; init; } = HeldBackAnswers.None;
}

/// <param name="Measures">Person-level measures; null for contacts outside the report's scope and for suppressed teams.</param>
internal sealed record ExportNode(
    string Key,
    string Label,
    bool Outside,
    OutsideKind? OutsideKind,
    string? TeamId,
    string? Team,
    string? Function,
    int? Level,
    string? Location,
    bool? Responded,
    MeasureSet? Measures,
    IReadOnlyList<Role>? Roles);

/// <param name="Frequency">1–4 as answered; null when not answered or withheld.</param>
/// <param name="Energy">1 (de-energizing) … 5 (energizing) as answered; null when not asked or not answered.</param>
internal sealed record ExportEdge(string Source, string Target, int? Frequency, bool? Personal, int? GiveBack, bool Reciprocated, int? Energy = null);
