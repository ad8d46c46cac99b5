using SurveyNetwork.Domain.Network;
using SurveyNetwork.Domain.Reports.Model;

namespace SurveyNetwork.Domain.Reports.Analysis;

/// <summary>
/// The figures of one cycle that both the current report and "change since the previous cycle" use:
/// every person's values, team averages and structure, organization averages and network summary.
/// Organization averages cover every team when answers count for all of them, and only the published
/// teams when suppressed teams' answers are held back (<see cref="Privacy"/>), so subtracting the
/// published teams from them leaves nothing, or an aggregate of at least k respondents.
/// Every aggregate also needs at least k contributors of its own (<see cref="Privacy"/>): a figure
/// with fewer is null.
/// </summary>
internal sealed class CycleFigures
{
    private CycleFigures(PreparedCycle data, NetworkAnalysisResult result, MeasureSet[] values)
    {
        Data = data;
        Result = result;
        Values = values;
    }

    public PreparedCycle Data { get; }
    public NetworkAnalysisResult Result { get; }

    /// <summary>Per node.</summary>
    public MeasureSet[] Values { get; }

    /// <summary>Per team; null for a suppressed team.</summary>
    public MeasureSet?[] TeamAverages { get; private init; } = [];

    /// <summary>Per team; null when fewer than k members named a teammate.</summary>
    public double?[] TeamDensity { get; private init; } = [];
    public EiValue[] TeamEiSent { get; private init; } = [];
    public EiValue[] TeamEiIncident { get; private init; } = [];

    /// <summary>Null when fewer than k respondents are in the organization's population.</summary>
    public MeasureSet? OrganizationAverages { get; private init; }

    public NetworkSummary Network { get; private init; } = null!;

    /// <summary>Whether the node counts in organization aggregates.</summary>
    public bool InOrganizationPopulation(int node) => Data.Published[Data.TeamOf[node]] || !Data.HeldBack;

    public static CycleFigures Compute(PreparedCycle data, AnalysisOptions options, bool withBetweenness)
    {
        var result = NetworkAnalysis.Compute(data.Network, options);
        var n = data.People.Length;
        var values = new MeasureSet[n];
        for (var i = 0; i < n; i++)
        {
            values[i] = PersonValues.From(result.People[i], withBetweenness);
        }

        var k = data.Threshold;
        var g = data.Network.Graph;
        var teams = data.TeamIds.Length;
        var groups = result.GroupsBy(OrgAttributes.Team);
        var averages = new MeasureSet?[teams];
        var density = new double?[teams];
        var sent = new EiValue[teams];
        var incident = new EiValue[teams];
        for (var t = 0; t < teams; t++)
        {
            var group = groups?.Group(data.TeamIds[t]);
            var members = data.Members[t];
            density[t] = Privacy.MayShow(members.Count(i => NamesAnyOf(g, i, j => data.TeamOf[j] == t)), k) ? group?.Density : null;
            sent[t] = Privacy.MayShow(members.Count(i => g.OutDegree(i) > 0), k) ? Ei(group?.Sent ?? default) : EiValue.Withheld;
            incident[t] = Privacy.MayShow(Nominators(g, members), k) ? Ei(group?.Incident ?? default) : EiValue.Withheld;
            if (data.Published[t])
            {
                averages[t] = Averages(g, values, members, k);
            }
        }

        var figures = new CycleFigures(data, result, values);
        var population = Enumerable.Range(0, n).Where(figures.InOrganizationPopulation).ToArray();
        var populationRespondents = population.Count(data.AnswersCount);
        var publishedDensities = Enumerable.Range(0, teams).Where(t => data.Published[t] && density[t].HasValue).Select(t => density[t]!.Value).ToArray();
        var m = result.Network;
        var nominated = Privacy.MayShow(Enumerable.Range(0, n).Count(i => g.OutDegree(i) > 0), k);
        var network = new NetworkSummary(
            n,
            nominated ? m.Arcs : null,
            nominated ? m.Density : null,
            nominated ? m.ArcReciprocity : null,
            nominated ? m.DyadReciprocity : null,
            nominated ? Ei(groups?.WholeNetwork ?? default) : EiValue.Withheld,
            population.Count(i => result.People[i].InDegree + result.People[i].OutDegree == 0),
            publishedDensities.Length > 0 ? publishedDensities.Average() : null,
            m.BetweennessIsExact,
            m.BetweennessSampleSize,
            m.BetweennessErrorBound);
        return new CycleFigures(data, result, values)
        {
            TeamAverages = averages,
            TeamDensity = density,
            TeamEiSent = sent,
            TeamEiIncident = incident,
            OrganizationAverages = Privacy.MayPublish(populationRespondents, data.Threshold)
                ? WithoutSmallRemainder(Averages(g, values, population, k), values, population, averages, data.Members, k)
                : null,
            Network = network,
        };
    }

