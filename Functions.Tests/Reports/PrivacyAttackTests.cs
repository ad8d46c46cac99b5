using System.Text.Json;
using SurveyNetwork.Domain.Reports.Analysis;
using SurveyNetwork.Domain.Reports.Model;
using SurveyNetwork.Domain.Reports.Rendering;
using SurveyNetwork.Domain.Survey;
using SurveyNetwork.Functions.Reports;

namespace SurveyNetwork.Functions.Tests.Reports;

/// <summary>
/// Attacks on aggregates by a respondent who knows their own answers: no figure may be computed over
/// fewer than k contributors, alone or subtracted from another (the rules of <see cref="Privacy"/>).
/// </summary>
public class PrivacyAttackTests
{
    private const string Attacker = "t0-p0";

    /// <summary>
    /// Teams of 6 and 6, k = 5. In t0 five people answer but only the attacker and one teammate name
    /// anyone; the other three send an empty answer. t1 answers in full.
    /// </summary>
    private static ReportInputs TwoNamersInATeamOfSix()
    {
        var inputs = ReportTestData.Organization([6, 6], [5, 6], k: 5);
        var silent = new[] { "t0-p2", "t0-p3", "t0-p4" };
        return inputs with
        {
            Submissions = inputs.Submissions
                .Select(s => silent.Contains(s.RespondentId) ? s with { Contacts = [] } : s)
                .ToArray(),
        };
    }

    private static IEnumerable<Measure> AnswerMeasures => MeasureCatalog.Lens.Select(e => e.Measure);

    [Fact]
    public void Averages_over_two_people_who_named_anyone_are_withheld_everywhere_the_attacker_looks()
    {
        var analysis = ReportBuilder.Analyze(TwoNamersInATeamOfSix());
        var team = ReportBuilder.BuildTeam(analysis, "t0");
        var organization = ReportBuilder.BuildOrganization(analysis);
        var profile = ReportBuilder.BuildProfile(analysis, Attacker);

        Assert.True(team.Published);
        Assert.Equal(5, team.Coverage.Respondents);
        Assert.NotNull(profile.Own[Measure.PersonalShare]);
        foreach (var m in AnswerMeasures)
        {
            Assert.True(team.TeamAverages![m] is null, $"team average of {m}");
            Assert.True(profile.TeamAverages?[m] is null, $"profile's team average of {m}");
            Assert.True(organization.Teams.Single(t => t.TeamId == "t0").Averages?[m] is null, $"organization's row for t0, {m}");
            // The other team's averages are shown, so the organization's would leave t0's two people by subtraction.
            Assert.True(organization.Averages?[m] is null, $"organization average of {m}");
            Assert.True(team.OrganizationAverages?[m] is null, $"organization average of {m} in the team report");
            Assert.True(profile.OrganizationAverages?[m] is null, $"profile's organization average of {m}");
        }

        Assert.Null(team.Structure!.Density);
        Assert.Null(team.Structure.EiSent.Index);
        Assert.Null(team.Structure.EiSent.External);
        Assert.NotNull(ReportBuilder.BuildTeam(analysis, "t1").TeamAverages![Measure.PersonalShare]);
    }

    [Fact]
    public void No_average_of_the_answers_in_any_report_has_fewer_than_k_contributors()
    {
        // Whatever team a figure belongs to, recomputing it over only its contributors must need at least k of them.
        var inputs = TwoNamersInATeamOfSix();
        var analysis = ReportBuilder.Analyze(inputs);
        var named = inputs.Submissions.Where(s => s.Contacts.Count > 0).Select(s => s.RespondentId).ToHashSet(StringComparer.Ordinal);
        foreach (var teamId in analysis.TeamIds)
        {
            var team = ReportBuilder.BuildTeam(analysis, teamId);
            var contributors = inputs.Roster.People.Count(p => p.TeamId == teamId && named.Contains(p.Id));
            foreach (var m in AnswerMeasures)
            {
                Assert.True(team.TeamAverages?[m] is null || contributors >= 5, $"{teamId}: {m} over {contributors}");
            }
        }
    }

