using System.Text;
using System.Xml.Linq;
using System.Xml;
using SurveyNetwork.Domain.Reports.Analysis;
using SurveyNetwork.Domain.Reports.Model;
using SurveyNetwork.Domain.Reports.Rendering;
using SurveyNetwork.Domain.Survey;

namespace SurveyNetwork.Functions.Tests.Reports;

/// <summary>Unusual but valid inputs produce complete, well-formed reports rather than exceptions.</summary>
public class EdgeCaseTests
{
    private static void RendersEverything(ReportInputs inputs)
    {
        var analysis = ReportBuilder.Analyze(inputs);
        var org = ReportBuilder.BuildOrganization(analysis);
        Check(ReportFormats.Html(org), ReportFormats.Json(org), ReportFormats.GraphMl(org), ReportFormats.CsvEdges(org));
        foreach (var id in analysis.TeamIds)
        {
            var team = ReportBuilder.BuildTeam(analysis, id);
            Check(ReportFormats.Html(team), ReportFormats.Json(team), ReportFormats.GraphMl(team), ReportFormats.CsvEdges(team));
        }

        foreach (var person in inputs.Roster.People.Where(p => p.Active))
        {
            var profile = ReportBuilder.BuildProfile(analysis, person.Id);
            Check(ReportFormats.Html(profile), ReportFormats.Json(profile), null, null);
        }
    }

    private static void Check(byte[] html, byte[] json, byte[]? graphMl, byte[]? csv)
    {
        var document = new XmlDocument { XmlResolver = null };
        using (var reader = XmlReader.Create(new MemoryStream(html), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null }))
        {
            document.Load(reader);
        }

        ReportTestData.Json(json);
        if (graphMl is not null)
        {
            XDocument.Parse(Encoding.UTF8.GetString(graphMl));
        }

        if (csv is not null)
        {
            Assert.StartsWith("source,target,", Encoding.UTF8.GetString(csv));
        }
    }

    [Fact]
    public void An_empty_roster_gives_an_empty_organization_report()
    {
        var inputs = new ReportInputs(new Roster("acme", [], [], ReportTestData.At), ReportTestData.Cycle(), []);
        var analysis = ReportBuilder.Analyze(inputs);
        Assert.Empty(analysis.TeamIds);
        var org = ReportBuilder.BuildOrganization(analysis);
        Assert.False(org.Published);
        Assert.Equal(0, org.Coverage.Members);
        RendersEverything(inputs);
    }

    [Fact]
    public void A_cycle_without_answers_shows_coverage_only()
    {
        var inputs = ReportTestData.Organization([4, 5]) with { Submissions = [] };
        var analysis = ReportBuilder.Analyze(inputs);
        Assert.All(analysis.TeamIds, id => Assert.False(ReportBuilder.BuildTeam(analysis, id).Published));
        Assert.False(ReportBuilder.BuildOrganization(analysis).Published);
        Assert.False(ReportBuilder.BuildProfile(analysis, "t0-p0").Responded);
        RendersEverything(inputs);
    }

    [Fact]
    public void Questions_a_cycle_did_not_ask_leave_their_measures_empty()
    {
        var inputs = ReportTestData.Organization([5, 5], k: 3);
        inputs = inputs with { Cycle = inputs.Cycle with { Options = new CycleOptions { AskPersonal = false, AskGiveBack = false, AskBenefits = false } } };
        var team = ReportBuilder.BuildTeam(ReportBuilder.Analyze(inputs), "t0");
        Assert.Null(team.TeamAverages![Measure.PersonalShare]);
        Assert.Null(team.TeamAverages[Measure.GiveBack]);
        Assert.Null(team.TeamAverages[Measure.BenefitSolutions]);
        Assert.NotNull(team.TeamAverages[Measure.NetworkSize]);
        Assert.DoesNotContain("personal", Encoding.UTF8.GetString(ReportFormats.CsvEdges(team)).Split('\n')[1]);
        RendersEverything(inputs);
    }

    [Fact]
    public void Messy_answers_and_rosters_are_cleaned_not_fatal()
    {
        var inputs = ReportTestData.Organization([1, 6, 2], k: 1);
        var roster = inputs.Roster with
        {
            Teams = inputs.Roster.Teams.Where(t => t.Id != "t2").ToArray(), // a team missing from the team list
            People = [.. inputs.Roster.People, new Person("gone", "Gone", "t1", "Design", 1, "Lisbon", Active: false)],
        };
        var submissions = inputs.Submissions.Concat(
        [
            ReportTestData.Answer("stranger", [ReportTestData.Colleague("t1-p0")]),                   // not on the roster
            ReportTestData.Answer("gone", [ReportTestData.Colleague("t1-p0")]),                       // inactive
            ReportTestData.Answer("t1-p0", [ReportTestData.Colleague("t1-p0"), ReportTestData.Colleague("t1-p1"), ReportTestData.Colleague("t1-p1"), ReportTestData.Colleague("nobody")], version: 5),
            ReportTestData.Answer("t1-p1", [ReportTestData.Colleague("t0-p0")], cycleId: "another-cycle", version: 9),
        ]).ToArray();
        var messy = inputs with { Roster = roster, Submissions = submissions };
        var analysis = ReportBuilder.Analyze(messy);
        Assert.Equal(["t0", "t1", "t2"], analysis.TeamIds);
        var t1 = ReportBuilder.BuildTeam(analysis, "t1");
        Assert.Equal(1, t1.Members.Single(m => m.Values[Measure.NetworkSize] == 1).Values[Measure.OutDegree]); // self, duplicate and unknown dropped
        Assert.Equal("t2", ReportBuilder.BuildTeam(analysis, "t2").TeamName);
        Assert.Null(ReportBuilder.BuildTeam(analysis, "t0").Structure!.Density); // one member: no density
        Assert.Throws<ArgumentException>(() => ReportBuilder.BuildProfile(analysis, "gone"));
        RendersEverything(messy);
    }
}
