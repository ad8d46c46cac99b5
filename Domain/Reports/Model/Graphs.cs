using SurveyNetwork.Domain.Survey;

namespace SurveyNetwork.Domain.Reports.Model;

/// <summary>
/// The network map of a report, laid out by the analysis (a seeded force layout): coordinates in
/// a <see cref="Width"/> × <see cref="Height"/> frame. The same layout is drawn once per boundary
/// the article names (<see cref="Panels"/>: level, function, location, team or unit), each panel
/// colouring the nodes by that attribute; contacts outside the organization are their own nodes,
/// one per kind, in a band on the right.
/// </summary>
/// <param name="Aggregated">True when each node is a team (organizations above the person-level limit).</param>
/// <param name="TotalNodes">Nodes before trimming to the limit.</param>
/// <param name="Description">The accessible description, also printed under the map.</param>
/// <param name="Edges">Directed: a one-way tie points from the person (team) who named to the one named.</param>
/// <param name="Panels">One colouring per boundary, in the order drawn.</param>
public sealed record NetworkMap(
    int Width,
    int Height,
    bool Aggregated,
    int TotalNodes,
    string Title,
    string Description,
    IReadOnlyList<MapNode> Nodes,
    IReadOnlyList<MapEdge> Edges,
    IReadOnlyList<MapPanel> Panels)
{
    /// <summary>Where the band of outside contacts starts (x); null when the map has none.</summary>
    public double? OutsideBand { get; init; }
}

/// <summary>One boundary's colouring of the map's nodes.</summary>
/// <param name="Boundary">"level", "function", "location", "team" or "unit".</param>
/// <param name="Title">What the panel shows, e.g. "By function".</param>
/// <param name="Colours">Palette index per node (same order as <see cref="NetworkMap.Nodes"/>); −1: "other"; −2: not coloured (outside contacts).</param>
public sealed record MapPanel(string Boundary, string Title, IReadOnlyList<int> Colours, IReadOnlyList<MapLegendEntry> Legend);

/// <summary>What a node stands for.</summary>
public enum MapNodeKind
{
    Person,
    Team,
    Outside,
}

/// <param name="Label">Printed next to the node, unique within the map; null when it would crowd the map.</param>
/// <param name="Title">Tooltip text.</param>
/// <param name="Highlight">A member of the report's team (drawn with an outline).</param>
/// <param name="LabelLeft">The label is drawn left of the node (there was no room on the right).</param>
public sealed record MapNode(string Key, string? Label, string Title, double X, double Y, double Radius, bool Highlight, bool LabelLeft = false)
{
    public MapNodeKind Kind { get; init; } = MapNodeKind.Person;
}

/// <param name="Source">Who named (for a one-way tie).</param>
/// <param name="Target">Who was named.</param>
/// <param name="Mutual">Both named each other (or, aggregated, ties in both directions).</param>
/// <param name="Weight">1 for a person-level tie; the number of nominations between two teams when aggregated.</param>
/// <param name="WeightShown">False when the count is withheld (fewer than k people made the nominations); the tie is then drawn at the thinnest width.</param>
public sealed record MapEdge(int Source, int Target, bool Mutual, int Weight, bool WeightShown = true);

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

/// <summary>
/// The nodes and edges a report exports as GraphML and CSV (already filtered by the privacy rules),
/// nodes ordered by key and edges by source then target. A team's are lists; an organization's are
/// enumerated afresh each time, one node or edge at a time, so that an export with millions of ties
/// is written as a stream rather than held (<see cref="ArcCount"/> says how large it is).
/// </summary>
internal sealed record ExportGraph(IEnumerable<ExportNode> Nodes, IEnumerable<ExportEdge> Edges)
{
    public static ExportGraph Empty { get; } = new([], []);

    /// <summary>Ties between colleagues the export lists at most (its size, before outside contacts).</summary>
    public long ArcCount { get; init; }

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
