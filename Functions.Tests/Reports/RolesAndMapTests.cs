using SurveyNetwork.Domain.Reports.Analysis;
using SurveyNetwork.Domain.Reports.Model;
using SurveyNetwork.Domain.Survey;

namespace SurveyNetwork.Functions.Tests.Reports;

/// <summary>Coverage labels, role thresholds, connections, recommendations and the network map.</summary>
public class RolesAndMapTests
{
    [Theory]
    [InlineData(10, 8, Confidence.High)]
    [InlineData(100, 79, Confidence.Directional)]
    [InlineData(20, 13, Confidence.Directional)]
    [InlineData(100, 64, Confidence.Caution)]
    [InlineData(7, 0, Confidence.Caution)]
    public void Response_rate_sets_the_confidence_label(int members, int respondents, Confidence expected)
    {
        var coverage = Coverage.Of(members, respondents);
        Assert.Equal(expected, coverage.Confidence);
        Assert.Equal((double)respondents / members, coverage.ResponseRate);
        Assert.Null(Coverage.Of(0, 0).Confidence);
    }

    /// <summary>
    /// A hub everyone in a 12-person team asks, plus a second team of 6 that knows only its own
    /// members and one person who names and is named by nobody.
    /// </summary>
    internal static ReportInputs HubAndSpokes()
    {
        var people = Enumerable.Range(0, 12).Select(i => new Person($"a{i:D2}", $"A {i}", "a", "Ops", i == 0 ? 3 : 1, "Lisbon"))
            .Concat(Enumerable.Range(0, 6).Select(i => new Person($"b{i}", $"B {i}", "b", "Sales", 1, "Berlin")))
            .ToArray();
        var submissions = new List<Submission>();
        for (var i = 1; i < 12; i++)
        {
            // Everyone asks the hub; a01…a10 also ask the next colleague; a11 names only the hub.
            var contacts = new List<ContactAnswer> { ReportTestData.Colleague("a00") };
            if (i < 11) contacts.Add(ReportTestData.Colleague($"a{i % 10 + 1:D2}"));
            submissions.Add(ReportTestData.Answer($"a{i:D2}", contacts));
        }

        submissions.Add(ReportTestData.Answer("a00", [ReportTestData.Colleague("a01"), ReportTestData.Colleague("b0"), ReportTestData.Outside("Partner"), ReportTestData.Outside("Customer")]));
        for (var i = 0; i < 5; i++)
        {
            submissions.Add(ReportTestData.Answer($"b{i}", [ReportTestData.Colleague($"b{(i + 1) % 5}"), ReportTestData.Colleague($"b{(i + 2) % 5}")]));
        }

        // b5 answered with no colleague at all: an isolate.
        submissions.Add(ReportTestData.Answer("b5", [ReportTestData.Outside("A friend at a supplier")]));
        return new ReportInputs(new Roster("acme", [new Team("a", "Alpha", "Unit"), new Team("b", "Beta", "Unit")], people, ReportTestData.At), ReportTestData.Cycle(k: 3, named: true), submissions);
    }

    [Fact]
    public void The_hub_is_a_central_connector_an_overloaded_bottleneck_and_a_recommendation()
    {
        var analysis = ReportBuilder.Analyze(HubAndSpokes());
        var team = ReportBuilder.BuildTeam(analysis, "a");
        var hub = team.Members.Single(m => m.Key == "a00");
        Assert.Equal(11, hub.Values[Measure.InDegree]);
        Assert.Contains(Role.CentralConnector, hub.Roles);
        Assert.Contains(Role.Overloaded, hub.Roles);
        Assert.Contains(Role.BoundarySpanner, hub.Roles); // 3 of 4 contacts outside the team
        Assert.True(hub.Values[Measure.InDegree] >= team.Method.Roles.CentralConnectorMinInDegree);

        var bottleneck = Assert.Single(team.Recommendations, r => r.Tactic == Tactic.RelieveBottleneck);
        Assert.Contains("A 0", bottleneck.Title);
        Assert.Contains(bottleneck.Evidence, e => e.Value == "11");

        // a11 names only the hub and nobody names a11: peripheral.
        Assert.Contains(Role.Peripheral, team.Members.Single(m => m.Key == "a11").Roles);
        Assert.Contains(team.Recommendations, r => r.Tactic == Tactic.DrawInPeripheral && r.Title.Contains("A 11", StringComparison.Ordinal));
        Assert.Equal(1, team.Structure!.Overloaded);
    }

