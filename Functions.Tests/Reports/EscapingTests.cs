using System.Text;
using System.Xml.Linq;
using System.Xml;
using SurveyNetwork.Domain.Reports.Analysis;
using SurveyNetwork.Domain.Reports.Rendering;
using SurveyNetwork.Domain.Survey;

namespace SurveyNetwork.Functions.Tests.Reports;

/// <summary>Hostile names and labels appear only as text in HTML, GraphML and CSV.</summary>
public class EscapingTests
{
    private const string Script = "<script>alert(1)</script>";
    private const string Breakout = "\"><img src=x onerror=alert(1)>";
    private const string Formula = "=HYPERLINK(\"http://x\")";

    /// <summary>A named-report organization whose names, team, function, site and outside labels are attacks.</summary>
    private static ReportInputs Hostile()
    {
        var inputs = ReportTestData.Organization([6, 6], k: 3, named: true, person: p => p.Id switch
        {
            "t0-p0" => p with { Name = Script },
            "t0-p1" => p with { Name = Breakout, Function = Breakout },
            "t0-p2" => p with { Location = Script },
            _ => p,
        });
        var roster = inputs.Roster with
        {
            Teams = inputs.Roster.Teams.Select(t => t.Id == "t1" ? t with { Name = Script + " & co" } : t).ToArray(),
            People = inputs.Roster.People.Select(p => p.Id == "t1-p5" ? p with { Id = Formula } : p).ToArray(),
        };
        var submissions = inputs.Submissions
            .Where(s => s.RespondentId != "t1-p5")
            .Select(s => s.RespondentId == "t0-p0"
                ? s with { Contacts = [.. s.Contacts, ReportTestData.Outside(Script), ReportTestData.Outside(Breakout), ReportTestData.Colleague(Formula)] }
                : s)
            .Append(ReportTestData.Answer(Formula, [ReportTestData.Colleague("t0-p0"), ReportTestData.Colleague("t1-p0")]))
            .ToArray();
        return inputs with { Roster = roster, Submissions = submissions };
    }

