using System.Text;
using System.Xml;
using SurveyNetwork.Domain.Reports.Analysis;
using SurveyNetwork.Domain.Reports.Model;
using SurveyNetwork.Domain.Reports.Rendering;
using SurveyNetwork.Domain.Survey;

namespace SurveyNetwork.Functions.Tests.Reports;

/// <summary>
/// The network maps: one panel per boundary with a legend for every colour used, directed ties with
/// distinct mutual ties, outside contacts as nodes per kind, unique labels, aggregation with the k
/// rule for large organizations, and byte-identical rendering.
/// </summary>
public class NetworkMapTests
{
    private static readonly string[] Boundaries = ["level", "function", "location", "team"];

    [Fact]
    public void Every_map_has_a_panel_per_boundary_and_every_colour_used_is_in_its_legend()
    {
        var analysis = ReportBuilder.Analyze(ReportTestData.Organization([6, 7, 5, 6], k: 3));
        var maps = analysis.TeamIds.Select(t => ReportBuilder.BuildTeam(analysis, t).Map!).Append(ReportBuilder.BuildOrganization(analysis).Map!).ToArray();
        foreach (var map in maps)
        {
            Assert.Equal(Boundaries, map.Panels.Select(p => p.Boundary));
            foreach (var panel in map.Panels)
            {
                Assert.Equal(map.Nodes.Count, panel.Colours.Count);
                Assert.InRange(panel.Legend.Count, 1, 8);
                var used = panel.Colours.Where((c, k) => map.Nodes[k].Kind != MapNodeKind.Outside).ToHashSet();
                Assert.Equal(used.Order(), panel.Legend.Select(l => l.Colour).Order());
                Assert.All(panel.Colours.Where((c, k) => map.Nodes[k].Kind == MapNodeKind.Outside), c => Assert.Equal(-2, c));
                Assert.Equal(map.Nodes.Count(n => n.Kind != MapNodeKind.Outside), panel.Legend.Sum(l => l.Count));
            }
        }

        // On a team's map the team itself always takes the first colour.
        var team = maps[0];
        var teamPanel = team.Panels.Single(p => p.Boundary == "team");
        Assert.Equal("Team 0", teamPanel.Legend[0].Label);
        Assert.All(team.Nodes.Select((n, k) => (n, k)).Where(x => x.n.Highlight), x => Assert.Equal(0, teamPanel.Colours[x.k]));
    }

    [Fact]
    public void More_than_eight_categories_share_an_other_colour()
    {
        // 12 teams of 6 people each: 12 team colours do not fit the palette.
        var analysis = ReportBuilder.Analyze(ReportTestData.Organization(Enumerable.Repeat(6, 12).ToArray(), k: 3));
        var panel = ReportBuilder.BuildOrganization(analysis).Map!.Panels.Single(p => p.Boundary == "team");
        Assert.Equal(8, panel.Legend.Count);
        Assert.Equal(-1, panel.Legend[^1].Colour);
        Assert.StartsWith("Other (5 more)", panel.Legend[^1].Label, StringComparison.Ordinal);
        Assert.Equal(30, panel.Legend[^1].Count);
    }

    [Fact]
    public void Organization_labels_carry_the_team_so_no_pseudonym_repeats()
    {
        var analysis = ReportBuilder.Analyze(ReportTestData.Organization([6, 6, 6], k: 3));
        var map = ReportBuilder.BuildOrganization(analysis).Map!;
        var labels = map.Nodes.Where(n => n.Label is not null).Select(n => n.Label!).ToArray();
        Assert.True(labels.Length >= 10);
        Assert.Equal(labels.Length, labels.Distinct(StringComparer.Ordinal).Count());
        Assert.Contains(labels, l => l.StartsWith("Team 1 · ", StringComparison.Ordinal));
        Assert.DoesNotContain(labels, l => l.StartsWith("Member ", StringComparison.Ordinal));
    }

    [Fact]
    public void Named_reports_tell_people_with_the_same_name_apart()
    {
        var inputs = ReportTestData.Organization([4, 4], k: 3, named: true, person: p => p with { Name = p.Id.EndsWith("-p0", StringComparison.Ordinal) ? "Alex Kim" : p.Name });
        var analysis = ReportBuilder.Analyze(inputs);
        var labels = ReportBuilder.BuildOrganization(analysis).Map!.Nodes.Select(n => n.Label).OfType<string>().ToArray();
        Assert.Equal(labels.Length, labels.Distinct(StringComparer.Ordinal).Count());
        Assert.Contains("Alex Kim (Team 0)", labels);
        Assert.Contains("Alex Kim (Team 1)", labels);
        Assert.DoesNotContain("Alex Kim", labels);
    }

