using SurveyNetwork.Domain.Network;
using SurveyNetwork.Domain.Reports.Model;

namespace SurveyNetwork.Domain.Reports.Analysis;

/// <summary>
/// The figures of one cycle that both the current report and "change since the previous cycle" use:
/// every person's values, team averages and structure, organization averages and network summary.
/// Organization averages cover every team when answers count for all of them, and only the published
/// teams when suppressed teams' answers are held back (<see cref="Privacy"/>), so subtracting the
/// published teams from them leaves nothing, or an aggregate of at least k respondents.
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

        var teams = data.TeamIds.Length;
        var groups = result.GroupsBy(OrgAttributes.Team);
        var averages = new MeasureSet?[teams];
        var density = new double?[teams];
        var sent = new EiValue[teams];
        var incident = new EiValue[teams];
        for (var t = 0; t < teams; t++)
        {
            var g = groups?.Group(data.TeamIds[t]);
            density[t] = g?.Density;
            sent[t] = Ei(g?.Sent ?? default);
            incident[t] = Ei(g?.Incident ?? default);
            if (data.Published[t])
            {
                averages[t] = MeasureSet.Mean(data.Members[t].Select(i => values[i]));
            }
        }

        var figures = new CycleFigures(data, result, values);
        var population = Enumerable.Range(0, n).Where(figures.InOrganizationPopulation).ToArray();
        var populationRespondents = population.Count(data.AnswersCount);
        var publishedDensities = Enumerable.Range(0, teams).Where(t => data.Published[t] && density[t].HasValue).Select(t => density[t]!.Value).ToArray();
        var m = result.Network;
        var network = new NetworkSummary(
            n,
            m.Arcs,
            m.Density,
            m.ArcReciprocity,
            m.DyadReciprocity,
            Ei(groups?.WholeNetwork ?? default),
            population.Count(i => result.People[i].InDegree + result.People[i].OutDegree == 0),
            publishedDensities.Length > 0 ? publishedDensities.Average() : null,
            m.BetweennessIsExact,
            m.BetweennessSampleSize);
        return new CycleFigures(data, result, values)
        {
            TeamAverages = averages,
            TeamDensity = density,
            TeamEiSent = sent,
            TeamEiIncident = incident,
            OrganizationAverages = Privacy.MayPublish(populationRespondents, data.Threshold)
                ? MeasureSet.Mean(population.Select(i => values[i]))
                : null,
            Network = network,
        };
    }

    public static EiValue Ei(EiCount c) => new(c.External, c.Internal, c.Index);
}
