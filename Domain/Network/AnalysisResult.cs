namespace SurveyNetwork.Domain.Network;

/// <summary>What <see cref="NetworkAnalysis.Compute"/> does beyond the required measures.</summary>
public sealed record AnalysisOptions
{
    /// <summary>Exact or sampled betweenness (exact when its estimated time fits the budget; see <see cref="BetweennessPlan"/>).</summary>
    public BetweennessOptions Betweenness { get; init; } = new();

    /// <summary>Also compute degree, betweenness, constraint and effective size on the union graph.</summary>
    public bool IncludeUndirected { get; init; }

    /// <summary>Worker threads for betweenness and constraint; −1 for all cores. Results do not depend on it.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;
}

/// <summary>
/// Every measure of one network (one relation of one cycle): network level, per attribute group,
/// and per person (in node order). Undefined values are null. Read-only; a report builder filters
/// and aggregates it (anonymity thresholds are applied there, not here).
/// </summary>
public sealed record NetworkAnalysisResult(
    NetworkMeasures Network,
    IReadOnlyList<PersonMeasures> People,
    IReadOnlyList<AttributeGroups> Groups)
{
    private Dictionary<string, PersonMeasures>? _byId;

    /// <summary>The measures of the person with this id, or null when they are not a node.</summary>
    public PersonMeasures? Person(string id) =>
        (_byId ??= People.ToDictionary(p => p.Id, StringComparer.Ordinal)).GetValueOrDefault(id);

    /// <summary>The group measures for one attribute ("team", "function", …), or null.</summary>
    public AttributeGroups? GroupsBy(string attribute) =>
        Groups.FirstOrDefault(g => string.Equals(g.Attribute, attribute, StringComparison.Ordinal));
}

/// <summary>Whole-network measures.</summary>
/// <param name="Nodes">n: active roster people (respondents or not).</param>
/// <param name="Arcs">m: distinct nominations between nodes.</param>
/// <param name="Respondents">People who submitted; null for a network not built from a survey.</param>
/// <param name="Density">m / (n(n−1)).</param>
/// <param name="UndirectedDensity">Union-graph density 2E / (n(n−1)); null unless undirected measures were asked for.</param>
/// <param name="ArcReciprocity">Share of arcs whose reverse exists.</param>
/// <param name="DyadReciprocity">Mutual / (mutual + asymmetric) pairs.</param>
/// <param name="Isolates">Ids of nodes with no tie in either direction.</param>
/// <param name="NamedNobody">Ids of nodes with out-degree 0 (including non-respondents).</param>
/// <param name="NamedByNobody">Ids of nodes with in-degree 0.</param>
/// <param name="BetweennessIsExact">False when betweenness is a pivot-sample estimate.</param>
/// <param name="BetweennessSampleSize">Sources used: n when exact, k pivots when estimated.</param>
/// <param name="BetweennessSeed">Seed of the pivot sample; null when exact.</param>
/// <param name="BetweennessErrorBound">For an estimate, the bound (probability 95%) on every normalized value's error (<see cref="BetweennessPlan"/>); null when exact.</param>
public sealed record NetworkMeasures(
    int Nodes,
    int Arcs,
    int? Respondents,
    double? Density,
    double? UndirectedDensity,
    double? ArcReciprocity,
    double? DyadReciprocity,
    int MutualDyads,
    int AsymmetricDyads,
    IReadOnlyList<string> Isolates,
    IReadOnlyList<string> NamedNobody,
    IReadOnlyList<string> NamedByNobody,
    bool BetweennessIsExact,
    int BetweennessSampleSize,
    int? BetweennessSeed,
    double? BetweennessErrorBound);

/// <summary>The measures of one person.</summary>
/// <param name="Index">Node index in the graph.</param>
/// <param name="Responded">Whether they submitted; null for a network not built from a survey.</param>
/// <param name="OutDegree">Colleagues they named.</param>
/// <param name="InDegree">Colleagues who named them (who is sought out).</param>
/// <param name="NetworkSize">Out-degree + outside contacts; null for non-respondents.</param>
/// <param name="OutsideContacts">Contacts outside the organization; null without survey data or for non-respondents.</param>
/// <param name="ReciprocatedTies">|succ ∩ pred|: people they named who also named them.</param>
/// <param name="ReciprocatedShare">Reciprocated ties / out-degree; null when they named nobody.</param>
/// <param name="Reciprocity">2|succ ∩ pred| / (out + in) (networkx); null for an isolate.</param>
/// <param name="Betweenness">Normalized by (n−1)(n−2); an estimate when the network says so.</param>
/// <param name="BetweennessRaw">Unnormalized sum over ordered pairs.</param>
/// <param name="Constraint">Burt's aggregate constraint; null for an isolate.</param>
/// <param name="EffectiveSize">Burt's effective size; null for an isolate.</param>
/// <param name="Efficiency">Effective size / |N(i)|; null for an isolate.</param>
/// <param name="Undirected">Union-graph measures, when asked for.</param>
/// <param name="Diversity">Per attribute name: Blau index and E-I index of the colleagues they named.</param>
/// <param name="Boundaries">Boundary-spanning shares; null without survey data, for non-respondents, or with no contacts.</param>
/// <param name="Ties">Personal share, strength, give-back, energy and benefit mix; null as for <paramref name="Boundaries"/>.</param>
public sealed record PersonMeasures(
    string Id,
    int Index,
    bool? Responded,
    int OutDegree,
    int InDegree,
    int? NetworkSize,
    int? OutsideContacts,
    int ReciprocatedTies,
    double? ReciprocatedShare,
    double? Reciprocity,
    double Betweenness,
    double BetweennessRaw,
    double? Constraint,
    double? EffectiveSize,
    double? Efficiency,
    UndirectedMeasures? Undirected,
    IReadOnlyDictionary<string, ContactDiversity> Diversity,
    BoundaryShares? Boundaries,
    TieQualities? Ties);

/// <summary>Diversity of the colleagues one person named, for one attribute.</summary>
/// <param name="Blau">1 − Σ p_k²; null when they named nobody.</param>
/// <param name="BlauNormalized">Blau / (1 − 1/K); null when they named nobody or K = 1.</param>
/// <param name="EI">Contacts with a different (E) and the same (I) value, and (E − I)/(E + I).</param>
public sealed record ContactDiversity(double? Blau, double? BlauNormalized, EiCount EI);

/// <summary>Measures on the union graph (an undirected tie when either named the other).</summary>
/// <param name="Degree">|N(i)|.</param>
/// <param name="Betweenness">Normalized by (n−1)(n−2)/2 over unordered pairs (networkx undirected).</param>
/// <param name="EffectiveSize">Equals Borgatti's n − 2t/n on the union graph.</param>
public sealed record UndirectedMeasures(int Degree, double Betweenness, double? Constraint, double? EffectiveSize);

/// <summary>Group measures for every category of one attribute, and the whole-network E-I.</summary>
public sealed record AttributeGroups(string Attribute, IReadOnlyList<GroupMeasures> Groups, EiCount WholeNetwork)
{
    public GroupMeasures? Group(string category) =>
        Groups.FirstOrDefault(g => string.Equals(g.Category, category, StringComparison.Ordinal));
}

/// <summary>One group (e.g. a team).</summary>
/// <param name="Category">The attribute value (a team id, a function, …).</param>
/// <param name="Sent">E-I over arcs sent by members.</param>
/// <param name="Incident">E-I over all arcs touching the group.</param>
/// <param name="Density">Density of the subgraph induced by the members; null below two members.</param>
public sealed record GroupMeasures(string Category, int Members, EiCount Sent, EiCount Incident, double? Density);