    [Fact]
    public void Ties_point_from_who_named_to_who_was_named_and_mutual_ties_are_marked()
    {
        // Teams of 3: each member names both others (mutual); each also names one person in the next team (one way).
        var analysis = ReportBuilder.Analyze(ReportTestData.Organization([3, 3, 3], k: 3));
        var map = ReportBuilder.BuildOrganization(analysis).Map!;
        string TeamOf(int node) => map.Nodes[node].Key.Split('-')[0];
        var people = map.Edges.Where(e => map.Nodes[e.Target].Kind == MapNodeKind.Person).ToArray();
        Assert.Equal(9, people.Count(e => e.Mutual));
        Assert.All(people.Where(e => e.Mutual), e => Assert.Equal(TeamOf(e.Source), TeamOf(e.Target)));
        var oneWay = people.Where(e => !e.Mutual).ToArray();
        Assert.Equal(9, oneWay.Length);
        Assert.All(oneWay, e => Assert.Equal($"t{(int.Parse(TeamOf(e.Source)[1..], System.Globalization.CultureInfo.InvariantCulture) + 1) % 3}", TeamOf(e.Target)));
    }

    [Fact]
    public void Outside_contacts_are_nodes_per_kind_drawn_only_where_the_team_may_show_answers()
    {
        var inputs = ReportTestData.Organization([6, 6, 6], respondents: [6, 6, 2], k: 3);
        inputs = inputs with
        {
            Submissions = inputs.Submissions.Select(s => s.RespondentId == "t0-p0"
                ? s with { Contacts = [.. s.Contacts, ReportTestData.Outside("Old boss", OutsideKind.FormerColleague)] }
                : s).ToArray(),
        };
        var analysis = ReportBuilder.Analyze(inputs);
        var team = ReportBuilder.BuildTeam(analysis, "t0").Map!;
        var outside = team.Nodes.Select((n, k) => (n, k)).Where(x => x.n.Kind == MapNodeKind.Outside).ToArray();
        Assert.Equal(["Customers", "Former colleagues"], outside.Select(x => x.n.Label));
        Assert.Equal(6, team.Edges.Count(e => e.Target == outside[0].k));
        Assert.All(team.Edges.Where(e => e.Target == outside[0].k), e => Assert.True(team.Nodes[e.Source].Highlight));
        Assert.NotNull(team.OutsideBand);
        Assert.All(outside, x => Assert.True(x.n.X > team.OutsideBand));
        Assert.All(team.Nodes.Where(n => n.Kind == MapNodeKind.Person), n => Assert.True(n.X + n.Radius < team.OutsideBand));

        // The team under the threshold: its members' outside contacts never appear.
        var org = ReportBuilder.BuildOrganization(analysis).Map!;
        var toOutside = org.Edges.Where(e => org.Nodes[e.Target].Kind == MapNodeKind.Outside).ToArray();
        Assert.Equal(13, toOutside.Length);
        Assert.DoesNotContain(toOutside, e => org.Nodes[e.Source].Key.StartsWith("t2-", StringComparison.Ordinal));
        Assert.Null(ReportBuilder.BuildTeam(analysis, "t2").Map);
    }

