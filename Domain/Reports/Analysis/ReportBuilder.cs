using System.Runtime.CompilerServices;
using SurveyNetwork.Domain.Network;
using SurveyNetwork.Domain.Reports.Model;

namespace SurveyNetwork.Domain.Reports.Analysis;

/// <summary>
/// Builds a cycle's reports: <see cref="Analyze"/> once (the network and every measure), then the
/// organization report, one report per team and personal profiles from it. Pure and deterministic:
/// the same inputs and options give the same reports, byte for byte, in every format.
/// </summary>
public static class ReportBuilder
{
    /// <summary>
    /// SHA-256 hex over everything a report depends on (roster, cycle settings incl. k and named reports,
    /// submissions in a canonical order, previous-cycle inputs, and <see cref="ReportHeader.CurrentFormatVersion"/>).
    /// Same inputs → same fingerprint, whatever order the roster or submissions come in.
    /// </summary>
    public static string Fingerprint(ReportInputs inputs) => ReportFingerprint.Compute(inputs);

    /// <summary>
    /// Builds the organization graph and every measure once (the expensive part). With
    /// <see cref="ReportOptions.ReleaseAnswers"/> the answers are let go as soon as the network is
    /// built; compiled fully optimized from the start, so that no reference to them lingers in this
    /// frame while the measures run (code compiled for a first call keeps every local alive).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ReportAnalysis Analyze(ReportInputs inputs, ReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        options ??= new ReportOptions();
        var fingerprint = Fingerprint(inputs);
        var computedAt = ReportAnalysis.LatestChange(inputs);
        var prepared = PreparedCycle.Prepare(inputs.Roster, inputs.Cycle, inputs.Submissions);
        var previousInputs = inputs.Previous;
        if (options.ReleaseAnswers)
        {
            prepared.KeepOutsideContactsOnly();
            inputs = ReportAnalysis.WithoutSubmissions(inputs);
        }

        var current = CycleFigures.Compute(
            prepared,
            new AnalysisOptions
            {
                Betweenness = options.Betweenness,
                MaxDegreeOfParallelism = options.MaxDegreeOfParallelism,
            },
            withBetweenness: true);
        CycleFigures? previous = null;
        if (previousInputs is { } p)
        {
            var previousPrepared = PreparedCycle.Prepare(p.Roster, p.Cycle, p.Submissions);
            if (options.ReleaseAnswers)
            {
                previousPrepared.KeepOutsideContactsOnly();
            }

            previous = CycleFigures.Compute(previousPrepared, CheapOptions(options.MaxDegreeOfParallelism), withBetweenness: false);
        }

        return new ReportAnalysis(inputs, options, fingerprint, computedAt, current, previous);
    }

    public static OrganizationReport BuildOrganization(ReportAnalysis analysis)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        return OrganizationReportBuilder.Build(analysis);
    }

    /// <summary>The report of one team; throws <see cref="ArgumentException"/> for a team with no active member.</summary>
    public static TeamReport BuildTeam(ReportAnalysis analysis, string teamId)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        ArgumentNullException.ThrowIfNull(teamId);
        if (!analysis.TeamIndex.TryGetValue(teamId, out var team))
        {
            throw new ArgumentException($"Team '{teamId}' has no active member in this cycle.", nameof(teamId));
        }

        return TeamReportBuilder.Build(analysis, team);
    }

    /// <summary>
    /// A person's own profile; throws <see cref="ArgumentException"/> for someone who is not an active
    /// roster member. The team and organization averages come from <paramref name="comparison"/>, the
    /// reports last published; without it, from this analysis (what the reports of these inputs show).
    /// </summary>
    public static PersonalProfile BuildProfile(ReportAnalysis analysis, string personId, ProfileComparison? comparison = null)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        ArgumentNullException.ThrowIfNull(personId);
        if (analysis.AnswersReleased)
        {
            throw new InvalidOperationException("The answers of this analysis were released (ReportOptions.ReleaseAnswers); personal profiles need them.");
        }

        if (!analysis.Data.NodeOf.TryGetValue(personId, out var node))
        {
            throw new ArgumentException($"Person '{personId}' is not an active member of the roster.", nameof(personId));
        }

        return ProfileBuilder.Build(analysis, node, comparison ?? ProfileBuilder.FromAnalysis(analysis, node));
    }

    /// <summary>Analysis options for figures that need no betweenness (the previous cycle): one BFS instead of n.</summary>
    internal static AnalysisOptions CheapOptions(int maxDegreeOfParallelism) => new()
    {
        Betweenness = new BetweennessOptions { Mode = BetweennessMode.Sampled, Pivots = 1 },
        MaxDegreeOfParallelism = maxDegreeOfParallelism,
    };
}

