using SurveyNetwork.Domain.Network;

namespace SurveyNetwork.Functions.Tests.Analytics;

/// <summary>Exact or sampled betweenness by estimated time against the budget: a pure function of n, m and the settings.</summary>
public class BetweennessPlanTests
{
    [Fact]
    public void Fifty_thousand_people_with_fifteen_ties_each_get_exact_values_under_the_default_budget()
    {
        var plan = BetweennessPlan.Choose(50_000, 750_000, new BetweennessOptions());

        Assert.True(plan.Exact);
        Assert.Equal(50_000, plan.Sources);
        Assert.Null(plan.ErrorBound);
        Assert.InRange(plan.EstimatedExactSeconds, 1, new BetweennessOptions().BudgetSeconds);
    }

    [Fact]
    public void A_million_people_are_sampled_with_the_pivots_that_fit_the_budget_and_the_hoeffding_bound()
    {
        var plan = BetweennessPlan.Choose(1_000_000, 15_000_000, new BetweennessOptions());

        Assert.False(plan.Exact);
        Assert.InRange(plan.Sources, new BetweennessOptions().MinPivots, new BetweennessOptions().Pivots);
        Assert.Equal(BetweennessPlan.ErrorBoundFor(1_000_000, plan.Sources), plan.ErrorBound);
        Assert.True(plan.EstimatedExactSeconds > new BetweennessOptions().BudgetSeconds);
    }

    [Theory]
    [InlineData(1_000_000, 15_000_000, 3_333)] // one source: 16·10⁶ steps × 4.5 ns / 2 cores = 0.036 s; 120 s / 0.036 s
    [InlineData(100_000, 1_500_000, 10_000)] // 33 333 would fit: capped at the pivot setting
    [InlineData(10_000_000, 150_000_000, 1_000)] // 333 would fit: never fewer than the minimum
    public void Sampled_networks_get_as_many_pivots_as_fit_the_budget_within_the_bounds(int nodes, long arcs, int pivots)
    {
        var options = new BetweennessOptions { CpuNanosecondsPerStep = 4.5, BudgetCores = 2, BudgetSeconds = 120, Pivots = 10_000, MinPivots = 1_000 };

        var plan = BetweennessPlan.Choose(nodes, arcs, options);

        Assert.Equal((false, pivots), (plan.Exact, plan.Sources));
    }

    [Fact]
    public void The_hoeffding_bound_for_a_million_people_and_ten_thousand_pivots_matches_the_hand_computed_value()
    {
        // n/(n−1) · √(ln(2n/0.05) / (2k)) with n = 10⁶, k = 10⁴: 0.0295841…
        Assert.Equal(0.0295841, BetweennessPlan.ErrorBoundFor(1_000_000, 10_000), 6);
    }

    [Theory]
    [InlineData(0.05, true)] // 1 000 sources × 10 000 steps × 10 ns / 2 cores = 0.05 s: exactly the budget
    [InlineData(0.0499, false)]
    public void The_choice_flips_where_the_estimated_exact_time_crosses_the_budget(double budget, bool exact)
    {
        var options = new BetweennessOptions { BudgetSeconds = budget, CpuNanosecondsPerStep = 10, BudgetCores = 2, Pivots = 100, MinPivots = 10 };

        var plan = BetweennessPlan.Choose(1_000, 9_000, options);

        Assert.Equal(0.05, plan.EstimatedExactSeconds, 12);
        Assert.Equal((exact, exact ? 1_000 : 100), (plan.Exact, plan.Sources));
    }

    [Fact]
    public void More_cores_in_the_budget_allow_larger_exact_networks()
    {
        var two = new BetweennessOptions { BudgetSeconds = 1, CpuNanosecondsPerStep = 10, BudgetCores = 2 };

        Assert.False(BetweennessPlan.Choose(20_000, 280_000, two).Exact);
        Assert.True(BetweennessPlan.Choose(20_000, 280_000, two with { BudgetCores = 64, BudgetSeconds = 20 }).Exact);
    }

    [Fact]
    public void A_forced_mode_overrides_the_budget_and_a_sample_as_large_as_the_network_is_exact()
    {
        Assert.True(BetweennessPlan.Choose(1_000_000, 15_000_000, new BetweennessOptions { Mode = BetweennessMode.Exact }).Exact);
        Assert.False(BetweennessPlan.Choose(100, 900, new BetweennessOptions { Mode = BetweennessMode.Sampled, Pivots = 10 }).Exact);
        Assert.True(BetweennessPlan.Choose(100, 900, new BetweennessOptions { Mode = BetweennessMode.Sampled, Pivots = 100 }).Exact);
    }

    [Fact]
    public void The_error_bound_shrinks_with_more_pivots_as_one_over_the_square_root()
    {
        var few = BetweennessPlan.ErrorBoundFor(50_000, 2_500);
        var many = BetweennessPlan.ErrorBoundFor(50_000, 10_000);

        Assert.Equal(2.0, few / many, 9);
        Assert.Equal(0.0269344, many, 6);
    }
}
