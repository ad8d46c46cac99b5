using System.Text;
using System.Xml;
using SurveyNetwork.Domain.Demo;
using SurveyNetwork.Domain.Reports.Analysis;
using SurveyNetwork.Domain.Reports.Rendering;
using SurveyNetwork.Domain.Survey;

namespace SurveyNetwork.Functions.Tests.Reports;

/// <summary>
/// Renders the demo organization's reports to HTML files in a temporary folder (as a reader would
/// open them) and checks they are self-contained, well-formed, accessible pages.
/// </summary>
public sealed class DemoReportTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "surveynetwork-demo-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    internal static ReportInputs DemoInputs()
    {
        var at = ReportTestData.At;
        var roster = DemoOrganization.Roster("acme", at);
        var cycle = ReportTestData.Cycle(k: 5) with { Title = "Spring 2026 network survey", Options = new CycleOptions { AskEnergy = true } };
        var previousCycle = cycle with { Id = "c0", Title = "Autumn 2025 network survey", OpensAt = at.AddDays(-200), ClosesAt = at.AddDays(-186), CreatedAt = at.AddDays(-210) };
        return new ReportInputs(
            roster,
            cycle,
            DemoOrganization.Answers(roster, cycle.Id, at.AddDays(-3)),
            new PreviousCycle(previousCycle, roster, DemoOrganization.Answers(roster, previousCycle.Id, at.AddDays(-190), seed: 7, responseRate: 0.75)));
    }

    [Fact]
    public void The_demo_organization_renders_to_self_contained_accessible_pages()
    {
        Directory.CreateDirectory(_folder);
        var analysis = ReportBuilder.Analyze(DemoInputs());
        var files = new List<string>();
        void Write(string name, byte[] bytes)
        {
            var path = Path.Combine(_folder, name);
            File.WriteAllBytes(path, bytes);
            files.Add(path);
        }

        var org = ReportBuilder.BuildOrganization(analysis);
        Write("organization.html", ReportFormats.Html(org));
        foreach (var team in analysis.TeamIds)
        {
            Write($"team-{team}.html", ReportFormats.Html(ReportBuilder.BuildTeam(analysis, team)));
        }

        Write("profile.html", ReportFormats.Html(ReportBuilder.BuildProfile(analysis, analysis.Inputs.Submissions[0].RespondentId)));
        Assert.Equal(analysis.TeamIds.Count + 2, files.Count);
        Assert.Contains(org.Teams, t => t.Published);

        foreach (var path in files)
        {
            var bytes = File.ReadAllBytes(path);
            var text = Encoding.UTF8.GetString(bytes);
            Assert.StartsWith("<!DOCTYPE html>\n<html lang=\"en\">", text);
            Assert.Contains("<meta charset=\"utf-8\" />", text);
            Assert.Contains("@media print", text);

            var document = new XmlDocument { XmlResolver = null };
            using (var reader = XmlReader.Create(new MemoryStream(bytes), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null }))
            {
                document.Load(reader);
            }

            var elements = document.SelectNodes("//*")!.Cast<XmlElement>().ToArray();
            Assert.DoesNotContain(elements, e => e.LocalName is "script" or "img" or "iframe");
            Assert.All(elements.Where(e => e.LocalName == "link"), l => Assert.Equal(("icon", "data:,"), (l.GetAttribute("rel"), l.GetAttribute("href"))));
            // No outside request: no src/srcset attribute, no url() anywhere, and an href only as a
            // reference to an element of the same page (map panels reuse what they share) or the
            // inline (empty) icon, so the browser does not ask for /favicon.ico.
            var pageIds = elements.Where(e => e.HasAttribute("id")).Select(e => e.GetAttribute("id")).ToArray();
            Assert.Equal(pageIds.Length, pageIds.Distinct(StringComparer.Ordinal).Count());
            Assert.DoesNotContain(elements.SelectMany(e => e.Attributes.Cast<XmlAttribute>()), a => a.LocalName is "src" or "srcset");
            Assert.All(elements.SelectMany(e => e.Attributes.Cast<XmlAttribute>()).Where(a => a.LocalName == "href"), a =>
                Assert.True(a.Value == "data:," || (a.Value.StartsWith('#') && pageIds.Contains(a.Value[1..], StringComparer.Ordinal)), $"href=\"{a.Value}\" is neither the inline icon nor an element of the page"));
            Assert.All(System.Text.RegularExpressions.Regex.Matches(text, @"url\(([^)]*)\)").Select(m => m.Groups[1].Value), target =>
                Assert.True(target.StartsWith('#') && pageIds.Contains(target[1..], StringComparer.Ordinal), $"url({target}) is not an element of the page"));
            Assert.NotEmpty(document.SelectSingleNode("/html/head/title")!.InnerText);
            Assert.Contains(elements, e => e.LocalName == "h1");

            // Every table has a caption and its header cells a scope.
            foreach (var table in elements.Where(e => e.LocalName == "table"))
            {
                Assert.Equal("caption", table.FirstChild?.LocalName);
            }

            Assert.All(elements.Where(e => e.LocalName == "th"), th => Assert.False(string.IsNullOrEmpty(th.GetAttribute("scope"))));

            // The map (team and organization pages) is an image with a title and description.
            foreach (var svg in elements.Where(e => e.LocalName == "svg" && e.GetAttribute("role") == "img" && e.HasAttribute("aria-labelledby")))
            {
                var ids = svg.GetAttribute("aria-labelledby").Split(' ');
                Assert.Equal(["title", "desc"], svg.ChildNodes.Cast<XmlNode>().Take(2).Select(n => n.LocalName));
                Assert.Equal(ids, svg.ChildNodes.Cast<XmlElement>().Take(2).Select(n => n.GetAttribute("id")));
            }
        }

        var orgPage = File.ReadAllText(files[0]);
        Assert.Contains("Network map", orgPage);
        Assert.Contains("Top findings", orgPage);
        Assert.Contains("Performance and networks", orgPage);
        Assert.Contains("Change since the previous cycle", orgPage);
    }
}