internal static class TeamReportBuilder
{
    public const int MostConnectedCount = 5;
    public const int LeastConnectedCount = 3;

    public static TeamReport Build(ReportAnalysis a, int t)
    {
        var data = a.Data;
        var team = data.Teams[t];
        var report = new TeamReport
        {
            ReportId = a.ReportId("team:" + team.Id),
            OrgId = data.Cycle.OrgId,
            CycleId = data.Cycle.Id,
            CycleTitle = data.Cycle.Title,
            TeamId = team.Id,
            TeamName = team.Name,
            ParentUnit = team.ParentUnit,
            Fingerprint = a.Fingerprint,
            ComputedAt = a.ComputedAt,
            Method = a.Method,
            Coverage = data.TeamCoverage(t),
            Published = data.Published[t],
            Change = Changes.ForTeam(a, t),
        };
        if (!data.Published[t])
        {
            return report;
        }

        var averages = a.Current.TeamAverages[t]!;
        var structure = a.TeamStructures[t]!;
        var (most, least, within) = Connections(a, t);
        return report with
        {
            TeamAverages = averages,
            OrganizationAverages = a.Current.OrganizationAverages,
            Structure = structure,
            OrganizationNetwork = a.Current.Network,
            Members = Members(a, data.Members[t]),
            MostConnected = most,
            LeastConnected = least,
            LeastConnectedWithin = within,
            Performance = a.Performance is { } setup ? PerformanceAnalysis.ForTeam(a.Current, setup, t) : null,
            Recommendations = Recommendations.ForTeam(a, t, averages, structure, least),
            Map = MapBuilder.ForTeam(a, t),
            Export = ExportBuilder.ForTeam(a, t),
        };
    }

    /// <summary>
    /// One row per member. In an anonymized report, when fewer than k members have values of the
    /// answers, the rows carry no such values and no outside contacts (<see cref="Privacy"/>).
    /// </summary>
    internal static IReadOnlyList<MemberRow> Members(ReportAnalysis a, int[] members)
    {
        var data = a.Data;
        var showAnswers = ShowsAnswers(a, members);
        return members
            .OrderBy(i => a.Labels[i].Length).ThenBy(i => a.Labels[i], StringComparer.Ordinal).ThenBy(i => a.Keys[i], StringComparer.Ordinal)
            .Select(i => new MemberRow(
                a.Keys[i],
                a.Labels[i],
                data.Effective[i] is not null,
                showAnswers ? a.Current.Values[i] : a.Current.Values[i].Where(m => m >= Measure.InDegree),
                a.Roles[i],
                showAnswers && data.Effective[i] is { } s && data.AnswersCount(i)
                    ? ExportBuilder.OutsideContacts(s).Select(c => new OutsideContact(c.OutsideKind, ExportBuilder.OutsideLabel(c))).ToArray()
                    : []))
            .ToArray();
    }

    /// <summary>Whether per-member values of the answers may be shown for these members (<see cref="Privacy"/>).</summary>
    internal static bool ShowsAnswers(ReportAnalysis a, IEnumerable<int> members) =>
        a.Data.Cycle.NamedReports || Privacy.MayShow(members.Count(i => a.Current.Values[i][Measure.NetworkSize] is > 0), a.Data.Threshold);