    [Fact]
    public void An_isolate_is_isolated_not_peripheral_and_a_boundary_spanner_needs_three_contacts()
    {
        var analysis = ReportBuilder.Analyze(HubAndSpokes());
        var beta = ReportBuilder.BuildTeam(analysis, "b");
        var isolate = beta.Members.Single(m => m.Key == "b5");
        Assert.Equal([Role.Isolate], isolate.Roles);
        Assert.Equal(1.0, isolate.Values[Measure.OutsideOrganization]); // one contact, outside: too few to span
        Assert.Equal(1, beta.Structure!.Isolates);
        Assert.Single(beta.Members.Single(m => m.Key == "b5").OutsideContacts);
    }

    [Fact]
    public void Connections_rank_teams_and_count_both_directions_for_published_teams()
    {
        var analysis = ReportBuilder.Analyze(HubAndSpokes());
        var alpha = ReportBuilder.BuildTeam(analysis, "a");
        var beta = Assert.Single(alpha.MostConnected);
        Assert.Equal(("b", 1, 0, 1), (beta.TeamId, beta.Named, beta.NamedBy!.Value, beta.Ties));
        Assert.Empty(alpha.LeastConnected);
    }

    [Fact]
    public void A_team_map_shows_members_and_direct_contacts_with_a_legend()
    {
        var analysis = ReportBuilder.Analyze(HubAndSpokes());
        var map = ReportBuilder.BuildTeam(analysis, "a").Map!;
        Assert.Equal(13, map.Nodes.Count(n => n.Kind == MapNodeKind.Person)); // 12 members and b0
        Assert.Equal("Customers", Assert.Single(map.Nodes, n => n.Kind == MapNodeKind.Outside).Label); // the hub's two customers
        Assert.Equal(12, map.Nodes.Count(n => n.Highlight));
        Assert.Equal(["level", "function", "location", "team"], map.Panels.Select(p => p.Boundary));
        Assert.Equal(2, map.Panels.Single(p => p.Boundary == "function").Legend.Count);
        Assert.All(map.Nodes, n => Assert.InRange(n.X, 0, map.Width));
        Assert.All(map.Nodes, n => Assert.InRange(n.Y, 0, map.Height));
        Assert.All(map.Edges, e => Assert.InRange(e.Source, 0, map.Nodes.Count - 1));
        var hub = map.Nodes.Single(n => n.Key == "a00");
        Assert.Equal(map.Nodes.Max(n => n.Radius), hub.Radius);
        Assert.NotNull(hub.Label);
    }

    [Fact]
    public void Large_organizations_get_an_aggregated_map_and_large_teams_a_trimmed_one()
    {
        // 26 teams of 10: above the 200-person limit.
        var inputs = ReportTestData.Organization(Enumerable.Repeat(10, 26).ToArray(), k: 3);
        var analysis = ReportBuilder.Analyze(inputs);
        var org = ReportBuilder.BuildOrganization(analysis).Map!;
        Assert.True(org.Aggregated);
        Assert.Equal(26, org.Nodes.Count(n => n.Kind == MapNodeKind.Team));
        Assert.Equal(260, inputs.Roster.People.Count);

        var big = ReportTestData.Organization([230, 5], k: 3);
        var team = ReportBuilder.BuildTeam(ReportBuilder.Analyze(big), "t0").Map!;
        Assert.Equal(200, team.Nodes.Count(n => n.Kind == MapNodeKind.Person));
        Assert.Equal(235, team.TotalNodes);
        Assert.Contains("most connected", team.Description);
    }

    [Fact]
    public void Recommendations_cite_the_numbers_that_triggered_them()
    {
        // Team 0 never looks outside itself; everyone else names the next team.
        var inputs = ReportTestData.Organization([6, 6, 6], k: 3);
        var inward = inputs with
        {
            Submissions = inputs.Submissions
                .Select(s => s.RespondentId.StartsWith("t0-", StringComparison.Ordinal) ? s with { Contacts = s.Contacts.Where(c => c.PersonId is null || c.PersonId.StartsWith("t0-", StringComparison.Ordinal)).ToArray() } : s)
                .ToArray(),
        };
        var team = ReportBuilder.BuildTeam(ReportBuilder.Analyze(inward), "t0");
        var connect = Assert.Single(team.Recommendations, r => r.Tactic == Tactic.ConnectAcrossBoundaries && r.Title == "Connect with other teams");
        var evidence = Assert.Single(connect.Evidence);
        Assert.Equal("0%", evidence.Value);
        Assert.StartsWith("organization ", evidence.Reference);
    }
}
