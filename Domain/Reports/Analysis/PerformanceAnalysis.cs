using SurveyNetwork.Domain.Reports.Model;

namespace SurveyNetwork.Domain.Reports.Analysis;

/// <summary>Who is in the performance comparison and how the organization-level test came out.</summary>
/// <param name="InPopulation">Per node: answers count, rating present, and in the organization's population.</param>
/// <param name="Top">Per node: in the top-rated quartile.</param>
internal sealed record PerformanceSetup(bool[] InPopulation, bool[] Top, PerformanceComparison Organization);

/// <summary>
/// "The social side of performance" (Cross, Davenport &amp; Cantrell 2003): do the top-rated
/// quartile's networks differ from everyone else's? The population is respondents whose answers
/// count, who have a performance rating, in the organization's population (<see cref="CycleFigures"/>).
/// The top quartile is the first ⌈n/4⌉ by rating, extended to everyone tied with the last of them (so
/// equal ratings are never split). Per measure: both groups need at least k contributors (people
/// with a value who named a contact; anyone with a value for betweenness); effect size is Cohen's d
/// (pooled SD) and p a two-sided permutation test with 5,000 shuffles (<see cref="GroupComparison"/>). Ratings themselves are never reported.
/// </summary>
internal static class PerformanceAnalysis
{
    public static readonly Measure[] Compared =
    [
        Measure.NetworkSize,
        Measure.OtherTeam,
        Measure.OtherFunction,
        Measure.LevelUp,
        Measure.LevelDown,
        Measure.OtherLocation,
        Measure.OutsideOrganization,
        Measure.Diversity,
        Measure.PersonalShare,
        Measure.TieStrength,
        Measure.ReciprocatedShare,
        Measure.GiveBack,
        Measure.Betweenness,
    ];

    /// <summary>Null when nobody in the population has a rating.</summary>
    public static PerformanceSetup? Setup(CycleFigures figures, int maxDegreeOfParallelism)
    {
        var data = figures.Data;
        var n = data.People.Length;
        var inPopulation = new bool[n];
        var rated = new List<double>();
        for (var i = 0; i < n; i++)
        {
            if (data.AnswersCount(i) && figures.InOrganizationPopulation(i) && data.People[i].Performance is { } r && double.IsFinite(r))
            {
                inPopulation[i] = true;
                rated.Add(r);
            }
        }

        if (rated.Count == 0)
        {
            return null;
        }

        rated.Sort((a, b) => b.CompareTo(a));
        var cut = rated[(rated.Count + 3) / 4 - 1];
        var top = new bool[n];
        for (var i = 0; i < n; i++)
        {
            top[i] = inPopulation[i] && data.People[i].Performance >= cut;
        }

        var members = Enumerable.Range(0, n).Where(i => inPopulation[i]).ToArray();
        var comparison = Compare("organization", figures, members, top, data.Threshold, withMeans: true, maxDegreeOfParallelism);
        return new PerformanceSetup(inPopulation, top, comparison);
    }

    /// <summary>The comparison within one published team (no group means), or null when the team has no rated respondent.</summary>
    public static PerformanceComparison? ForTeam(CycleFigures figures, PerformanceSetup setup, int team)
    {
        var members = figures.Data.Members[team].Where(i => setup.InPopulation[i]).ToArray();
        return members.Length == 0 ? null : Compare("team", figures, members, setup.Top, figures.Data.Threshold, withMeans: false, 1);
    }

    private static PerformanceComparison Compare(string scope, CycleFigures figures, int[] members, bool[] top, int k, bool withMeans, int maxDegreeOfParallelism)
    {
        var topCount = members.Count(i => top[i]);
        var rest = members.Length - topCount;
        string? note = null;
        if (rest == 0)
        {
            note = "The ratings do not separate a top quartile from the rest (too many equal ratings).";
        }
        else if (topCount < k || rest < k)
        {
            note = withMeans
                ? $"Both groups need at least {k} rated respondents; there are {topCount} in the top quartile and {rest} in the rest."
                : $"Both groups need at least {k} rated respondents in the team for a team-level comparison; the organization report compares them across the organization.";
        }

        if (note is not null)
        {
            // At team level, group sizes under k are themselves performance information: leave them out.
            var disclose = withMeans || (topCount >= k && rest >= k);
            return new PerformanceComparison(scope, "cohensD", GroupComparison.DefaultPermutations, GroupComparison.DefaultSeed, disclose ? topCount : null, disclose ? rest : null, note, []);
        }

        var results = new PerformanceMeasure[Compared.Length];
        Parallel.For(0, Compared.Length, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, m =>
        {
            var measure = Compared[m];
            var a = new List<double>();
            var b = new List<double>();
            var (topContributors, restContributors) = (0, 0);
            foreach (var i in members)
            {
                if (figures.Values[i][measure] is { } v)
                {
                    (top[i] ? a : b).Add(v);
                    var contributes = measure >= Measure.InDegree || figures.Values[i][Measure.NetworkSize] is > 0;
                    topContributors += contributes && top[i] ? 1 : 0;
                    restContributors += contributes && !top[i] ? 1 : 0;
                }
            }

            if (!Privacy.MayShow(topContributors, k) || !Privacy.MayShow(restContributors, k))
            {
                results[m] = new PerformanceMeasure(measure, a.Count, b.Count, null, null, null, null);
                return;
            }

            results[m] = new PerformanceMeasure(
                measure,
                a.Count,
                b.Count,
                withMeans ? a.Average() : null,
                withMeans ? b.Average() : null,
                GroupComparison.CohensD(a, b),
                GroupComparison.PermutationPValue(a, b, GroupComparison.DefaultPermutations, GroupComparison.DefaultSeed + (ulong)measure));
        });
        return new PerformanceComparison(scope, "cohensD", GroupComparison.DefaultPermutations, GroupComparison.DefaultSeed, topCount, rest, null, results);
    }
}
