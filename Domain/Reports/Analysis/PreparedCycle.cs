using System.Globalization;
using SurveyNetwork.Domain.Network;
using SurveyNetwork.Domain.Reports.Model;
using SurveyNetwork.Domain.Survey;

namespace SurveyNetwork.Domain.Reports.Analysis;

/// <summary>
/// One cycle's inputs in canonical form: active people sorted by id (so nothing depends on roster
/// order), teams sorted by id, one effective submission per respondent, coverage per team, which
/// teams are published, and the network the reports are computed from (with answers held back as
/// <see cref="Privacy"/> says).
/// </summary>
internal sealed class PreparedCycle
{
    private PreparedCycle(
        Cycle cycle,
        Roster roster,
        Person[] people,
        Dictionary<string, int> nodeOf,
        string[] teamIds,
        Team[] teams,
        int[] teamOf,
        int[][] members,
        Submission?[] effective,
        int[] respondents,
        bool[] published,
        bool heldBack,
        OrgNetwork network)
    {
        Cycle = cycle;
        Roster = roster;
        People = people;
        NodeOf = nodeOf;
        TeamIds = teamIds;
        Teams = teams;
        TeamOf = teamOf;
        Members = members;
        Effective = effective;
        Respondents = respondents;
        Published = published;
        HeldBack = heldBack;
        Network = network;
    }

    public Cycle Cycle { get; }
    public Roster Roster { get; }

    /// <summary>Active people, sorted by id: node i of <see cref="Network"/> is People[i].</summary>
    public Person[] People { get; }

    public Dictionary<string, int> NodeOf { get; }

    /// <summary>Ids of teams with at least one active member, ordinal order.</summary>
    public string[] TeamIds { get; }

    /// <summary>The roster's team record (or one made from the id) per team index.</summary>
    public Team[] Teams { get; }

    /// <summary>Team index of every node.</summary>
    public int[] TeamOf { get; }

    /// <summary>Node indices of every team, ascending.</summary>
    public int[][] Members { get; }

    /// <summary>The submission that counts for each node (before holding answers back), or null.</summary>
    public Submission?[] Effective { get; }

    public int[] Respondents { get; }
    public bool[] Published { get; }

    /// <summary>Whether suppressed teams' answers were left out of <see cref="Network"/>.</summary>
    public bool HeldBack { get; }

    public OrgNetwork Network { get; }

    public int Threshold => Math.Max(1, Cycle.AnonymityThreshold);

    public int SuppressedTeams => Published.Count(p => !p);

    /// <summary>Whether the node's answers are part of <see cref="Network"/>.</summary>
    public bool AnswersCount(int node) => Effective[node] is not null && !(HeldBack && !Published[TeamOf[node]]);

    /// <summary>Respondents whose answers count.</summary>
    public int CountingRespondents { get; private init; }

    /// <summary>Nodes of respondents in unpublished teams, ascending (few: each such team has fewer than k).</summary>
    public int[] UnpublishedRespondents { get; private init; } = [];

    public Coverage TeamCoverage(int team) => Coverage.Of(Members[team].Length, Respondents[team]);

    public Coverage OrganizationCoverage => Coverage.Of(People.Length, Respondents.Sum());

    /// <summary>Submissions of this organization and cycle, in canonical order.</summary>
    public static List<Submission> Canonical(Cycle cycle, IReadOnlyList<Submission> submissions) =>
        submissions
            .Where(s => s is not null
                && string.Equals(s.CycleId, cycle.Id, StringComparison.Ordinal)
                && string.Equals(s.OrgId, cycle.OrgId, StringComparison.Ordinal))
            .Order(SubmissionOrder.Instance)
            .ToList();

