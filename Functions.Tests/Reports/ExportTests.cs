using System.Text;
using System.Xml.Linq;
using SurveyNetwork.Domain.Reports.Analysis;
using SurveyNetwork.Domain.Reports.Rendering;

namespace SurveyNetwork.Functions.Tests.Reports;

/// <summary>GraphML and CSV exports: well-formed, complete, and consistent with each other.</summary>
public class ExportTests
{
    private static readonly XNamespace GraphMl = "http://graphml.graphdrawing.org/xmlns";

    [Fact]
    public void Team_graphml_holds_members_their_contacts_and_outside_contacts()
    {
        // Teams of 5: each member names 2 team-mates, 1 person in the next team and 1 outside contact.
        var analysis = ReportBuilder.Analyze(ReportTestData.Organization([5, 5, 5], k: 3));
        var report = ReportBuilder.BuildTeam(analysis, "t1");
        var xml = XDocument.Parse(Encoding.UTF8.GetString(ReportFormats.GraphMl(report)));
        var graph = xml.Root!.Element(GraphMl + "graph")!;
        Assert.Equal("directed", (string?)graph.Attribute("edgedefault"));
        var nodes = graph.Elements(GraphMl + "node").ToArray();
        var edges = graph.Elements(GraphMl + "edge").ToArray();

        // 5 members + the 5 they name in t2 (p0…p4) + the 5 in t0 who name them + 5 outside contacts.
        Assert.Equal(5 + 5 + 5 + 5, nodes.Length);
        // 10 ties inside the team, 5 out to t2, 5 in from t0, 5 to outside contacts.
        Assert.Equal(10 + 5 + 5 + 5, edges.Length);
        var ids = nodes.Select(n => (string)n.Attribute("id")!).ToHashSet();
        Assert.All(edges, e => Assert.Contains((string)e.Attribute("source")!, ids));
        Assert.All(edges, e => Assert.Contains((string)e.Attribute("target")!, ids));

        var keys = xml.Root.Elements(GraphMl + "key").ToDictionary(k => (string)k.Attribute("id")!, k => (string)k.Attribute("attr.name")!);
        foreach (var name in new[] { "team", "function", "level", "location", "frequency", "inDegree", "betweenness" })
        {
            Assert.Contains(name, keys.Values);
        }

        string? Data(XElement e, string key) => e.Elements(GraphMl + "data").FirstOrDefault(d => (string?)d.Attribute("key") == key)?.Value;
        Assert.Equal(5, nodes.Count(n => Data(n, "kind") == "outside"));
        Assert.Equal(5, nodes.Count(n => Data(n, "m_inDegree") is not null)); // measures for members only
        Assert.All(edges, e => Assert.NotNull(Data(e, "frequency")));
    }

    [Fact]
    public void Organization_graphml_and_csv_list_every_tie_once()
    {
        var inputs = ReportTestData.Organization([6, 7, 5], k: 3);
        var report = ReportBuilder.BuildOrganization(ReportBuilder.Analyze(inputs));
        var xml = XDocument.Parse(Encoding.UTF8.GetString(ReportFormats.GraphMl(report)));
        var graph = xml.Root!.Element(GraphMl + "graph")!;
        var people = inputs.Roster.People.Count;
        var outside = inputs.Submissions.Sum(s => s.Contacts.Count(c => c.PersonId is null));
        var arcs = inputs.Submissions.Sum(s => s.Contacts.Count(c => c.PersonId is not null));
        Assert.Equal(people + outside, graph.Elements(GraphMl + "node").Count());
        Assert.Equal(arcs + outside, graph.Elements(GraphMl + "edge").Count());
        Assert.Equal(arcs, report.Network!.Arcs);

        var rows = EscapingTests.ParseCsv(Encoding.UTF8.GetString(ReportFormats.CsvEdges(report)));
        Assert.Equal(arcs + outside + 1, rows.Count);
        var pairs = rows.Skip(1).Select(r => (r[0], r[1])).ToArray();
        Assert.Equal(pairs.Length, pairs.Distinct().Count());
        var reciprocated = rows.Skip(1).Where(r => r[5] == "true").Select(r => (r[0], r[1])).ToHashSet();
        Assert.All(reciprocated, p => Assert.Contains((p.Item2, p.Item1), reciprocated));
    }
}
