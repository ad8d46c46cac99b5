using System.Text.Json.Nodes;
using System.Text.Json;
using System.Text;
using SurveyNetwork.Domain.Reports.Analysis;
using SurveyNetwork.Domain.Reports.Model;
using SurveyNetwork.Domain.Reports.Rendering;
using SurveyNetwork.Domain.Survey;

namespace SurveyNetwork.Functions.Tests.Reports;

/// <summary>Anonymity threshold, complementary suppression, pseudonyms and performance (the rules of <see cref="Privacy"/>).</summary>
public class PrivacyTests
{
    /// <summary>Teams of 6, 6 and 3 people, k = 5; the small team has 2 respondents.</summary>
    private static ReportInputs WithSmallTeam(Func<Person, Person>? person = null) =>
        ReportTestData.Organization([6, 6, 3], [6, 6, 2], k: 5, person: person);

    [Fact]
    public void A_team_under_k_shows_coverage_only_in_every_format()
    {
        var analysis = ReportBuilder.Analyze(WithSmallTeam());
        var report = ReportBuilder.BuildTeam(analysis, "t2");

        Assert.False(report.Published);
        Assert.Equal(3, report.Coverage.Members);
        Assert.Equal(2, report.Coverage.Respondents);
        Assert.Null(report.TeamAverages);
        Assert.Null(report.OrganizationAverages);
        Assert.Null(report.Structure);
        Assert.Null(report.Map);
        Assert.Null(report.Performance);
        Assert.Empty(report.Members);
        Assert.Empty(report.MostConnected);
        Assert.Empty(report.Recommendations);

        var json = ReportTestData.Json(ReportFormats.Json(report));
        Assert.Equal(JsonValueKind.Null, json.GetProperty("teamAverages").ValueKind);
        Assert.Empty(json.GetProperty("members").EnumerateArray());
        var graphMl = System.Xml.Linq.XDocument.Parse(Encoding.UTF8.GetString(ReportFormats.GraphMl(report)));
        Assert.DoesNotContain(graphMl.Descendants(), e => e.Name.LocalName is "node" or "edge");
        Assert.Equal("source,target,frequency,personal,giveBack,reciprocated,energy\n", Encoding.UTF8.GetString(ReportFormats.CsvEdges(report)));
        var html = Encoding.UTF8.GetString(ReportFormats.Html(report));
        Assert.Contains("coverage only", html);
        Assert.DoesNotContain("<svg", html);
        Assert.DoesNotContain("Member A", html);
    }

    [Fact]
    public void Organization_totals_minus_the_published_teams_leave_nothing_of_a_small_team()
    {
        var analysis = ReportBuilder.Analyze(WithSmallTeam());
        var org = ReportBuilder.BuildOrganization(analysis);
        Assert.True(org.Method.AnswersHeldBack);
        var small = org.Teams.Single(t => t.TeamId == "t2");
        Assert.False(small.Published);
        Assert.Null(small.Averages);
        Assert.Null(small.Structure);

        // Every organization average, weighted by the people it covers, equals the published teams'
        // weighted sum: the remainder an attacker would attribute to the small team is exactly zero.
        var published = org.Teams.Where(t => t.Published).Select(t => ReportBuilder.BuildTeam(analysis, t.TeamId)).ToArray();
        Assert.Equal(2, published.Length);
        foreach (var entry in MeasureCatalog.All)
        {
            var counts = published.Select(t => t.Members.Count(m => m.Values[entry.Measure].HasValue)).ToArray();
            var total = counts.Sum();
            var sum = published.Select((t, k) => (t.TeamAverages![entry.Measure] ?? 0) * counts[k]).Sum();
            var residual = (org.Averages![entry.Measure] ?? 0) * total - sum;
            Assert.True(Math.Abs(residual) < 1e-9, $"{entry.Measure}: organization total minus published teams = {residual}");
        }

        // Nominations: all the organization's arcs were made by published teams' members.
        Assert.Equal(org.Network!.Arcs, published.Sum(t => t.Structure!.EiSent.External + t.Structure.EiSent.Internal));
    }

