using System.Text.Json.Serialization;
using SurveyNetwork.Domain.Survey;

namespace SurveyNetwork.Domain.Reports.Model;

/// <summary>
/// A team's report for one cycle. For a team with fewer than k respondents it carries coverage only
/// (<see cref="Published"/> false): no averages, no members, no structure, no map.
/// </summary>
public sealed record TeamReport : ReportHeader
{
    [JsonPropertyOrder(SubjectOrder)]
    public required string TeamId { get; init; }

    [JsonPropertyOrder(SubjectOrder)]
    public required string TeamName { get; init; }

    [JsonPropertyOrder(SubjectOrder)]
    public string? ParentUnit { get; init; }

    public required Coverage Coverage { get; init; }

    /// <summary>False when the team has fewer respondents than the anonymity threshold.</summary>
    public required bool Published { get; init; }

    /// <summary>Team averages (lens over respondents, structure over members).</summary>
    public MeasureSet? TeamAverages { get; init; }

    /// <summary>Organization averages over every respondent whose answers count (see the privacy rules of the analysis).</summary>
    public MeasureSet? OrganizationAverages { get; init; }

    public TeamStructure? Structure { get; init; }

    /// <summary>Organization-level reference values for the team structure.</summary>
    public NetworkSummary? OrganizationNetwork { get; init; }

    public IReadOnlyList<MemberRow> Members { get; init; } = [];
    public IReadOnlyList<TeamConnection> MostConnected { get; init; } = [];
    public IReadOnlyList<TeamConnection> LeastConnected { get; init; } = [];

    /// <summary>The parent unit <see cref="LeastConnected"/> was chosen in; null when among all teams.</summary>
    public string? LeastConnectedWithin { get; init; }
    public PerformanceComparison? Performance { get; init; }
    public ChangeSinceLast? Change { get; init; }
    public IReadOnlyList<Recommendation> Recommendations { get; init; } = [];
    public NetworkMap? Map { get; init; }

    /// <summary>What the GraphML and CSV exports leave out for privacy.</summary>
    public HeldBackAnswers HeldBack => Export.HeldBack;

    [JsonIgnore]
    internal ExportGraph Export { get; init; } = ExportGraph.Empty;
}

/// <summary>The organization summary for one cycle.</summary>
public sealed record OrganizationReport : ReportHeader
{
    public required Coverage Coverage { get; init; }

    /// <summary>False when fewer than k respondents' answers count: coverage only.</summary>
    public required bool Published { get; init; }

    public MeasureSet? Averages { get; init; }
    public NetworkSummary? Network { get; init; }

    /// <summary>Every team with an active member: coverage always, aggregates only when published.</summary>
    public IReadOnlyList<TeamSummary> Teams { get; init; } = [];

    public IReadOnlyList<RoleGroup> Roles { get; init; } = [];
    public PerformanceComparison? Performance { get; init; }
    public ChangeSinceLast? Change { get; init; }
    public IReadOnlyList<Recommendation> Recommendations { get; init; } = [];
    public NetworkMap? Map { get; init; }

    /// <summary>What the GraphML and CSV exports leave out for privacy.</summary>
    public HeldBackAnswers HeldBack => Export.HeldBack;

    [JsonIgnore]
    internal ExportGraph Export { get; init; } = ExportGraph.Empty;
}

/// <summary>One person's own network profile, against their team's and the organization's averages.</summary>
public sealed record PersonalProfile : ReportHeader
{
    [JsonPropertyOrder(SubjectOrder)]
    public required string PersonId { get; init; }

    [JsonPropertyOrder(SubjectOrder)]
    public required string Name { get; init; }

    [JsonPropertyOrder(SubjectOrder)]
    public required string TeamId { get; init; }

    [JsonPropertyOrder(SubjectOrder)]
    public required string TeamName { get; init; }

    public required bool Responded { get; init; }

    /// <summary>
    /// True when the person's team is under the threshold and its answers were held back from the
    /// organization's network: their own answers are shown, but not their structural measures.
    /// </summary>
    public required bool AnswersHeldBack { get; init; }

    public required MeasureSet Own { get; init; }
    public IReadOnlyList<Role> Roles { get; init; } = [];

    /// <summary>The team's averages as its report last published them; null when there is none (under k).</summary>
    public MeasureSet? TeamAverages { get; init; }

    /// <summary>When <see cref="TeamAverages"/> were computed.</summary>
    public DateTimeOffset? TeamAveragesComputedAt { get; init; }

    /// <summary>The organization's averages as its report last published them; null when there is none.</summary>
    public MeasureSet? OrganizationAverages { get; init; }

    /// <summary>When <see cref="OrganizationAverages"/> were computed.</summary>
    public DateTimeOffset? OrganizationAveragesComputedAt { get; init; }