    /// <param name="withNetwork">
    /// False for callers that read only who answered and which answers count (<see cref="AnswerChanges"/>):
    /// <see cref="Network"/> is then the people without any tie, not built from the answers.
    /// </param>
    public static PreparedCycle Prepare(Roster roster, Cycle cycle, IReadOnlyList<Submission> submissions, bool withNetwork = true)
    {
        ArgumentNullException.ThrowIfNull(roster);
        ArgumentNullException.ThrowIfNull(cycle);
        ArgumentNullException.ThrowIfNull(submissions);
        var people = roster.People.Where(p => p is not null && p.Active).OrderBy(p => p.Id, StringComparer.Ordinal).ToArray();
        var nodeOf = new Dictionary<string, int>(people.Length, StringComparer.Ordinal);
        for (var i = 0; i < people.Length; i++)
        {
            if (!nodeOf.TryAdd(people[i].Id, i))
            {
                throw new ArgumentException($"Roster person id '{people[i].Id}' occurs twice.", nameof(roster));
            }
        }

        var teamIds = people.Select(p => p.TeamId ?? "").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var teamIndex = new Dictionary<string, int>(teamIds.Length, StringComparer.Ordinal);
        for (var t = 0; t < teamIds.Length; t++)
        {
            teamIndex[teamIds[t]] = t;
        }

        var rosterTeams = new Dictionary<string, Team>(StringComparer.Ordinal);
        foreach (var team in roster.Teams ?? [])
        {
            if (team is not null)
            {
                rosterTeams.TryAdd(team.Id, team);
            }
        }

        var teams = teamIds.Select(id => rosterTeams.GetValueOrDefault(id) ?? new Team(id, id.Length == 0 ? "(no team)" : id)).ToArray();
        var teamOf = people.Select(p => teamIndex[p.TeamId ?? ""]).ToArray();
        var members = new List<int>[teamIds.Length];
        for (var t = 0; t < members.Length; t++)
        {
            members[t] = [];
        }

        for (var i = 0; i < people.Length; i++)
        {
            members[teamOf[i]].Add(i);
        }

        // Canonical order makes "first among equals" independent of the order submissions arrive in.
        var effective = new Submission?[people.Length];
        foreach (var s in Canonical(cycle, submissions))
        {
            if (nodeOf.TryGetValue(s.RespondentId ?? "", out var r)
                && (effective[r] is not { } current || SubmissionOrder.Supersedes(s, current)))
            {
                effective[r] = s;
            }
        }

        var respondents = new int[teamIds.Length];
        for (var i = 0; i < people.Length; i++)
        {
            if (effective[i] is not null)
            {
                respondents[teamOf[i]]++;
            }
        }

        var threshold = Math.Max(1, cycle.AnonymityThreshold);
        var published = respondents.Select(r => Privacy.MayPublish(r, threshold)).ToArray();
        var suppressedRespondents = 0;
        for (var t = 0; t < published.Length; t++)
        {
            if (!published[t])
            {
                suppressedRespondents += respondents[t];
            }
        }

        var heldBack = Privacy.MustHoldBack(suppressedRespondents, threshold);
        var counting = new List<Submission>(people.Length);
        for (var i = 0; i < people.Length; i++)
        {
            if (effective[i] is { } s && !(heldBack && !published[teamOf[i]]))
            {
                counting.Add(s);
            }
        }

        var canonicalRoster = new Roster(roster.OrgId, roster.Teams ?? [], people, roster.UpdatedAt);
        var network = NetworkGraphBuilder.FromSurvey(canonicalRoster, withNetwork ? counting : [], cycle.Options ?? new CycleOptions());
        return new PreparedCycle(
            cycle,
            roster,
            people,
            nodeOf,
            teamIds,
            teams,
            teamOf,
            members.Select(m => m.ToArray()).ToArray(),
            effective,
            respondents,
            published,
            heldBack,
            network)
        {
            CountingRespondents = counting.Count,
            UnpublishedRespondents = Enumerable.Range(0, people.Length).Where(i => effective[i] is not null && !published[teamOf[i]]).ToArray(),
        };
    }

    /// <summary>
    /// Canonical submission order: respondent, version, submitted-at, then content. A later element
    /// supersedes an earlier one of the same respondent exactly when the engine's rule says so
    /// (higher version, then later submission), so the result does not depend on arrival order.
    /// </summary>
    internal sealed class SubmissionOrder : IComparer<Submission>
    {
        public static readonly SubmissionOrder Instance = new();

        public static bool Supersedes(Submission candidate, Submission current) =>
            candidate.Version > current.Version
            || (candidate.Version == current.Version && candidate.SubmittedAt > current.SubmittedAt);

        public int Compare(Submission? x, Submission? y)
        {
            if (ReferenceEquals(x, y)) return 0;
            if (x is null) return -1;
            if (y is null) return 1;
            var c = string.CompareOrdinal(x.RespondentId, y.RespondentId);
            if (c != 0) return c;
            c = x.Version.CompareTo(y.Version);
            if (c != 0) return c;
            c = x.SubmittedAt.UtcTicks.CompareTo(y.SubmittedAt.UtcTicks);
            if (c != 0) return c;
            return string.CompareOrdinal(ReportFingerprint.CanonicalText(x), ReportFingerprint.CanonicalText(y));
        }
    }

    /// <summary>
    /// Replaces each counted answer of a published team by one that names only its outside contacts
    /// (<see cref="ReportOptions.ReleaseAnswers"/>), in place: what team and organization reports read
    /// once <see cref="Network"/> is built.
    /// </summary>
    public void KeepOutsideContactsOnly()
    {
        for (var i = 0; i < Effective.Length; i++)
        {
            if (Effective[i] is { } s && Published[TeamOf[i]])
            {
                var outside = ExportBuilder.OutsideContacts(s);
                Effective[i] = s with { Contacts = outside.Count == 0 ? [] : outside.ToArray() };
            }
        }
    }

    public static string LevelLabel(int level) => level.ToString(CultureInfo.InvariantCulture);
}
