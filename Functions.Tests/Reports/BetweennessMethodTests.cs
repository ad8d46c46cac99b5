using System.Text;
using SurveyNetwork.Domain.Network;
using SurveyNetwork.Domain.Reports.Analysis;
using SurveyNetwork.Domain.Reports.Model;
using SurveyNetwork.Domain.Reports.Rendering;

namespace SurveyNetwork.Functions.Tests.Reports;

/// <summary>A report says whether its betweenness is exact or sampled, with how many sources and the error bound.</summary>
public class BetweennessMethodTests
{
    [Fact]
    public void A_sampled_report_states_its_pivots_and_error_bound_in_json_and_on_the_pages()
    {
        var inputs = ReportTestData.Organization([7, 6, 8, 3], k: 4);
        var options = new ReportOptions { Betweenness = new BetweennessOptions { BudgetSeconds = 0, Pivots = 5 } };

        var analysis = ReportBuilder.Analyze(inputs, options);
        var bound = BetweennessPlan.ErrorBoundFor(24, 5);
        var org = ReportBuilder.BuildOrganization(analysis);
        var team = ReportBuilder.BuildTeam(analysis, "t0");

        Assert.Equal((false, 5, (double?)bound), (org.Method.BetweennessExact, org.Method.BetweennessSampleSize, org.Method.BetweennessErrorBound));
        Assert.Equal((false, 5, (double?)bound), (org.Network!.BetweennessExact, org.Network.BetweennessSampleSize, org.Network.BetweennessErrorBound));
        var method = ReportTestData.Json(ReportFormats.Json(team)).GetProperty("method");
        Assert.False(method.GetProperty("betweennessExact").GetBoolean());
        Assert.Equal(5, method.GetProperty("betweennessSampleSize").GetInt32());
        Assert.Equal(bound, method.GetProperty("betweennessErrorBound").GetDouble(), 12);
        var stated = $"within ±{Format.Centrality(bound)}";
        Assert.Contains("estimated from 5 sampled starting points", Encoding.UTF8.GetString(ReportFormats.Html(org)), StringComparison.Ordinal);
        Assert.Contains(stated, Encoding.UTF8.GetString(ReportFormats.Html(org)), StringComparison.Ordinal);
        Assert.Contains(stated, Encoding.UTF8.GetString(ReportFormats.Html(team)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_small_organization_under_the_default_budget_is_exact_with_no_error_bound()
    {
        var analysis = ReportBuilder.Analyze(ReportTestData.Organization([7, 6, 8, 3], k: 4));
        var team = ReportBuilder.BuildTeam(analysis, "t0");

        Assert.Equal((true, 24, (double?)null), (team.Method.BetweennessExact, team.Method.BetweennessSampleSize, team.Method.BetweennessErrorBound));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, ReportTestData.Json(ReportFormats.Json(team)).GetProperty("method").GetProperty("betweennessErrorBound").ValueKind);
        Assert.Contains("Betweenness is exact.", Encoding.UTF8.GetString(ReportFormats.Html(team)), StringComparison.Ordinal);
    }
}
