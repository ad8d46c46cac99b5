using System.Text;
using System.Xml.Linq;
using SurveyNetwork.Domain.Reports.Analysis;
using SurveyNetwork.Domain.Reports.Rendering;

namespace SurveyNetwork.Functions.Tests.Reports;

/// <summary>GraphML and JSON say which answers the privacy rules held back from the exports, and why.</summary>
public class HeldBackTests
{
    private static readonly XNamespace GraphMl = "http://graphml.graphdrawing.org/xmlns";

    private static Dictionary<string, string> GraphData(byte[] graphml)
    {
        var graph = XDocument.Parse(Encoding.UTF8.GetString(graphml)).Root!.Element(GraphMl + "graph")!;
        return graph.Elements(GraphMl + "data").ToDictionary(d => (string)d.Attribute("key")!, d => d.Value);
    }

    [Fact]
    public void Organization_export_with_fewer_edges_than_arcs_explains_the_difference()
    {
        // Teams t2 and t3 (2 each) are under k = 3; together they have 4 respondents, so their answers
        // count in the figures but their ties are not listed.
        var inputs = ReportTestData.Organization([6, 7, 2, 2], k: 3);
        var report = ReportBuilder.BuildOrganization(ReportBuilder.Analyze(inputs));
        var listedArcs = report.Export.Edges.Count(e => !e.Target.Contains('~', StringComparison.Ordinal));
        var held = report.HeldBack;
        Assert.False(held.LeftOutOfFigures);
        Assert.Equal(4, held.Respondents);
        Assert.True(held.Arcs > 0);
        Assert.Equal(report.Network!.Arcs, listedArcs + held.Arcs!.Value);
        Assert.Equal(4, held.OutsideContacts);
        Assert.NotNull(held.Reason);

        var data = GraphData(ReportFormats.GraphMl(report));
        Assert.Equal(held.Arcs.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), data["heldBackArcs"]);
        Assert.Equal("4", data["heldBackRespondents"]);
        Assert.Equal(held.Reason, data["heldBackReason"]);

        var json = ReportTestData.Json(ReportFormats.Json(report));
        Assert.Equal(held.Arcs, json.GetProperty("heldBack").GetProperty("arcs").GetInt32());
        Assert.False(json.GetProperty("heldBack").GetProperty("leftOutOfFigures").GetBoolean());
    }

    [Fact]
    public void Answers_left_out_of_every_figure_are_counted_from_the_answers()
    {
        // Team t3 alone is under k = 3 with 2 respondents: fewer than k together, so held back entirely.
        var inputs = ReportTestData.Organization([6, 7, 5, 2], k: 3);
        var report = ReportBuilder.BuildOrganization(ReportBuilder.Analyze(inputs));
        var held = report.HeldBack;
        Assert.True(held.LeftOutOfFigures);
        Assert.Equal(2, held.Respondents);
        // Fewer than k answered there, and their answers count nowhere: how many ties they named is not stated.
        Assert.Null(held.Arcs);
        Assert.Null(held.OutsideContacts);
        Assert.Contains("every figure", held.Reason, StringComparison.Ordinal);
        var data = GraphData(ReportFormats.GraphMl(report));
        Assert.Equal("2", data["heldBackRespondents"]);
        Assert.False(data.ContainsKey("heldBackArcs"));
    }

    [Fact]
    public void A_team_export_does_not_count_ties_fewer_than_k_people_named_into_it()
    {
        // t2 and t3 (3 each, k = 4) are under k but together count; only t3's three name into t0.
        var analysis = ReportBuilder.Analyze(ReportTestData.Organization([6, 7, 3, 3], k: 4));
        var t0 = ReportBuilder.BuildTeam(analysis, "t0");
        Assert.False(t0.HeldBack.LeftOutOfFigures);
        Assert.Equal(6, t0.HeldBack.Respondents);
        Assert.Null(t0.HeldBack.Arcs);
        Assert.Contains("not stated", t0.HeldBack.Reason, StringComparison.Ordinal);
        var data = GraphData(ReportFormats.GraphMl(t0));
        Assert.False(data.ContainsKey("heldBackArcs"));
        Assert.Equal(t0.HeldBack.Reason, data["heldBackReason"]);

        // The organization export counts all six, who together reach k.
        var org = ReportBuilder.BuildOrganization(analysis);
        Assert.Equal(6 * 2 + 6 * 1, org.HeldBack.Arcs); // two team-mates each in teams of 3, one in the next team
    }
}