    public IReadOnlyList<ProfileContact> Contacts { get; init; } = [];
    public IReadOnlyList<Recommendation> Recommendations { get; init; } = [];

    /// <summary>Counts of the person's own ties, each with its denominator; null when they did not answer.</summary>
    public ProfileTies? Ties { get; init; }

    /// <summary>Three findings about the person's own network, one per tactic of the article.</summary>
    public IReadOnlyList<ProfileFinding> Findings { get; init; } = [];

    /// <summary>Flags about this person only they see (a likely bottleneck, peripheral, isolated).</summary>
    public IReadOnlyList<ProfileFlag> Flags { get; init; } = [];

    /// <summary>The picture of the person's own network (SVG), drawn on the server.</summary>
    public string? NetworkSvg { get; init; }

    /// <summary>How the profile page labels and scales the measures above.</summary>
    public ProfileCatalog Catalog { get; init; } = ProfileCatalog.Default;
}

/// <summary>Averages as a published report carries them, with the time they were computed.</summary>
public sealed record PublishedAverages(MeasureSet? Averages, DateTimeOffset ComputedAt);

/// <summary>The figures a profile compares the person's own values with: those last published for the team and the organization.</summary>
public sealed record ProfileComparison(PublishedAverages? Team, PublishedAverages? Organization);

public enum Confidence
{
    High,
    Directional,
    Caution,
}

/// <summary>Who was asked and who answered.</summary>
/// <param name="Members">Active people.</param>
/// <param name="Respondents">Active people who submitted an answer.</param>
/// <param name="ResponseRate">Respondents / members; null without members.</param>
/// <param name="Confidence">≥ 80 % high, 65–79 % directional, below 65 % caution.</param>
public sealed record Coverage(int Members, int Respondents, double? ResponseRate, Confidence? Confidence)
{
    public const double HighFrom = 0.80;
    public const double DirectionalFrom = 0.65;

    public static Coverage Of(int members, int respondents)
    {
        double? rate = members > 0 ? (double)respondents / members : null;
        Confidence? confidence = rate switch
        {
            null => null,
            >= HighFrom => Model.Confidence.High,
            >= DirectionalFrom => Model.Confidence.Directional,
            _ => Model.Confidence.Caution,
        };
        return new Coverage(members, respondents, rate, confidence);
    }
}

/// <summary>How the report was computed: the privacy threshold, the anonymization, the estimate, the role rules.</summary>
/// <param name="BetweennessSampleSize">People whose shortest paths were counted: everyone when exact, the sampled starting points otherwise.</param>
/// <param name="BetweennessErrorBound">
/// For an estimate: with probability at least 95%, every person's normalized betweenness is within this of
/// the exact value (Hoeffding bound for the pivot sample); null when exact.
/// </param>
/// <param name="AnswersHeldBack">
/// True when teams under the threshold together have fewer than k respondents, so their answers were left
/// out of every figure (see the privacy rules of the analysis).
/// </param>
public sealed record ReportMethod(
    int AnonymityThreshold,
    bool NamedReports,
    int LayoutSeed,
    bool BetweennessExact,
    int BetweennessSampleSize,
    double? BetweennessErrorBound,
    int SuppressedTeams,
    bool AnswersHeldBack,
    RoleThresholds Roles);

/// <summary>
/// The answers a report's network exports (GraphML, CSV) leave out for privacy, so an export with
/// fewer ties than the network's arc count explains itself: ties named by respondents in teams with
/// fewer than k respondents are never listed, since a small team's list would show its answers.
/// </summary>
/// <param name="Respondents">Respondents in teams under the threshold (as coverage already shows).</param>
/// <param name="Arcs">Ties to colleagues they named that this export does not list; null when fewer than k of them named any (the count would be theirs) or when their answers count nowhere.</param>
/// <param name="OutsideContacts">Contacts outside the organization they named that are not listed; null as for <paramref name="Arcs"/>.</param>
/// <param name="LeftOutOfFigures">True when those answers are also left out of every figure (see <see cref="ReportMethod.AnswersHeldBack"/>); false when they count in the organization's figures.</param>
/// <param name="Reason">The rule in words; null when nothing was held back.</param>
public sealed record HeldBackAnswers(int Respondents, int? Arcs, int? OutsideContacts, bool LeftOutOfFigures, string? Reason)
{
    public static HeldBackAnswers None { get; } = new(0, 0, 0, false, null);
}

/// <summary>A member's row: pseudonym (or name), measures and roles. Performance never appears here.</summary>
public sealed record MemberRow(
    string Key,
    string Label,
    bool Responded,
    MeasureSet Values,
    IReadOnlyList<Role> Roles,
    IReadOnlyList<OutsideContact> OutsideContacts);

