using System.Globalization;
using SurveyNetwork.Domain.Reports.Model;
using SurveyNetwork.Domain.Reports.Analysis;


namespace SurveyNetwork.Functions.Tests.Reports;

/// <summary>Cohen's d and the seeded permutation test behind "the social side of performance".</summary>
public class GroupComparisonTests
{
    /// <summary>n values around <paramref name="mean"/> with a fixed spread (a deterministic stand-in for noise).</summary>
    private static double[] Around(double mean, int n) =>
        Enumerable.Range(0, n).Select(i => mean + Math.Sin(i * 1.7) + 0.5 * Math.Cos(i * 0.9)).ToArray();

    [Fact]
    public void A_large_difference_gives_a_small_p_and_a_large_effect()
    {
        var top = Around(13, 25);
        var rest = Around(10, 60);
        var p = GroupComparison.PermutationPValue(top, rest);
        Assert.True(p < 0.001, $"p = {p}");
        Assert.Equal(1.0 / (GroupComparison.DefaultPermutations + 1), p, 12); // no shuffle reaches the observed difference
        Assert.True(GroupComparison.CohensD(top, rest) > 2);
        Assert.True(GroupComparison.CohensD(rest, top) < -2);
    }

    [Fact]
    public void Identical_groups_give_p_of_one_and_no_effect()
    {
        var values = Around(7, 20);
        Assert.Equal(1.0, GroupComparison.PermutationPValue(values, values.Reverse().ToArray()), 12);
        Assert.Equal(0.0, GroupComparison.CohensD(values, values)!.Value, 12);
    }

    [Fact]
    public void Groups_from_the_same_population_give_a_large_p()
    {
        var all = Around(5, 80);
        var even = all.Where((_, i) => i % 2 == 0).ToArray();
        var odd = all.Where((_, i) => i % 2 == 1).ToArray();
        Assert.True(GroupComparison.PermutationPValue(even, odd) > 0.2);
    }

    [Fact]
    public void The_p_value_is_reproducible_and_follows_the_seed()
    {
        var a = Around(10.3, 12);
        var b = Around(10, 15);
        var p1 = GroupComparison.PermutationPValue(a, b, 2000, seed: 7);
        Assert.Equal(p1, GroupComparison.PermutationPValue(a, b, 2000, seed: 7));
        Assert.NotEqual(p1, GroupComparison.PermutationPValue(a, b, 2000, seed: 8));
        Assert.InRange(p1, 0.05, 1);
    }

    [Fact]
    public void Cohens_d_uses_the_pooled_sample_standard_deviation()
    {
        // Means 2 and 5; sample variances 1 and 4 (n = 3 each) → pooled SD √2.5.
        var d = GroupComparison.CohensD([1, 2, 3], [3, 5, 7]);
        Assert.Equal(-3 / Math.Sqrt(2.5), d!.Value, 12);
        Assert.Null(GroupComparison.CohensD([1], [2, 3]));
        Assert.Null(GroupComparison.CohensD([2, 2], [2, 2]));
    }

    [Fact]
    public void The_organization_report_finds_that_top_performers_have_larger_networks()
    {
        // 40 people in 4 teams; the 10 best rated name 6 colleagues, everyone else 2.
        var inputs = ReportTestData.Organization([10, 10, 10, 10], k: 5, person: p => p with { Performance = p.Id.EndsWith("p0", StringComparison.Ordinal) || p.Id.EndsWith("p1", StringComparison.Ordinal) || p.Id is "t0-p2" or "t1-p2" ? 5 : 2 });
        var top = inputs.Roster.People.Where(p => p.Performance == 5).Select(p => p.Id).ToHashSet();
        Assert.Equal(10, top.Count);
        var submissions = inputs.Roster.People.Select(p =>
        {
            var t = p.TeamId[1] - '0';
            var others = Enumerable.Range(1, top.Contains(p.Id) ? 6 : 2).Select(step => $"t{(t + step) % 4}-p{(int.Parse(p.Id[4..], CultureInfo.InvariantCulture) + step) % 10}");
            return ReportTestData.Answer(p.Id, others.Select(o => ReportTestData.Colleague(o)));
        }).ToArray();
        var report = ReportBuilder.BuildOrganization(ReportBuilder.Analyze(inputs with { Submissions = submissions }));
        var performance = report.Performance!;
        Assert.Null(performance.Note);
        Assert.Equal(10, performance.TopGroup);
        Assert.Equal(30, performance.Rest);
        Assert.Equal("cohensD", performance.EffectSize);
        var size = performance.Measures.Single(m => m.Measure == Measure.NetworkSize);
        Assert.Equal(6, size.TopMean);
        Assert.Equal(2, size.RestMean);
        Assert.True(size.PValue < 0.001, $"p = {size.PValue}");
    }
}
