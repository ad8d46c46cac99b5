using System.Security.Cryptography;
using System.Text;
using SurveyNetwork.Domain.Network;
using SurveyNetwork.Domain.Reports.Model;
using SurveyNetwork.Domain.Survey;

namespace SurveyNetwork.Domain.Reports.Analysis;

/// <summary>
/// The expensive part of a cycle's reports, computed once by <see cref="ReportBuilder.Analyze"/>: the
/// organization's network and every measure, roles, pseudonyms, team and organization averages, the
/// performance comparison and the previous cycle's figures, with per-team indexes so that building a
/// team's report touches only its members and their contacts.
/// </summary>
public sealed class ReportAnalysis
{
    private readonly Lazy<MeasureSet[]> _allAnswers;

    internal ReportAnalysis(ReportInputs inputs, ReportOptions options, string fingerprint, DateTimeOffset computedAt, CycleFigures current, CycleFigures? previous)
    {
        Inputs = inputs;
        Options = options;
        AnswersReleased = options.ReleaseAnswers;
        Fingerprint = fingerprint;
        Current = current;
        Previous = previous;
        var data = current.Data;
        TeamIds = data.TeamIds;
        Measures = current.Result;
        ComputedAt = computedAt;
        TeamIndex = new Dictionary<string, int>(data.TeamIds.Length, StringComparer.Ordinal);
        for (var t = 0; t < data.TeamIds.Length; t++)
        {
            TeamIndex[data.TeamIds[t]] = t;
        }

        (Keys, Labels, WideLabels) = Pseudonyms.Assign(data, data.Cycle.NamedReports);
        var n = data.People.Length;
        var people = current.Result.People;
        var energizingIn = EnergizingInDegree = Analysis.Roles.EnergizingInDegree(data.Network);
        Thresholds = Analysis.Roles.Thresholds(
            people.Select(p => p.InDegree).ToArray(),
            people.Select(p => p.Betweenness).ToArray(),
            people.Select(p => p.Constraint).ToArray(),
            energizingIn,
            data.Cycle.NamedReports);
        Energizers = new bool[n];
        TeamMedianInDegree = data.Members.Select(m => Analysis.Roles.Median(m.Select(i => (double)people[i].InDegree).ToArray())).ToArray();
        Roles = new IReadOnlyList<Role>[n];
        for (var i = 0; i < n; i++)
        {
            var p = people[i];
            var v = current.Values[i];
            Roles[i] = Analysis.Roles.Of(
                Thresholds,
                p.InDegree,
                p.OutDegree,
                p.Betweenness,
                p.Constraint,
                v.OutsideTeamShare,
                v[Measure.NetworkSize] is { } size ? (int)size : null,
                TeamMedianInDegree[data.TeamOf[i]]);
            Energizers[i] = energizingIn is not null && Analysis.Roles.IsEnergizer(Thresholds, energizingIn[i]);
            if (Energizers[i] && Thresholds.EnergizerNamed)
            {
                // Only a named report attaches the role to a person (see Role.Energizer).
                Roles[i] = [.. Roles[i], Role.Energizer];
            }
        }

        TeamStructures = new TeamStructure?[data.TeamIds.Length];
        for (var t = 0; t < TeamStructures.Length; t++)
        {
            if (!data.Published[t])
            {
                continue;
            }

            int Count(Role role) => data.Members[t].Count(i => Roles[i].Contains(role));
            TeamStructures[t] = new TeamStructure(
                current.TeamDensity[t],
                current.TeamEiSent[t],
                current.TeamEiIncident[t],
                Count(Role.Isolate),
                Count(Role.Peripheral),
                Count(Role.Overloaded),
                Count(Role.CentralConnector),
                Count(Role.Broker),
                Count(Role.BoundarySpanner),
                data.Members[t].Count(i => Energizers[i]));
        }

        TeamsByName = Enumerable.Range(0, data.TeamIds.Length)
            .OrderBy(t => data.Teams[t].Name, StringComparer.Ordinal).ThenBy(t => data.TeamIds[t], StringComparer.Ordinal)
            .ToArray();
        TeamsByUnit = new Dictionary<string, int[]>(StringComparer.Ordinal);
        foreach (var group in TeamsByName.Where(t => data.Teams[t].ParentUnit is not null).GroupBy(t => data.Teams[t].ParentUnit!, StringComparer.Ordinal))
        {
            TeamsByUnit[group.Key] = group.ToArray();
        }

        TopLevel = data.People.Length == 0 ? 0 : data.People.Max(p => p.Level);
        BottomLevel = data.People.Length == 0 ? 0 : data.People.Min(p => p.Level);
        Method = new ReportMethod(
            data.Threshold,
            data.Cycle.NamedReports,
            options.LayoutSeed,
            current.Result.Network.BetweennessIsExact,
            current.Result.Network.BetweennessSampleSize,
            current.Result.Network.BetweennessErrorBound,
            data.SuppressedTeams,
            data.HeldBack,
            Thresholds);
        Performance = PerformanceAnalysis.Setup(current, options.MaxDegreeOfParallelism);
        _allAnswers = new Lazy<MeasureSet[]>(ComputeAllAnswers, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>What the analysis was made from; without the submissions when <see cref="ReportOptions.ReleaseAnswers"/>.</summary>
    public ReportInputs Inputs { get; }

    public ReportOptions Options { get; }

    /// <summary>Whether the analysis let go of the answers (<see cref="ReportOptions.ReleaseAnswers"/>): team and organization reports only.</summary>
    public bool AnswersReleased { get; }

    /// <summary><see cref="ReportBuilder.Fingerprint"/> of <see cref="Inputs"/>.</summary>
    public string Fingerprint { get; }

    /// <summary>The latest change among the inputs: roster, submissions, cycle creation and closing (and the previous cycle's).</summary>
    public DateTimeOffset ComputedAt { get; }

    /// <summary>Teams with at least one active member, in ordinal order.</summary>
    public IReadOnlyList<string> TeamIds { get; }

    /// <summary>The engine's measures on the report network; node i is the i-th active person by ordinal id.</summary>
    public NetworkAnalysisResult Measures { get; }

    internal CycleFigures Current { get; }
    internal CycleFigures? Previous { get; }
    internal PreparedCycle Data => Current.Data;
    internal Dictionary<string, int> TeamIndex { get; }
    internal string[] Keys { get; }

    /// <summary>Name, or pseudonym within the team ("Member C").</summary>
    internal string[] Labels { get; }

    /// <summary>Name, or pseudonym with the team ("Member C (Payments)").</summary>
    internal string[] WideLabels { get; }

    internal RoleThresholds Thresholds { get; }
    internal double[] TeamMedianInDegree { get; }
    internal IReadOnlyList<Role>[] Roles { get; }

    /// <summary>
    /// Who meets the <see cref="Role.Energizer"/> rule. In <see cref="Roles"/> only when the cycle has
    /// named reports; anonymized reports use this for counts alone.
    /// </summary>
    internal bool[] Energizers { get; }

    /// <summary>Per person, colleagues whose answers count who rated them energizing; null when energy is not asked.</summary>
    internal int[]? EnergizingInDegree { get; }
    internal TeamStructure?[] TeamStructures { get; }
    /// <summary>Every team, by name then id (ordinal).</summary>
    internal int[] TeamsByName { get; }

    /// <summary>The teams of each parent unit, by name then id (ordinal).</summary>
    internal Dictionary<string, int[]> TeamsByUnit { get; }
    internal ReportMethod Method { get; }

    /// <summary>The most and least senior levels in the organization (nobody connects upward from the top).</summary>
    internal int TopLevel { get; }

    internal int BottomLevel { get; }
    internal PerformanceSetup? Performance { get; }

    /// <summary>
    /// Everyone's lens values from all their answers, including answers held back from the network
    /// (a person always sees their own). Computed on first use, for personal profiles only.
    /// </summary>
    internal MeasureSet[] AllAnswers => AnswersReleased
        ? throw new InvalidOperationException("The answers of this analysis were released; personal profiles need them.")
        : _allAnswers.Value;

    /// <summary>The inputs without any submission (what <see cref="ReportOptions.ReleaseAnswers"/> keeps).</summary>
    internal static ReportInputs WithoutSubmissions(ReportInputs inputs) =>
        inputs with { Submissions = [], Previous = inputs.Previous is { } p ? p with { Submissions = [] } : null };

    internal string ReportId(string scope) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Fingerprint + "|" + scope)));

    private MeasureSet[] ComputeAllAnswers()
    {
        var data = Data;
        if (!data.HeldBack)
        {
            return Current.Values;
        }

        var all = new List<Submission>();
        foreach (var s in data.Effective)
        {
            if (s is not null)
            {
                all.Add(s);
            }
        }

        var roster = new Roster(data.Roster.OrgId, data.Roster.Teams ?? [], data.People, data.Roster.UpdatedAt);
        var network = NetworkGraphBuilder.FromSurvey(roster, all, data.Cycle.Options ?? new CycleOptions());
        var result = NetworkAnalysis.Compute(network, ReportBuilder.CheapOptions(Options.MaxDegreeOfParallelism));
        return result.People.Select(p => PersonValues.From(p, withBetweenness: false)).ToArray();
    }

    /// <summary>The latest change among the inputs: roster, submissions, cycle creation and closing (and the previous cycle's).</summary>
    internal static DateTimeOffset LatestChange(ReportInputs inputs)
    {
        var latest = Latest(inputs.Roster, inputs.Cycle, inputs.Submissions);
        if (inputs.Previous is { } p)
        {
            var previous = Latest(p.Roster, p.Cycle, p.Submissions);
            latest = previous > latest ? previous : latest;
        }

        return latest.ToUniversalTime();
    }

    private static DateTimeOffset Latest(Roster roster, Cycle cycle, IReadOnlyList<Submission> submissions)
    {
        var latest = roster.UpdatedAt;
        if (cycle.CreatedAt > latest) latest = cycle.CreatedAt;
        if (cycle.ClosedAt is { } closed && closed > latest) latest = closed;
        foreach (var s in PreparedCycle.Canonical(cycle, submissions))
        {
            if (s.SubmittedAt > latest) latest = s.SubmittedAt;
        }

        return latest;
    }
}