/// <summary>A contact outside the organization as the respondent described it.</summary>
public sealed record OutsideContact(OutsideKind? Kind, string Label)
{
    internal static string KindLabel(OutsideKind kind) => kind switch
    {
        OutsideKind.Customer => "Customer",
        OutsideKind.SupplierOrPartner => "Supplier or partner",
        OutsideKind.FormerColleague => "Former colleague",
        OutsideKind.ProfessionalCommunity => "Professional community",
        _ => "Other",
    };
}

/// <summary>
/// Krackhardt &amp; Stern's E-I index with its counts: (E − I)/(E + I), null when both are 0; all
/// three null when fewer than k people made the nominations it counts.
/// </summary>
public sealed record EiValue(int? External, int? Internal, double? Index)
{
    public static EiValue Withheld { get; } = new(null, null, null);
}

/// <summary>Team-level structure.</summary>
/// <param name="Density">Arcs among members / (n(n−1)).</param>
/// <param name="EiSent">E-I over the nominations members made.</param>
/// <param name="EiIncident">E-I over every nomination touching the team (made or received).</param>
/// <param name="Energizers">Members who meet the energizer rule (<see cref="Role.Energizer"/>); a count, in anonymized reports too.</param>
public sealed record TeamStructure(
    double? Density,
    EiValue EiSent,
    EiValue EiIncident,
    int Isolates,
    int Peripheral,
    int Overloaded,
    int CentralConnectors,
    int Brokers,
    int BoundarySpanners,
    int Energizers = 0);

/// <summary>Ties between this team and another.</summary>
/// <param name="Named">Nominations this team's members made of that team's members.</param>
/// <param name="NamedBy">Nominations the other team's members made of this team; null when that team is under the threshold.</param>
/// <param name="Ties">Named + NamedBy.</param>
public sealed record TeamConnection(string TeamId, string TeamName, int Named, int? NamedBy, int Ties);

/// <summary>Organization network figures.</summary>
/// <param name="TeamEi">Whole-network E-I across teams: E = nominations between teams, I = within teams.</param>
/// <param name="Arcs">Null, like the density, reciprocity and E-I, when fewer than k people named anyone.</param>
/// <param name="BetweennessErrorBound">As in <see cref="ReportMethod.BetweennessErrorBound"/>.</param>
public sealed record NetworkSummary(
    int People,
    int? Arcs,
    double? Density,
    double? ArcReciprocity,
    double? DyadReciprocity,
    EiValue TeamEi,
    int Isolates,
    double? MeanTeamDensity,
    bool BetweennessExact,
    int BetweennessSampleSize,
    double? BetweennessErrorBound);

/// <summary>One row of the organization's team table.</summary>
public sealed record TeamSummary(
    string TeamId,
    string TeamName,
    string? ParentUnit,
    Coverage Coverage,
    bool Published,
    MeasureSet? Averages,
    TeamStructure? Structure);

/// <summary>
/// Everyone holding one role, with the value that earned it (people in published teams only). For
/// <see cref="Role.Energizer"/> in an anonymized report, the count only: <see cref="People"/> is empty.
/// </summary>
public sealed record RoleGroup(Role Role, int Count, IReadOnlyList<PersonRef> People);

/// <summary>A person in a role list, by pseudonym (or name) and team.</summary>
/// <param name="Value">What earned the role: betweenness (brokers), share of contacts outside the team (boundary spanners), colleagues who rated them energizing (energizers), in-degree (the rest).</param>
public sealed record PersonRef(string Key, string Label, string TeamId, string TeamName, double Value);

/// <summary>One contact in a personal profile, with the boundaries it crosses.</summary>
/// <param name="Mutual">
/// Whether the colleague also named the person: known per contact only in cycles with named reports
/// (elsewhere null, so no one learns who named them; the profile gives the count instead).
/// </param>
public sealed record ProfileContact(
    string Label,
    bool Outside,
    OutsideKind? OutsideKind,
    string? TeamName,
    string? Function,
    string? Location,
    string? Level,
    bool OtherTeam,
    bool OtherFunction,
    bool OtherLocation,
    Frequency? Frequency,
    bool? Personal,
    GiveBack? GiveBack,
    bool? Mutual = null);

/// <summary>Change since the previous cycle (current − previous).</summary>
/// <param name="Averages">Previous averages; null when the group was not published then.</param>
/// <param name="Delta">Current − previous averages, where both are published.</param>
public sealed record ChangeSinceLast(
    string PreviousCycleId,
    string PreviousCycleTitle,
    Coverage PreviousCoverage,
    int MembersDelta,
    int RespondentsDelta,
    double? ResponseRateDelta,
    MeasureSet? Averages,
    MeasureSet? Delta,
    double? DensityDelta,
    double? EiSentDelta,
    string? Note);