    /// <summary>
    /// Nominations between this team and each other team: made by members (always) and received from
    /// the other team (only when that team is published). Most connected: the five with most ties.
    /// Least connected: the three with fewest among the other teams of the same parent unit, not
    /// counting the most connected; among all teams when the team has no unit or no such sibling.
    /// </summary>
    private static (IReadOnlyList<TeamConnection> Most, IReadOnlyList<TeamConnection> Least, string? Within) Connections(ReportAnalysis a, int t)
    {
        var data = a.Data;
        var g = data.Network.Graph;
        var named = new Dictionary<int, int>();
        var namedBy = new Dictionary<int, int>();
        foreach (var i in data.Members[t])
        {
            foreach (var j in g.Successors(i))
            {
                if (data.TeamOf[j] != t) named[data.TeamOf[j]] = named.GetValueOrDefault(data.TeamOf[j]) + 1;
            }

            foreach (var j in g.Predecessors(i))
            {
                if (data.TeamOf[j] != t && data.Published[data.TeamOf[j]]) namedBy[data.TeamOf[j]] = namedBy.GetValueOrDefault(data.TeamOf[j]) + 1;
            }
        }

        TeamConnection Connection(int other)
        {
            var out_ = named.GetValueOrDefault(other);
            int? in_ = data.Published[other] ? namedBy.GetValueOrDefault(other) : null;
            return new TeamConnection(data.TeamIds[other], data.Teams[other].Name, out_, in_, out_ + (in_ ?? 0));
        }

        var most = named.Keys.Union(namedBy.Keys)
            .Select(Connection)
            .Where(c => c.Ties > 0)
            .OrderByDescending(c => c.Ties).ThenBy(c => c.TeamName, StringComparer.Ordinal).ThenBy(c => c.TeamId, StringComparer.Ordinal)
            .Take(MostConnectedCount)
            .ToArray();
        var exclude = new HashSet<string>(most.Select(c => c.TeamId), StringComparer.Ordinal) { data.TeamIds[t] };
        var unit = data.Teams[t].ParentUnit;
        var pool = unit is not null && a.TeamsByUnit.TryGetValue(unit, out var siblings) && siblings.Any(o => !exclude.Contains(data.TeamIds[o]))
            ? siblings
            : null;
        if (pool is null)
        {
            unit = null;
            pool = a.TeamsByName;
        }

        // Least connected, by ties, then name, then id. Only the teams this one named or was named by have
        // any tie; every other team of the pool has none and comes first, in the pool's order (name, then
        // id), so the walk stops after a few teams even when the pool is every team of the organization.
        var least = new List<TeamConnection>(LeastConnectedCount);
        foreach (var o in pool)
        {
            if (least.Count == LeastConnectedCount)
            {
                break;
            }

            if (!exclude.Contains(data.TeamIds[o]) && !named.ContainsKey(o) && !namedBy.ContainsKey(o))
            {
                least.Add(Connection(o));
            }
        }

        if (least.Count < LeastConnectedCount)
        {
            least.AddRange(pool
                .Where(o => !exclude.Contains(data.TeamIds[o]) && (named.ContainsKey(o) || namedBy.ContainsKey(o)))
                .Select(Connection)
                .OrderBy(c => c.Ties).ThenBy(c => c.TeamName, StringComparer.Ordinal).ThenBy(c => c.TeamId, StringComparer.Ordinal)
                .Take(LeastConnectedCount - least.Count));
        }

        return (most, least, unit);
    }
}

internal static class OrganizationReportBuilder
{
    public const int PeoplePerRole = 25;

    public static OrganizationReport Build(ReportAnalysis a)
    {
        var data = a.Data;
        var org = a.Current.OrganizationAverages;
        var report = new OrganizationReport
        {
            ReportId = a.ReportId("organization"),
            OrgId = data.Cycle.OrgId,
            CycleId = data.Cycle.Id,
            CycleTitle = data.Cycle.Title,
            Fingerprint = a.Fingerprint,
            ComputedAt = a.ComputedAt,
            Method = a.Method,
            Coverage = data.OrganizationCoverage,
            Published = org is not null,
            Teams = Enumerable.Range(0, data.TeamIds.Length)
                .Select(t => new TeamSummary(data.TeamIds[t], data.Teams[t].Name, data.Teams[t].ParentUnit, data.TeamCoverage(t), data.Published[t], a.Current.TeamAverages[t], a.TeamStructures[t]))
                .OrderBy(s => s.TeamName, StringComparer.Ordinal).ThenBy(s => s.TeamId, StringComparer.Ordinal)
                .ToArray(),
            Change = Changes.ForOrganization(a),
        };
        if (org is null)
        {
            return report;
        }

        return report with
        {
            Averages = org,
            Network = a.Current.Network,
            Roles = RoleGroups(a),
            Performance = a.Performance?.Organization,
            Recommendations = Recommendations.ForOrganization(a),
            Map = MapBuilder.ForOrganization(a),
            Export = ExportBuilder.ForOrganization(a),
        };
    }