    public static EiValue Ei(EiCount c) => new(c.External, c.Internal, c.Index);

    /// <summary>
    /// The group's averages, each kept only when at least k people contribute to it: for a measure
    /// of the answers, members with a value who named at least one contact; for a structural
    /// measure, everyone whose nominations reach the group's members.
    /// </summary>
    public static MeasureSet Averages(NetworkGraph g, MeasureSet[] values, IReadOnlyCollection<int> group, int k)
    {
        var contributors = LensContributors(values, group);
        var structural = Nominators(g, group);
        return MeasureSet.Mean(group.Select(i => values[i]))
            .Where(m => Privacy.MayShow(m < Measure.InDegree ? contributors[(int)m] : structural, k));
    }

    /// <summary>
    /// Complementary suppression per measure: the organization's average of a measure of the answers
    /// minus the teams' shown averages leaves the contributors of teams whose average was withheld;
    /// when they are fewer than k (but some), the organization's average is withheld too.
    /// </summary>
    private static MeasureSet WithoutSmallRemainder(MeasureSet organization, MeasureSet[] values, int[] population, MeasureSet?[] teams, int[][] members, int k)
    {
        var remainder = LensContributors(values, population);
        for (var t = 0; t < teams.Length; t++)
        {
            if (teams[t] is not { } shown)
            {
                continue;
            }

            var counted = LensContributors(values, members[t]);
            foreach (var entry in MeasureCatalog.Lens)
            {
                if (shown[entry.Measure] is not null)
                {
                    remainder[(int)entry.Measure] -= counted[(int)entry.Measure];
                }
            }
        }

        return organization.Where(m => m >= Measure.InDegree || remainder[(int)m] == 0 || Privacy.MayShow(remainder[(int)m], k));
    }

    /// <summary>Per measure of the answers: members with a value who named at least one contact.</summary>
    private static int[] LensContributors(MeasureSet[] values, IEnumerable<int> group)
    {
        var contributors = new int[MeasureCatalog.Count];
        foreach (var i in group)
        {
            if (values[i][Measure.NetworkSize] is not > 0)
            {
                continue;
            }

            foreach (var entry in MeasureCatalog.Lens)
            {
                if (values[i][entry.Measure] is not null)
                {
                    contributors[(int)entry.Measure]++;
                }
            }
        }

        return contributors;
    }

    /// <summary>How many people named at least one member of the group, or are a member who named anyone.</summary>
    public static int Nominators(NetworkGraph g, IEnumerable<int> group)
    {
        var who = new HashSet<int>();
        foreach (var i in group)
        {
            if (g.OutDegree(i) > 0)
            {
                who.Add(i);
            }

            foreach (var j in g.Predecessors(i))
            {
                who.Add(j);
            }
        }

        return who.Count;
    }

    private static bool NamesAnyOf(NetworkGraph g, int i, Func<int, bool> target)
    {
        foreach (var j in g.Successors(i))
        {
            if (target(j))
            {
                return true;
            }
        }

        return false;
    }
}
