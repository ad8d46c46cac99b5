using System.Text;
using System.Text.Json;
using SurveyNetwork.Domain.Reports.Analysis;
using SurveyNetwork.Domain.Reports.Model;
using SurveyNetwork.Domain.Reports.Rendering;
using SurveyNetwork.Domain.Survey;

namespace SurveyNetwork.Functions.Tests.Reports;

/// <summary>
/// The energizer role: who meets the rule (checked against a count straight from the answers), named
/// only in named reports, and in anonymized reports a count that no export, row or list ties to a person.
/// </summary>
public class EnergizerTests
{
    /// <summary>The two people every colleague who names them rates 5 of 5; everyone else gets 1–3.</summary>
    private static readonly string[] Energizing = ["t0-p2", "t1-p3"];

    private static ReportInputs Inputs(bool named, bool askEnergy = true)
    {
        var inputs = ReportTestData.Organization([6, 7, 5, 4], k: 3, named: named);
        var submissions = inputs.Submissions.Select((s, n) => s with
        {
            Contacts = s.Contacts.Select((c, i) => c with
            {
                Energy = c.PersonId is { } id && Energizing.Contains(id) ? 5 : 1 + (n + i) % 3,
            }).ToArray(),
        }).ToArray();
        return inputs with
        {
            Cycle = inputs.Cycle with { Options = new CycleOptions { AskEnergy = askEnergy } },
            Submissions = submissions,
        };
    }