    [Fact]
    public void Nothing_published_depends_on_what_a_small_team_answered()
    {
        var original = WithSmallTeam();
        // The small team's two respondents answer completely differently.
        var changed = original with
        {
            Submissions = original.Submissions
                .Select(s => s.RespondentId.StartsWith("t2-", StringComparison.Ordinal)
                    ? s with
                    {
                        Contacts =
                        [
                            ReportTestData.Colleague("t0-p0", Frequency.Daily, personal: true, giveBack: GiveBack.Often),
                            ReportTestData.Colleague("t0-p1", Frequency.Daily, personal: true, giveBack: GiveBack.Often),
                            ReportTestData.Colleague("t1-p3", Frequency.Daily, personal: true, giveBack: GiveBack.Often),
                            ReportTestData.Outside("Another customer"),
                            ReportTestData.Outside("A university"),
                        ],
                    }
                    : s)
                .ToArray(),
        };

        var a = ReportBuilder.Analyze(original);
        var b = ReportBuilder.Analyze(changed);
        Assert.NotEqual(a.Fingerprint, b.Fingerprint);
        Assert.Equal(WithoutIdentity(ReportFormats.Json(ReportBuilder.BuildOrganization(a))), WithoutIdentity(ReportFormats.Json(ReportBuilder.BuildOrganization(b))));
        foreach (var team in new[] { "t0", "t1" })
        {
            Assert.Equal(WithoutIdentity(ReportFormats.Json(ReportBuilder.BuildTeam(a, team))), WithoutIdentity(ReportFormats.Json(ReportBuilder.BuildTeam(b, team))));
            Assert.Equal(ReportFormats.CsvEdges(ReportBuilder.BuildTeam(a, team)), ReportFormats.CsvEdges(ReportBuilder.BuildTeam(b, team)));
        }

        Assert.Equal(ReportFormats.GraphMl(ReportBuilder.BuildOrganization(a)), ReportFormats.GraphMl(ReportBuilder.BuildOrganization(b)));
    }

    [Fact]
    public void Small_teams_that_together_reach_k_count_only_in_organization_totals()
    {
        // Two small teams of 3 respondents each: together 6 ≥ k = 5.
        var inputs = ReportTestData.Organization([6, 6, 3, 3], k: 5);
        var analysis = ReportBuilder.Analyze(inputs);
        var org = ReportBuilder.BuildOrganization(analysis);
        Assert.False(org.Method.AnswersHeldBack);
        Assert.Equal(2, org.Method.SuppressedTeams);

        // The remainder after subtracting the published teams is the two small teams together (6 respondents).
        var published = new[] { "t0", "t1" }.Select(t => ReportBuilder.BuildTeam(analysis, t)).ToArray();
        var size = org.Averages![Measure.NetworkSize]!.Value * 18 - published.Sum(t => t.TeamAverages![Measure.NetworkSize]!.Value * 6);
        Assert.Equal(6 * 4, size, 9); // each of the six names two team-mates, one neighbour and one outside contact

        // Neither small team is broken out anywhere: no row values, no role holder, no tie they made.
        Assert.All(org.Teams.Where(t => t.TeamId is "t2" or "t3"), t => Assert.Null(t.Averages));
        Assert.DoesNotContain(org.Roles.SelectMany(r => r.People), p => p.TeamId is "t2" or "t3");
        var csv = Encoding.UTF8.GetString(ReportFormats.CsvEdges(org)).Split('\n').Skip(1).Where(l => l.Length > 0).ToArray();
        Assert.NotEmpty(csv);
        Assert.DoesNotContain(csv, line => line.StartsWith("t2-", StringComparison.Ordinal) || line.StartsWith("t3-", StringComparison.Ordinal));
        var t1 = ReportBuilder.BuildTeam(analysis, "t1");
        var toSmall = t1.MostConnected.Concat(t1.LeastConnected).Where(c => c.TeamId == "t2").ToArray();
        Assert.All(toSmall, c => Assert.Null(c.NamedBy));
    }

    [Fact]
    public void Reports_are_anonymized_unless_the_cycle_opts_into_names()
    {
        var inputs = ReportTestData.Organization([6, 6], k: 3, person: p => p with { Name = "Zelda " + p.Id.Replace("-", "", StringComparison.Ordinal) });
        var analysis = ReportBuilder.Analyze(inputs);
        var team = ReportBuilder.BuildTeam(analysis, "t0");
        var org = ReportBuilder.BuildOrganization(analysis);
        foreach (var bytes in new[] { ReportFormats.Json(team), ReportFormats.Html(team), ReportFormats.GraphMl(team), ReportFormats.CsvEdges(team), ReportFormats.Json(org), ReportFormats.Html(org), ReportFormats.GraphMl(org), ReportFormats.CsvEdges(org) })
        {
            var text = Encoding.UTF8.GetString(bytes);
            Assert.DoesNotContain("Zelda", text);
            Assert.DoesNotContain("t0-p1", text);
        }

        Assert.All(team.Members, m => Assert.Matches("^Member [A-Z]+$", m.Label));
        Assert.Equal(team.Members.Select(m => m.Label).Distinct().Count(), team.Members.Count);

        var named = ReportBuilder.BuildTeam(ReportBuilder.Analyze(inputs with { Cycle = inputs.Cycle with { NamedReports = true } }), "t0");
        Assert.Contains(named.Members, m => m.Label == "Zelda t0p1" && m.Key == "t0-p1");
    }

