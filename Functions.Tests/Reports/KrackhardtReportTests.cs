using System.Text.Json;
using SurveyNetwork.Domain.Network;
using SurveyNetwork.Domain.Reports.Analysis;
using SurveyNetwork.Domain.Reports.Model;
using SurveyNetwork.Domain.Reports.Rendering;
using SurveyNetwork.Domain.Survey;
using SurveyNetwork.Functions.Tests.Analytics;

namespace SurveyNetwork.Functions.Tests.Reports;

/// <summary>
/// Krackhardt's high-tech managers as a roster (department = team, level = level; everyone active,
/// one function, one site) with the advice ties as survey answers: the report's numbers equal the
/// engine's and expected.json (networkx / igraph) within 1e-9.
/// </summary>
public class KrackhardtReportTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Fixtures", "krackhardt_hightech");

    internal static ReportInputs Inputs(int k = 1, bool named = true)
    {
        var people = Csv("people.csv")
            .Select(r => new Person(r["id"], "Manager " + r["id"], "dept" + r["dept"], "Management",
                // The file's level is 1 = CEO … 3 = manager; the roster's level grows with seniority.
                4 - int.Parse(r["level"], System.Globalization.CultureInfo.InvariantCulture), "Silicon Valley"))
            .ToArray();
        var advice = Csv("ties.csv").Where(r => r["relation"] == "advice").ToArray();
        var submissions = people.Select(p => ReportTestData.Answer(p.Id,
            advice.Where(r => r["source"] == p.Id).Select(r => ReportTestData.Colleague(r["target"])))).ToArray();
        var teams = people.Select(p => p.TeamId).Distinct().Select(t => new Team(t, "Department " + t[4..])).ToArray();
        return new ReportInputs(new Roster("acme", teams, people, ReportTestData.At.AddDays(-30)), ReportTestData.Cycle(k, named), submissions);
    }

    private static List<Dictionary<string, string>> Csv(string file)
    {
        var lines = File.ReadAllLines(Path.Combine(Folder, file)).Where(l => l.Length > 0).ToArray();
        var header = lines[0].Split(',');
        return lines.Skip(1).Select(l => header.Zip(l.Split(',')).ToDictionary(p => p.First, p => p.Second)).ToList();
    }

    [Fact]
    public void Member_measures_in_team_reports_equal_the_engine_and_expected_json()
    {
        var expected = Krackhardt.Expected("advice").GetProperty("nodes");
        var analysis = ReportBuilder.Analyze(Inputs());
        var engine = NetworkAnalysis.Compute(Krackhardt.Network("advice"));
        var checkedMembers = 0;
        foreach (var teamId in analysis.TeamIds)
        {
            var report = ReportBuilder.BuildTeam(analysis, teamId);
            Assert.True(report.Published);
            foreach (var member in report.Members)
            {
                var node = expected.GetProperty(member.Key);
                var fromEngine = engine.Person(member.Key)!;
                var v = member.Values;
                void Check(string key, double? actual, double? engineValue)
                {
                    Krackhardt.Equal(Krackhardt.Number(node.GetProperty(key)), actual, $"{member.Key} {key}");
                    Krackhardt.Equal(engineValue, actual, $"{member.Key} {key} (engine)");
                }

                Check("in_degree", v[Measure.InDegree], fromEngine.InDegree);
                Check("out_degree", v[Measure.OutDegree], fromEngine.OutDegree);
                Check("betweenness", v[Measure.Betweenness], fromEngine.Betweenness);
                Check("constraint", v[Measure.Constraint], fromEngine.Constraint);
                Check("effective_size", v[Measure.EffectiveSize], fromEngine.EffectiveSize);
                Check("reciprocated_out_share", v[Measure.ReciprocatedShare], fromEngine.ReciprocatedShare);
                Krackhardt.Equal(Krackhardt.Number(node.GetProperty("blau_iqv_out").GetProperty("dept")), v[Measure.DiversityTeam], $"{member.Key} diversity by team");
                Krackhardt.Equal(Krackhardt.Number(node.GetProperty("blau_iqv_out").GetProperty("level_label")), v[Measure.DiversityLevel], $"{member.Key} diversity by level");
                checkedMembers++;
            }
        }

        Assert.Equal(21, checkedMembers);
    }

    [Fact]
    public void Team_density_and_both_E_I_indices_equal_expected_json()
    {
        var ei = Krackhardt.Expected("advice").GetProperty("ei_index").GetProperty("dept");
        var analysis = ReportBuilder.Analyze(Inputs());
        var engineGroups = NetworkAnalysis.Compute(Krackhardt.Network("advice")).GroupsBy("dept")!;
        foreach (var teamId in analysis.TeamIds)
        {
            var dept = teamId[4..];
            var report = ReportBuilder.BuildTeam(analysis, teamId);
            var s = report.Structure!;
            var sent = ei.GetProperty("by_group_sent").GetProperty(dept);
            var incident = ei.GetProperty("by_group_incident").GetProperty(dept);
            var members = sent.GetProperty("members").GetInt32();
            Assert.Equal(members, report.Coverage.Members);
            Assert.Equal(sent.GetProperty("E").GetInt32(), s.EiSent.External);
            Assert.Equal(sent.GetProperty("I").GetInt32(), s.EiSent.Internal);
            Krackhardt.Equal(Krackhardt.Number(sent.GetProperty("EI")), s.EiSent.Index, $"dept {dept} E-I sent");
            Assert.Equal(incident.GetProperty("E").GetInt32(), s.EiIncident.External);
            Assert.Equal(incident.GetProperty("I").GetInt32(), s.EiIncident.Internal);
            Krackhardt.Equal(Krackhardt.Number(incident.GetProperty("EI")), s.EiIncident.Index, $"dept {dept} E-I incident");

            // Density of the department's induced subgraph: its internal arcs over n(n − 1).
            double? density = members < 2 ? null : sent.GetProperty("I").GetInt32() / (double)(members * (members - 1));
            Krackhardt.Equal(density, s.Density, $"dept {dept} density");
            Krackhardt.Equal(engineGroups.Group(dept)!.Density, s.Density, $"dept {dept} density (engine)");
        }
    }

    [Fact]
    public void Organization_network_figures_equal_expected_json()
    {
        var expected = Krackhardt.Expected("advice");
        var report = ReportBuilder.BuildOrganization(ReportBuilder.Analyze(Inputs()));
        var n = report.Network!;
        Assert.Equal(21, n.People);
        Assert.Equal(expected.GetProperty("arcs").GetInt32(), n.Arcs);
        Krackhardt.Equal(expected.GetProperty("density").GetDouble(), n.Density, "density");
        Krackhardt.Equal(expected.GetProperty("reciprocity_arc").GetDouble(), n.ArcReciprocity, "arc reciprocity");
        Krackhardt.Equal(expected.GetProperty("reciprocity_dyad").GetDouble(), n.DyadReciprocity, "dyad reciprocity");
        var whole = expected.GetProperty("ei_index").GetProperty("dept").GetProperty("whole_network");
        Assert.Equal(whole.GetProperty("E").GetInt32(), n.TeamEi.External);
        Assert.Equal(whole.GetProperty("I").GetInt32(), n.TeamEi.Internal);
        Krackhardt.Equal(whole.GetProperty("EI").GetDouble(), n.TeamEi.Index, "whole-network E-I");
        Assert.True(n.BetweennessExact);
    }

    [Fact]
    public void The_json_export_carries_the_same_values_as_the_report()
    {
        var expected = Krackhardt.Expected("advice").GetProperty("nodes");
        var analysis = ReportBuilder.Analyze(Inputs());
        var json = ReportTestData.Json(ReportFormats.Json(ReportBuilder.BuildTeam(analysis, "dept2")));
        var members = json.GetProperty("members").EnumerateArray().ToArray();
        Assert.Equal(8, members.Length);
        foreach (var m in members)
        {
            var node = expected.GetProperty(m.GetProperty("key").GetString()!);
            var values = m.GetProperty("values");
            foreach (var (key, property) in new[] { ("betweenness", "betweenness"), ("constraint", "constraint"), ("effective_size", "effectiveSize"), ("in_degree", "inDegree") })
            {
                Krackhardt.Equal(node.GetProperty(key).GetDouble(), values.GetProperty(property).GetDouble(), $"JSON {property}");
            }
        }

        Krackhardt.Equal(0.4791666666666667, json.GetProperty("structure").GetProperty("eiSent").GetProperty("index").GetDouble(), "JSON E-I");
    }
}