    [Fact]
    public void A_profile_shows_the_published_averages_and_their_date_not_this_requests()
    {
        var inputs = TwoNamersInATeamOfSix();
        var before = ReportBuilder.Analyze(inputs with { Submissions = [.. inputs.Submissions.Where(s => s.RespondentId != "t1-p5")] });
        var stored = Stored(ReportBuilder.BuildTeam(before, "t1"));
        var published = PublishedComparisons.Averages(stored, "teamAverages");
        var now = ReportBuilder.Analyze(inputs);
        var profile = ReportBuilder.BuildProfile(now, "t1-p0", new ProfileComparison(published, null));

        var then = ReportBuilder.BuildTeam(before, "t1").TeamAverages!;
        var live = ReportBuilder.BuildTeam(now, "t1").TeamAverages!;
        Assert.Contains(MeasureCatalog.All, e => live[e.Measure] != then[e.Measure]);
        Assert.All(MeasureCatalog.All, e => Assert.Equal(then[e.Measure], profile.TeamAverages![e.Measure]));
        Assert.Equal(stored.ComputedAt, profile.TeamAveragesComputedAt);
        Assert.Null(profile.OrganizationAverages);
        var html = System.Text.Encoding.UTF8.GetString(ReportFormats.Html(profile));
        Assert.Contains("Team averages as published on " + Format.Date(stored.ComputedAt), html, StringComparison.Ordinal);
    }

    [Fact]
    public void Member_rows_of_an_anonymized_team_with_two_people_who_named_anyone_carry_no_values_of_the_answers()
    {
        var analysis = ReportBuilder.Analyze(TwoNamersInATeamOfSix());
        var team = ReportBuilder.BuildTeam(analysis, "t0");
        var export = team.Export!;

        Assert.Equal(6, team.Members.Count);
        Assert.Contains(team.Members, m => m.Values[Measure.InDegree] is > 0); // structure and roles stay
        foreach (var m in AnswerMeasures)
        {
            Assert.All(team.Members, row => Assert.True(row.Values[m] is null, $"{row.Label}: {m}"));
            Assert.All(export.Nodes.Where(n => n.TeamId == "t0" && n.Measures is not null), n => Assert.True(n.Measures![m] is null, $"{n.Key}: {m}"));
        }

        Assert.All(team.Members, row => Assert.Empty(row.OutsideContacts));
        // A team where k members named someone keeps them, and so does a report the cycle named.
        Assert.Contains(ReportBuilder.BuildTeam(analysis, "t1").Members, row => row.Values[Measure.PersonalShare] is not null);
        var named = TwoNamersInATeamOfSix();
        var namedTeam = ReportBuilder.BuildTeam(ReportBuilder.Analyze(named with { Cycle = named.Cycle with { NamedReports = true } }), "t0");
        Assert.Equal(2, namedTeam.Members.Count(row => row.Values[Measure.NetworkSize] is > 0));
    }

    private static StoredReport Stored(TeamReport report) => new()
    {
        OrgId = report.OrgId,
        CycleId = report.CycleId,
        Scope = report.TeamId,
        ReportId = report.ReportId,
        Fingerprint = report.Fingerprint,
        ComputedAt = report.ComputedAt,
        Links = new SortedDictionary<string, string>(StringComparer.Ordinal),
        Contents = [ReportContent.Of(ReportFormat.Json, ReportFormats.Json(report))],
    };

    [Fact]
    public void Published_averages_read_back_as_written()
    {
        var analysis = ReportBuilder.Analyze(ReportTestData.Organization([6, 6], k: 5));
        var team = ReportBuilder.BuildTeam(analysis, "t0");
        var read = PublishedComparisons.Averages(Stored(team), "teamAverages")!;
        foreach (var entry in MeasureCatalog.All)
        {
            Assert.Equal(team.TeamAverages![entry.Measure], read.Averages![entry.Measure]);
        }

        Assert.Equal(JsonValueKind.Object, ReportTestData.Json(ReportFormats.Json(team)).GetProperty("teamAverages").ValueKind);
    }
}