    [Fact]
    public void Pseudonyms_do_not_follow_roster_order_and_are_stable_within_a_cycle()
    {
        var inputs = ReportTestData.Organization([12], k: 3);
        static Dictionary<string, string> Pseudonyms(ReportAnalysis analysis) =>
            analysis.Data.People.Select((p, i) => (p.Id, Label: analysis.Labels[i])).ToDictionary(x => x.Id, x => x.Label);

        var analysis = ReportBuilder.Analyze(inputs);
        var labels = Pseudonyms(analysis);
        var inIdOrder = Enumerable.Range(0, 12).Select(i => labels[$"t0-p{i}"]).ToArray();
        Assert.NotEqual(Enumerable.Range(0, 12).Select(i => "Member " + (char)('A' + i)), inIdOrder);
        Assert.Equal(12, inIdOrder.Distinct().Count());

        // The same in every report of the cycle, and whatever order the roster comes in.
        var org = ReportBuilder.BuildOrganization(analysis);
        var byKey = ReportBuilder.BuildTeam(analysis, "t0").Members.ToDictionary(m => m.Key, m => m.Label);
        Assert.All(org.Roles.SelectMany(r => r.People), p => Assert.Equal(byKey[p.Key], p.Label));
        var reversed = inputs with { Roster = inputs.Roster with { People = inputs.Roster.People.Reverse().ToArray() } };
        Assert.Equal(labels, Pseudonyms(ReportBuilder.Analyze(reversed)));

        // A new cycle deals new letters, so they cannot be followed from cycle to cycle.
        var next = inputs with { Cycle = inputs.Cycle with { Id = "c2" }, Submissions = inputs.Submissions.Select(s => s with { CycleId = "c2" }).ToArray() };
        Assert.NotEqual(labels, Pseudonyms(ReportBuilder.Analyze(next)));
    }

    [Fact]
    public void Performance_ratings_never_appear_per_person()
    {
        var inputs = ReportTestData.Organization([8, 8, 8, 8], k: 3, person: p => p with { Performance = 3.14159 + (p.Id.Length % 7) / 1e6 });
        var analysis = ReportBuilder.Analyze(inputs);
        foreach (var bytes in new[] { ReportFormats.Json(ReportBuilder.BuildTeam(analysis, "t0")), ReportFormats.Html(ReportBuilder.BuildTeam(analysis, "t0")), ReportFormats.GraphMl(ReportBuilder.BuildOrganization(analysis)), ReportFormats.Json(ReportBuilder.BuildOrganization(analysis)), ReportFormats.Json(ReportBuilder.BuildProfile(analysis, "t0-p0")) })
        {
            Assert.DoesNotContain("3.1415", Encoding.UTF8.GetString(bytes));
        }
    }

    [Fact]
    public void A_team_level_performance_comparison_hides_group_means_and_small_group_sizes()
    {
        // One big team whose top quartile (8 of 32) and rest (24) both reach k = 5.
        var inputs = ReportTestData.Organization([32, 6], k: 5, person: p => p with { Performance = p.TeamId == "t0" ? int.Parse(p.Id[4..], System.Globalization.CultureInfo.InvariantCulture) : 1 });
        var analysis = ReportBuilder.Analyze(inputs);
        var big = ReportBuilder.BuildTeam(analysis, "t0").Performance!;
        Assert.Null(big.Note);
        Assert.NotEmpty(big.Measures);
        Assert.All(big.Measures, m => Assert.Null(m.TopMean));
        Assert.All(big.Measures, m => Assert.Null(m.RestMean));
        Assert.Contains(big.Measures, m => m.EffectSize is not null && m.PValue is not null);

        var small = ReportBuilder.BuildTeam(analysis, "t1").Performance!;
        Assert.NotNull(small.Note);
        Assert.Null(small.TopGroup);
        Assert.Null(small.Rest);
        Assert.Empty(small.Measures);

        var org = ReportBuilder.BuildOrganization(analysis).Performance!;
        Assert.All(org.Measures.Where(m => m.EffectSize is not null), m => Assert.NotNull(m.TopMean));
    }

    [Fact]
    public void A_personal_profile_shows_own_values_and_only_published_averages()
    {
        var analysis = ReportBuilder.Analyze(WithSmallTeam());
        var inSmall = ReportBuilder.BuildProfile(analysis, "t2-p0");
        Assert.True(inSmall.Responded);
        Assert.True(inSmall.AnswersHeldBack);
        Assert.Null(inSmall.TeamAverages);
        Assert.NotNull(inSmall.OrganizationAverages);
        Assert.Equal(4, inSmall.Own[Measure.NetworkSize]); // two team-mates, one colleague next door, one outside
        Assert.Null(inSmall.Own[Measure.Betweenness]);
        Assert.Equal(4, inSmall.Contacts.Count);

        var inBig = ReportBuilder.BuildProfile(analysis, "t0-p0");
        Assert.False(inBig.AnswersHeldBack);
        Assert.NotNull(inBig.TeamAverages);
        Assert.NotNull(inBig.Own[Measure.Betweenness]);
        Assert.Throws<ArgumentException>(() => ReportBuilder.BuildProfile(analysis, "nobody"));
        Assert.Throws<ArgumentException>(() => ReportBuilder.BuildTeam(analysis, "no-such-team"));
    }

    /// <summary>The JSON without the fields that name the inputs (fingerprint, report id).</summary>
    private static string WithoutIdentity(byte[] json)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        node.Remove("fingerprint");
        node.Remove("reportId");
        return node.ToJsonString();
    }
}