    [Fact]
    public void Large_organizations_aggregate_to_teams_and_withhold_counts_from_fewer_than_k_people()
    {
        // 26 teams of 10 (above the person-level limit); in team 0 only two people name anyone in team 1.
        var inputs = ReportTestData.Organization(Enumerable.Repeat(10, 26).ToArray(), k: 3);
        inputs = inputs with
        {
            Submissions = inputs.Submissions.Select(s => s.RespondentId.StartsWith("t0-", StringComparison.Ordinal) && s.RespondentId is not ("t0-p0" or "t0-p1")
                ? s with { Contacts = s.Contacts.Where(c => c.PersonId is null || c.PersonId.StartsWith("t0-", StringComparison.Ordinal)).ToArray() }
                : s).ToArray(),
        };
        var map = ReportBuilder.BuildOrganization(ReportBuilder.Analyze(inputs)).Map!;
        Assert.True(map.Aggregated);
        Assert.Equal(26, map.Nodes.Count(n => n.Kind == MapNodeKind.Team));
        Assert.Equal(["level", "function", "location", "unit"], map.Panels.Select(p => p.Boundary));
        int Node(string key) => map.Nodes.Select((n, k) => (n, k)).Single(x => x.n.Key == key).k;
        var weak = map.Edges.Single(e => e.Source == Node("team:t0") && e.Target == Node("team:t1"));
        Assert.False(weak.WeightShown);
        Assert.Equal(0, weak.Weight);
        var strong = map.Edges.Single(e => e.Source == Node("team:t1") && e.Target == Node("team:t2"));
        Assert.True(strong.WeightShown);
        Assert.Equal(10, strong.Weight);
        Assert.False(strong.Mutual);

        // Outside contacts per team and kind, each from at least k people.
        var customers = Node("outside:customer");
        Assert.Equal(26, map.Edges.Count(e => e.Target == customers));
        Assert.All(map.Edges.Where(e => e.Target == customers), e => Assert.Equal(10, e.Weight));

        var labels = map.Nodes.Select(n => n.Label).OfType<string>().ToArray();
        Assert.Equal(labels.Length, labels.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void The_rendered_panels_have_arrows_mutual_marks_outside_squares_unique_labels_and_a_full_legend()
    {
        var analysis = ReportBuilder.Analyze(ReportTestData.Organization([3, 3, 3], k: 3));
        var report = ReportBuilder.BuildOrganization(analysis);
        var document = Load(ReportFormats.Html(report));
        var panels = document.SelectNodes("//*[local-name()='svg'][@data-boundary]")!.Cast<XmlElement>().ToArray();
        Assert.Equal(Boundaries, panels.Select(p => p.GetAttribute("data-boundary")));
        // Band, ties, arrowheads and labels are drawn once, in the first panel's defs, and every panel uses them by reference.
        var shared = (XmlElement)panels[0].SelectSingleNode("*[local-name()='defs']")!;
        Assert.Equal(["org-map-ties", "org-map-labels"], shared.ChildNodes.Cast<XmlElement>().Select(g => g.GetAttribute("id")));
        XmlElement Group(string name) => (XmlElement)shared.SelectSingleNode($"*[@id='org-map-ties']/*[local-name()='g'][@class='{name}']")!;
        static int Segments(XmlElement g) => g.SelectNodes("*[local-name()='path']")!.Cast<XmlElement>().Sum(p => p.GetAttribute("d").Count(c => c == 'M'));
        var oneWay = Group("ties one-way");
        var mutual = Group("ties mutual");
        Assert.Equal("5 3", oneWay.GetAttribute("stroke-dasharray"));
        Assert.False(mutual.HasAttribute("stroke-dasharray"));
        Assert.NotEqual(oneWay.GetAttribute("stroke"), mutual.GetAttribute("stroke"));
        Assert.Equal(9, Segments(mutual));
        Assert.Equal(2 * 9, Segments(Group("heads mutual"))); // a head at each end
        Assert.Equal(9 + 9, Segments(oneWay)); // nine ties to the next team, nine to the customers' square
        Assert.Equal(9 + 9, Segments(Group("heads one-way")));
        var labels = shared.SelectNodes(".//*[local-name()='text']")!.Cast<XmlElement>().Select(t => t.InnerText).Where(t => t != "Outside the organization").ToArray();
        Assert.Equal(labels.Length, labels.Distinct(StringComparer.Ordinal).Count());
        Assert.Contains("Customers", labels);

        foreach (var svg in panels)
        {
            Assert.Equal(["#org-map-ties", "#org-map-labels"], svg.SelectNodes("*[local-name()='use']")!.Cast<XmlElement>().Select(u => u.GetAttribute("href")));
            Assert.DoesNotContain("url(", svg.OuterXml, StringComparison.Ordinal);
            Assert.Single(svg.SelectNodes(".//*[local-name()='rect'][*[local-name()='title']]")!);

            var fills = svg.SelectNodes(".//*[local-name()='circle']")!.Cast<XmlElement>().Select(c => c.GetAttribute("fill")).ToHashSet();
            var legend = (XmlElement)svg.SelectSingleNode("following-sibling::*[local-name()='ul']")!;
            var swatches = legend.SelectNodes(".//*[@class='swatch']")!.Cast<XmlElement>().Select(s => s.GetAttribute("style").Replace("background:", "", StringComparison.Ordinal)).ToHashSet();
            Assert.Equal(fills.Order(), swatches.Order());
        }

        var marks = document.SelectSingleNode("//*[@aria-label='What the marks mean']")!.InnerText;
        Assert.Contains("one-way tie", marks);
        Assert.Contains("mutual tie", marks);
        Assert.Contains("outside the organization", marks);
        Assert.Contains("larger", marks);
    }

    [Fact]
    public void Maps_render_to_the_same_bytes_every_time()
    {
        var inputs = ReportTestData.Organization([6, 7, 5], k: 3);
        var first = ReportFormats.Html(ReportBuilder.BuildTeam(ReportBuilder.Analyze(inputs), "t1"));
        var second = ReportFormats.Html(ReportBuilder.BuildTeam(ReportBuilder.Analyze(inputs with { Submissions = inputs.Submissions.Reverse().ToArray() }), "t1"));
        Assert.Equal(first, second);
        var big = ReportTestData.Organization(Enumerable.Repeat(10, 21).ToArray(), k: 3);
        Assert.Equal(ReportFormats.Html(ReportBuilder.BuildOrganization(ReportBuilder.Analyze(big))), ReportFormats.Html(ReportBuilder.BuildOrganization(ReportBuilder.Analyze(big))));
    }

    private static XmlDocument Load(byte[] bytes)
    {
        var document = new XmlDocument { XmlResolver = null };
        using var reader = XmlReader.Create(new MemoryStream(bytes), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null });
        document.Load(reader);
        Assert.StartsWith("<!DOCTYPE html>", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        return document;
    }
}
