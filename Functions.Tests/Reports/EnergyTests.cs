using System.Text;
using SurveyNetwork.Domain.Reports.Analysis;
using SurveyNetwork.Domain.Reports.Model;
using SurveyNetwork.Domain.Reports.Rendering;
using SurveyNetwork.Domain.Survey;

namespace SurveyNetwork.Functions.Tests.Reports;

/// <summary>Energy answers reach the measures, the team averages (k contributors) and the edge lists.</summary>
public class EnergyTests
{
    /// <summary>Energy ratings that vary by respondent and contact, some left unrated.</summary>
    private static ReportInputs Inputs(int k = 3, bool named = false)
    {
        var inputs = ReportTestData.Organization([6, 7, 5, 4], k: k, named: named);
        var submissions = inputs.Submissions.Select((s, n) => s with
        {
            Contacts = s.Contacts.Select((c, i) => c with { Energy = (n * 7 + i * 3) % 6 is var e && e == 0 ? null : e }).ToArray(),
        }).ToArray();
        return inputs with { Cycle = inputs.Cycle with { Options = new CycleOptions { AskEnergy = true } }, Submissions = submissions };
    }

    /// <summary>Straight from the answers: among rated contacts that count, the share in a rating band.</summary>
    private static double? BruteShare(Submission s, HashSet<string> roster, Func<int, bool> band)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var kept = s.Contacts.Where(c => c.PersonId is null || (roster.Contains(c.PersonId) && c.PersonId != s.RespondentId && seen.Add(c.PersonId))).ToList();
        var rated = kept.Where(c => c.Energy is not null).Select(c => c.Energy!.Value).ToList();
        return rated.Count == 0 ? null : rated.Count(band) / (double)rated.Count;
    }

    [Fact]
    public void Energy_shares_match_a_brute_force_count_per_person_and_per_team()
    {
        var inputs = Inputs();
        var roster = inputs.Roster.People.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        var analysis = ReportBuilder.Analyze(inputs);
        var checkedPeople = 0;
        foreach (var s in inputs.Submissions)
        {
            var own = ReportBuilder.BuildProfile(analysis, s.RespondentId).Own;
            var energizing = BruteShare(s, roster, e => e >= 4);
            var draining = BruteShare(s, roster, e => e <= 2);
            Assert.Equal(energizing is null, own[Measure.Energizing] is null);
            Assert.Equal(draining is null, own[Measure.DeEnergizing] is null);
            if (energizing is { } x)
            {
                Assert.Equal(x, own[Measure.Energizing]!.Value, 12);
                Assert.Equal(draining!.Value, own[Measure.DeEnergizing]!.Value, 12);
                checkedPeople++;
            }
        }

        Assert.True(checkedPeople > 15);
        foreach (var team in inputs.Roster.Teams)
        {
            var report = ReportBuilder.BuildTeam(analysis, team.Id);
            var values = inputs.Submissions.Where(s => s.RespondentId.StartsWith(team.Id + "-", StringComparison.Ordinal))
                .Select(s => BruteShare(s, roster, e => e >= 4)).OfType<double>().ToList();
            Assert.NotNull(report.TeamAverages);
            if (values.Count >= inputs.Cycle.AnonymityThreshold)
            {
                Assert.Equal(values.Average(), report.TeamAverages[Measure.Energizing]!.Value, 12);
            }
            else
            {
                Assert.Null(report.TeamAverages[Measure.Energizing]);
            }
        }
    }

    [Fact]
    public void A_team_average_of_energy_needs_k_people_who_rated()
    {
        var inputs = Inputs(k: 4);
        // In team t3 only one person rates energy: the team's average is withheld, its other averages are not.
        inputs = inputs with
        {
            Submissions = inputs.Submissions.Select(s => s.RespondentId.StartsWith("t3-", StringComparison.Ordinal) && s.RespondentId != "t3-p0"
                ? s with { Contacts = s.Contacts.Select(c => c with { Energy = null }).ToArray() }
                : s).ToArray(),
        };
        var report = ReportBuilder.BuildTeam(ReportBuilder.Analyze(inputs), "t3");
        Assert.NotNull(report.TeamAverages);
        Assert.Null(report.TeamAverages[Measure.Energizing]);
        Assert.Null(report.TeamAverages[Measure.DeEnergizing]);
        Assert.NotNull(report.TeamAverages[Measure.TieStrength]);
    }

    [Fact]
    public void Energy_is_null_when_the_cycle_does_not_ask_it()
    {
        var inputs = Inputs();
        inputs = inputs with { Cycle = inputs.Cycle with { Options = new CycleOptions() } };
        var analysis = ReportBuilder.Analyze(inputs);
        Assert.Null(ReportBuilder.BuildProfile(analysis, "t0-p0").Own[Measure.Energizing]);
        var csv = Encoding.UTF8.GetString(ReportFormats.CsvEdges(ReportBuilder.BuildTeam(analysis, "t0")));
        Assert.All(csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1), row => Assert.EndsWith(",", row));
    }

    /// <summary>Named reports only: anonymized exports leave colleagues' ratings out (see <see cref="EnergizerTests"/>).</summary>
    [Fact]
    public void The_edge_list_and_graphml_of_a_named_report_carry_each_arcs_energy_rating()
    {
        var inputs = Inputs(named: true);
        var analysis = ReportBuilder.Analyze(inputs);
        var report = ReportBuilder.BuildOrganization(analysis);
        var keyOf = analysis.Data.People.Select((p, i) => (p.Id, Key: analysis.Keys[i])).ToDictionary(x => x.Id, x => x.Key, StringComparer.Ordinal);
        var rows = Encoding.UTF8.GetString(ReportFormats.CsvEdges(report)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(r => r.Split(',')).ToList();
        Assert.Equal("energy", rows[0][6]);
        var byArc = report.Export.Edges.ToDictionary(e => (e.Source, e.Target));
        var answered = 0;
        foreach (var s in inputs.Submissions)
        {
            foreach (var c in s.Contacts.Where(c => c.PersonId is not null))
            {
                var edge = byArc[(keyOf[s.RespondentId], keyOf[c.PersonId!])];
                Assert.Equal(c.Energy, edge.Energy);
                answered += c.Energy is null ? 0 : 1;
            }
        }

        Assert.True(answered > 20);
        Assert.Contains("attr.name=\"energy\"", Encoding.UTF8.GetString(ReportFormats.GraphMl(report)), StringComparison.Ordinal);
    }
}