    internal static XmlDocument ParseHtml(byte[] html)
    {
        var document = new XmlDocument { XmlResolver = null };
        using var reader = XmlReader.Create(new MemoryStream(html), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null });
        document.Load(reader);
        return document;
    }

    private static void AssertOnlyText(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        Assert.DoesNotContain("<script", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", text, StringComparison.OrdinalIgnoreCase);
        var document = ParseHtml(bytes);
        var elements = document.SelectNodes("//*")!.Cast<XmlElement>().ToArray();
        Assert.DoesNotContain(elements, e => e.LocalName is "script" or "img" or "iframe" or "object");
        Assert.DoesNotContain(elements.SelectMany(e => e.Attributes.Cast<XmlAttribute>()), a => a.LocalName.StartsWith("on", StringComparison.OrdinalIgnoreCase) || a.LocalName == "src");
    }

    [Fact]
    public void Hostile_strings_appear_only_escaped_in_html()
    {
        var analysis = ReportBuilder.Analyze(Hostile());
        var team = ReportBuilder.BuildTeam(analysis, "t0");
        var pages = new[]
        {
            ReportFormats.Html(team),
            ReportFormats.Html(ReportBuilder.BuildTeam(analysis, "t1")),
            ReportFormats.Html(ReportBuilder.BuildOrganization(analysis)),
            ReportFormats.Html(ReportBuilder.BuildProfile(analysis, "t0-p0")),
        };
        foreach (var page in pages)
        {
            AssertOnlyText(page);
        }

        // The strings survive as text: the parsed team page reads them back exactly.
        var text = ParseHtml(pages[0]).DocumentElement!.InnerText;
        Assert.Contains(Script, text);
        Assert.Contains(Breakout, text);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", Encoding.UTF8.GetString(pages[0]));
        Assert.Contains(Script + " & co", ParseHtml(pages[2]).DocumentElement!.InnerText);
    }

    /// <summary>
    /// Map nodes are rendered once and filled per panel around a placeholder: a name that contains the
    /// placeholder's text, or breaks out of an attribute, must still be escaped title text, and every
    /// node of every panel must carry that panel's colour.
    /// </summary>
    [Fact]
    public void Map_nodes_are_filled_per_panel_whatever_the_names_say()
    {
        const string Tricky = "fill\u00A7placeholder\" fill=\"red";
        var inputs = ReportTestData.Organization([6, 6], k: 3, named: true, person: p => p.Id == "t0-p1" ? p with { Name = Tricky } : p);
        var analysis = ReportBuilder.Analyze(inputs);
        var team = ReportBuilder.BuildTeam(analysis, "t0");
        var page = ReportFormats.Html(team);
        AssertOnlyText(page);

        var svgs = ParseHtml(page).SelectNodes("//*[local-name()='svg'][@data-boundary]")!.Cast<XmlElement>().ToArray();
        Assert.Equal(team.Map!.Panels.Count, svgs.Length);
        var nodes = team.Map.Nodes;
        var drawn = Enumerable.Range(0, nodes.Count) // drawing order: outlined members last, larger under smaller
            .OrderBy(k => nodes[k].Highlight).ThenByDescending(k => nodes[k].Radius).ThenBy(k => k)
            .Where(k => nodes[k].Kind != SurveyNetwork.Domain.Reports.Model.MapNodeKind.Outside)
            .ToArray();
        foreach (var (svg, panel) in svgs.Zip(team.Map.Panels))
        {
            var circles = svg.SelectNodes(".//*[local-name()='circle']")!.Cast<XmlElement>().ToArray();
            Assert.Equal(drawn.Length, circles.Length);
            foreach (var (circle, k) in circles.Zip(drawn))
            {
                Assert.Equal(nodes[k].Title, circle.InnerText.Trim());
                Assert.Equal(Theme.Colour(panel.Colours[k]), circle.GetAttribute("fill"));
            }

            Assert.Contains(circles, c => c.InnerText.Contains(Tricky, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Hostile_strings_appear_only_as_data_in_graphml()
    {
        var analysis = ReportBuilder.Analyze(Hostile());
        foreach (var bytes in new[] { ReportFormats.GraphMl(ReportBuilder.BuildTeam(analysis, "t0")), ReportFormats.GraphMl(ReportBuilder.BuildOrganization(analysis)) })
        {
            var text = Encoding.UTF8.GetString(bytes);
            Assert.DoesNotContain("<script", text);
            Assert.DoesNotContain("<img", text);
            var xml = XDocument.Parse(text);
            Assert.All(xml.Descendants(), e => Assert.Contains(e.Name.LocalName, new[] { "graphml", "key", "graph", "node", "edge", "data" }));
            var values = xml.Descendants().Where(e => e.Name.LocalName == "data").Select(e => e.Value).ToHashSet();
            Assert.Contains(Script, values);
            Assert.Contains(Breakout, values);
            Assert.Contains(xml.Descendants().Where(e => e.Name.LocalName == "node"), n => (string?)n.Attribute("id") == Formula);
        }
    }

    [Fact]
    public void Csv_cells_are_quoted_and_formulas_neutralized()
    {
        var analysis = ReportBuilder.Analyze(Hostile());
        var csv = Encoding.UTF8.GetString(ReportFormats.CsvEdges(ReportBuilder.BuildOrganization(analysis)));
        var rows = ParseCsv(csv);
        Assert.Equal(["source", "target", "frequency", "personal", "giveBack", "reciprocated", "energy"], rows[0]);
        Assert.All(rows, r => Assert.Equal(7, r.Length));
        Assert.Contains(rows, r => r[0] == "'" + Formula);
        Assert.Contains(rows, r => r[1] == "'" + Formula);
        Assert.DoesNotContain(rows.SelectMany(r => r), cell => cell.StartsWith('=') || cell.StartsWith('+') || cell.StartsWith('@') || (cell.StartsWith('-') && !double.TryParse(cell, System.Globalization.CultureInfo.InvariantCulture, out _)));
    }

    [Fact]
    public void Characters_xml_forbids_are_replaced_rather_than_breaking_the_page()
    {
        var inputs = ReportTestData.Organization([5], k: 3, named: true, person: p => p.Id == "t0-p0" ? p with { Name = "Bell\u0007 and \uD800 lone" } : p);
        var analysis = ReportBuilder.Analyze(inputs);
        var team = ReportBuilder.BuildTeam(analysis, "t0");
        var html = ReportFormats.Html(team);
        Assert.Contains("Bell\uFFFD and \uFFFD lone", ParseHtml(html).DocumentElement!.InnerText);
        XDocument.Parse(Encoding.UTF8.GetString(ReportFormats.GraphMl(team)));
    }

    /// <summary>RFC 4180: quoted cells may hold commas, quotes ("") and line breaks.</summary>
    internal static List<string[]> ParseCsv(string text)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { cell.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else cell.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { row.Add(cell.ToString()); cell.Clear(); }
            else if (c == '\n') { row.Add(cell.ToString()); cell.Clear(); rows.Add([.. row]); row.Clear(); }
            else cell.Append(c);
        }

        Assert.False(quoted, "unterminated quoted cell");
        Assert.Equal(0, cell.Length + row.Count);
        return rows;
    }
}