    /// <summary>Straight from the answers: colleagues rated 4–5, each counted once per rater, against max(3, nearest-rank 90th percentile).</summary>
    private static HashSet<string> BruteEnergizers(ReportInputs inputs)
    {
        var ids = inputs.Roster.People.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        var count = ids.ToDictionary(id => id, _ => 0, StringComparer.Ordinal);
        foreach (var s in inputs.Submissions)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var c in s.Contacts)
            {
                if (c.PersonId is { } id && ids.Contains(id) && id != s.RespondentId && seen.Add(id) && c.Energy >= 4)
                {
                    count[id]++;
                }
            }
        }

        var sorted = count.Values.OrderBy(v => v).ToArray();
        var p90 = sorted[(int)Math.Ceiling(0.9 * sorted.Length) - 1];
        var min = Math.Max(3, p90);
        return count.Where(kv => kv.Value >= min).Select(kv => kv.Key).ToHashSet(StringComparer.Ordinal);
    }

    [Fact]
    public void Energizers_are_those_the_rule_picks_from_the_answers_and_named_reports_name_them()
    {
        var inputs = Inputs(named: true);
        var expected = BruteEnergizers(inputs);
        Assert.Equal(Energizing.ToHashSet(), expected);
        var analysis = ReportBuilder.Analyze(inputs);
        var org = ReportBuilder.BuildOrganization(analysis);

        var group = Assert.Single(org.Roles, g => g.Role == Role.Energizer);
        Assert.Equal(2, group.Count);
        var names = inputs.Roster.People.ToDictionary(p => p.Id, p => p.Name, StringComparer.Ordinal);
        Assert.Equal(expected.Select(id => names[id]).Order(), group.People.Select(p => p.Label).Order());
        Assert.All(group.People, p => Assert.Equal(3, p.Value));
        Assert.Equal(3, org.Method.Roles.EnergizerMinEnergizingInDegree);
        Assert.True(org.Method.Roles.EnergizerNamed);

        foreach (var team in inputs.Roster.Teams)
        {
            var report = ReportBuilder.BuildTeam(analysis, team.Id);
            var holders = report.Members.Where(m => m.Roles.Contains(Role.Energizer)).Select(m => m.Label).Order().ToArray();
            Assert.Equal(expected.Where(id => id.StartsWith(team.Id + "-", StringComparison.Ordinal)).Select(id => names[id]).Order(), holders);
            Assert.Equal(holders.Length, report.Structure!.Energizers);
        }

        var people = Encoding.UTF8.GetString(ReportFormats.CsvPeople(org));
        Assert.Equal(2, people.Split('\n').Count(row => row.Contains("energizer", StringComparison.Ordinal)));
        Assert.Contains("energizer", Encoding.UTF8.GetString(ReportFormats.GraphMl(org)), StringComparison.Ordinal);
        var html = Encoding.UTF8.GetString(ReportFormats.Html(org));
        Assert.Contains("Energizer (2)", html, StringComparison.Ordinal);
        Assert.Contains("Cross, Baker &amp; Parker 2003", html, StringComparison.Ordinal);
    }

    [Fact]
    public void An_anonymized_report_counts_energizers_but_reveals_no_one()
    {
        var inputs = Inputs(named: false);
        var analysis = ReportBuilder.Analyze(inputs);
        var org = ReportBuilder.BuildOrganization(analysis);

        var group = Assert.Single(org.Roles, g => g.Role == Role.Energizer);
        Assert.Equal(2, group.Count);
        Assert.Empty(group.People);
        Assert.False(org.Method.Roles.EnergizerNamed);
        Assert.Equal(2, org.Teams.Sum(t => t.Structure?.Energizers ?? 0));

        var orgJson = ReportTestData.Json(ReportFormats.Json(org));
        var energizerGroup = orgJson.GetProperty("roles").EnumerateArray().Single(g => g.GetProperty("role").GetString() == "energizer");
        Assert.Equal(0, energizerGroup.GetProperty("people").GetArrayLength());
        Assert.DoesNotContain("energizer", Encoding.UTF8.GetString(ReportFormats.CsvPeople(org)), StringComparison.Ordinal);
        Assert.DoesNotContain("energizer", Encoding.UTF8.GetString(ReportFormats.GraphMl(org)), StringComparison.Ordinal);
        var html = Encoding.UTF8.GetString(ReportFormats.Html(org));
        Assert.Contains("Energizer (2)", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Rated energizing by", html, StringComparison.Ordinal);
        AssertNoColleagueEnergy(org.Export);

        foreach (var team in inputs.Roster.Teams)
        {
            var report = ReportBuilder.BuildTeam(analysis, team.Id);
            Assert.All(report.Members, m => Assert.DoesNotContain(Role.Energizer, m.Roles));
            var json = ReportTestData.Json(ReportFormats.Json(report));
            Assert.All(json.GetProperty("members").EnumerateArray(), m =>
                Assert.DoesNotContain("energizer", m.GetProperty("roles").EnumerateArray().Select(r => r.GetString())));
            Assert.DoesNotContain("energizer", Encoding.UTF8.GetString(ReportFormats.CsvPeople(report)), StringComparison.Ordinal);
            Assert.DoesNotContain("energizer", Encoding.UTF8.GetString(ReportFormats.GraphMl(report)), StringComparison.Ordinal);
            AssertNoColleagueEnergy(report.Export);
            var energizersHere = Energizing.Count(id => id.StartsWith(team.Id + "-", StringComparison.Ordinal));
            Assert.Equal(energizersHere, report.Structure!.Energizers);
        }

        // The person themselves is not told either: the label sums other people's ratings of them.
        Assert.DoesNotContain(Role.Energizer, ReportBuilder.BuildProfile(analysis, "t0-p2").Roles);
    }

    [Fact]
    public void Without_the_energy_question_there_are_no_energizers()
    {
        var analysis = ReportBuilder.Analyze(Inputs(named: true, askEnergy: false));
        var org = ReportBuilder.BuildOrganization(analysis);
        Assert.Null(org.Method.Roles.EnergizerMinEnergizingInDegree);
        Assert.Equal(0, Assert.Single(org.Roles, g => g.Role == Role.Energizer).Count);
        Assert.Contains("did not ask", org.Method.Roles.Describe().Single(d => d.Role == Role.Energizer).Rule, StringComparison.Ordinal);
    }

    /// <summary>Energy ratings of colleagues would let a reader add up who is rated energizing.</summary>
    private static void AssertNoColleagueEnergy(ExportGraph export)
    {
        var outside = export.Nodes.Where(n => n.Outside).Select(n => n.Key).ToHashSet(StringComparer.Ordinal);
        var colleagueEdges = export.Edges.Where(e => !outside.Contains(e.Target)).ToArray();
        Assert.NotEmpty(colleagueEdges);
        Assert.All(colleagueEdges, e => Assert.Null(e.Energy));
        Assert.Contains(export.Edges, e => outside.Contains(e.Target) && e.Energy is not null);
    }
}