    /// <summary>People holding each role in published teams, strongest first (at most 25 listed).</summary>
    private static List<RoleGroup> RoleGroups(ReportAnalysis a)
    {
        var data = a.Data;
        var groups = new List<RoleGroup>();
        foreach (var role in Enum.GetValues<Role>())
        {
            // The value that earned the role: betweenness for brokers, the share of contacts outside
            // the team for boundary spanners, energizing ratings received for energizers, in-degree otherwise.
            double Value(int i) => role switch
            {
                Role.Broker => a.Current.Values[i][Measure.Betweenness] ?? 0,
                Role.BoundarySpanner => a.Current.Values[i].OutsideTeamShare ?? 0,
                Role.Energizer => a.EnergizingInDegree![i],
                _ => a.Current.Values[i][Measure.InDegree] ?? 0,
            };
            var holders = Enumerable.Range(0, data.People.Length)
                .Where(i => data.Published[data.TeamOf[i]] && (role == Role.Energizer ? a.Energizers[i] : a.Roles[i].Contains(role)))
                .ToArray();
            if (role == Role.Energizer && !a.Thresholds.EnergizerNamed)
            {
                // Anonymized: how many, never who (the role comes from other people's ratings of them).
                groups.Add(new RoleGroup(role, holders.Length, []));
                continue;
            }

            var listed = holders
                .OrderByDescending(i => role is Role.Peripheral or Role.Isolate ? 0 : Value(i))
                .ThenBy(i => data.Teams[data.TeamOf[i]].Name, StringComparer.Ordinal)
                .ThenBy(i => a.Labels[i].Length).ThenBy(i => a.Labels[i], StringComparer.Ordinal)
                .Take(PeoplePerRole)
                .Select(i => new PersonRef(a.Keys[i], a.Labels[i], data.TeamIds[data.TeamOf[i]], data.Teams[data.TeamOf[i]].Name, Value(i)))
                .ToArray();
            groups.Add(new RoleGroup(role, holders.Length, listed));
        }

        return groups;
    }
}

/// <summary>
/// Change since the previous cycle: coverage always; averages and structure only where the group
/// is published in both cycles (betweenness is left out: the previous cycle is not recomputed with it).
/// </summary>
internal static class Changes
{
    public static ChangeSinceLast? ForTeam(ReportAnalysis a, int t)
    {
        if (a.Previous is not { } previous)
        {
            return null;
        }

        var data = a.Data;
        var p = Array.BinarySearch(previous.Data.TeamIds, data.TeamIds[t], StringComparer.Ordinal);
        var now = data.TeamCoverage(t);
        if (p < 0)
        {
            return Coverage(previous, Model.Coverage.Of(0, 0), now, "The team had no active members in the previous cycle.");
        }

        var then = previous.Data.TeamCoverage(p);
        if (!data.Published[t] || !previous.Data.Published[p])
        {
            return Coverage(previous, then, now, data.Published[t] ? "The team was under the anonymity threshold in the previous cycle, so only coverage is compared." : null);
        }

        var before = WithoutBetweenness(previous.TeamAverages[p]!);
        return Coverage(previous, then, now, null) with
        {
            Averages = before,
            Delta = MeasureSet.Difference(WithoutBetweenness(a.Current.TeamAverages[t]!), before),
            DensityDelta = Delta(a.Current.TeamDensity[t], previous.TeamDensity[p]),
            EiSentDelta = Delta(a.Current.TeamEiSent[t].Index, previous.TeamEiSent[p].Index),
        };
    }

    public static ChangeSinceLast? ForOrganization(ReportAnalysis a)
    {
        if (a.Previous is not { } previous)
        {
            return null;
        }

        var change = Coverage(previous, previous.Data.OrganizationCoverage, a.Data.OrganizationCoverage, null);
        if (a.Current.OrganizationAverages is not { } now || previous.OrganizationAverages is not { } then)
        {
            return change with { Note = a.Current.OrganizationAverages is null ? null : "Too few respondents in the previous cycle to compare averages." };
        }

        var before = WithoutBetweenness(then);
        return change with
        {
            Averages = before,
            Delta = MeasureSet.Difference(WithoutBetweenness(now), before),
            DensityDelta = Delta(a.Current.Network.Density, previous.Network.Density),
            EiSentDelta = Delta(a.Current.Network.TeamEi.Index, previous.Network.TeamEi.Index),
        };
    }

    private static ChangeSinceLast Coverage(CycleFigures previous, Coverage then, Coverage now, string? note) =>
        new(
            previous.Data.Cycle.Id,
            previous.Data.Cycle.Title,
            then,
            now.Members - then.Members,
            now.Respondents - then.Respondents,
            Delta(now.ResponseRate, then.ResponseRate),
            null,
            null,
            null,
            null,
            note);

    private static MeasureSet WithoutBetweenness(MeasureSet set) => set.Where(m => m != Measure.Betweenness);

    private static double? Delta(double? now, double? then) => now is { } x && then is { } y ? x - y : null;
}
