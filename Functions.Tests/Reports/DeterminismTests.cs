using SurveyNetwork.Domain.Reports.Analysis;
using SurveyNetwork.Domain.Reports.Model;
using SurveyNetwork.Domain.Reports.Rendering;
using SurveyNetwork.Domain.Survey;

namespace SurveyNetwork.Functions.Tests.Reports;

/// <summary>Same inputs → same bytes in every format; the fingerprint follows the inputs, not their order.</summary>
public class DeterminismTests
{
    internal static ReportInputs Inputs() =>
        ReportTestData.Organization([7, 6, 8, 3], k: 4) with
        {
            Previous = new PreviousCycle(
                ReportTestData.Cycle(4, id: "c0"),
                ReportTestData.Organization([7, 6, 8, 3]).Roster,
                ReportTestData.Organization([7, 6, 8, 3], [5, 6, 4, 3]).Submissions.Select(s => s with { CycleId = "c0", SubmittedAt = s.SubmittedAt.AddDays(-180) }).ToArray()),
        };

    /// <summary>Every format of every report of one analysis, named.</summary>
    internal static Dictionary<string, byte[]> AllBytes(ReportAnalysis analysis)
    {
        var files = ReportBytes(analysis);
        foreach (var person in new[] { "t0-p0", "t3-p1" })
        {
            var profile = ReportBuilder.BuildProfile(analysis, person);
            files[person + ".json"] = ReportFormats.Json(profile);
            files[person + ".html"] = ReportFormats.Html(profile);
        }

        return files;
    }

    /// <summary>Every format of the organization's and every team's report, named.</summary>
    internal static Dictionary<string, byte[]> ReportBytes(ReportAnalysis analysis)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var org = ReportBuilder.BuildOrganization(analysis);
        files["org.json"] = ReportFormats.Json(org);
        files["org.html"] = ReportFormats.Html(org);
        files["org.graphml"] = ReportFormats.GraphMl(org);
        files["org.csv"] = ReportFormats.CsvEdges(org);
        files["org.people.csv"] = ReportFormats.CsvPeople(org);
        foreach (var id in analysis.TeamIds)
        {
            var team = ReportBuilder.BuildTeam(analysis, id);
            files[id + ".json"] = ReportFormats.Json(team);
            files[id + ".html"] = ReportFormats.Html(team);
            files[id + ".graphml"] = ReportFormats.GraphMl(team);
            files[id + ".csv"] = ReportFormats.CsvEdges(team);
            files[id + ".people.csv"] = ReportFormats.CsvPeople(team);
        }

        return files;
    }

    internal static void SameBytes(Dictionary<string, byte[]> expected, Dictionary<string, byte[]> actual)
    {
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (name, bytes) in expected)
        {
            Assert.True(bytes.AsSpan().SequenceEqual(actual[name]), $"{name} differs");
        }
    }

    [Fact]
    public void Building_twice_gives_identical_bytes_in_every_format()
    {
        var first = AllBytes(ReportBuilder.Analyze(Inputs()));
        var second = AllBytes(ReportBuilder.Analyze(Inputs(), new ReportOptions { MaxDegreeOfParallelism = 1 }));
        SameBytes(first, second);
        Assert.All(first.Values, b => Assert.False(b.Length >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF, "no byte-order mark"));
        Assert.All(first.Values, b => Assert.DoesNotContain((byte)'\r', b));
    }

    [Fact]
    public void Team_reports_can_be_built_in_parallel_from_one_analysis()
    {
        var analysis = ReportBuilder.Analyze(ReportTestData.Organization([5, 6, 7, 8, 9, 3, 4, 5], k: 4));
        var sequential = analysis.TeamIds.ToDictionary(id => id, id => ReportFormats.Html(ReportBuilder.BuildTeam(analysis, id)));
        var parallel = new System.Collections.Concurrent.ConcurrentDictionary<string, byte[]>();
        Parallel.ForEach(Enumerable.Repeat(analysis.TeamIds, 4).SelectMany(x => x), new ParallelOptions { MaxDegreeOfParallelism = 4 }, id =>
        {
            var html = ReportFormats.Html(ReportBuilder.BuildTeam(analysis, id));
            var first = parallel.GetOrAdd(id, html);
            Assert.True(first.AsSpan().SequenceEqual(html));
        });
        Assert.All(sequential, kv => Assert.True(kv.Value.AsSpan().SequenceEqual(parallel[kv.Key])));
    }

    [Fact]
    public void Reordering_submissions_people_and_teams_changes_nothing()
    {
        var inputs = Inputs();
        var shuffled = inputs with
        {
            Submissions = inputs.Submissions.Reverse().ToArray(),
            Roster = inputs.Roster with { People = inputs.Roster.People.Reverse().ToArray(), Teams = inputs.Roster.Teams.Reverse().ToArray() },
        };
        Assert.Equal(ReportBuilder.Fingerprint(inputs), ReportBuilder.Fingerprint(shuffled));
        SameBytes(AllBytes(ReportBuilder.Analyze(inputs)), AllBytes(ReportBuilder.Analyze(shuffled)));
    }

    [Fact]
    public void Equal_versions_of_one_answer_resolve_the_same_way_in_any_order()
    {
        var inputs = Inputs();
        var rival = ReportTestData.Answer("t0-p0", [ReportTestData.Colleague("t1-p1", Frequency.Daily)]);
        var original = inputs.Submissions.First(s => s.RespondentId == "t0-p0");
        var a = inputs with { Submissions = [.. inputs.Submissions, rival] };
        var b = inputs with { Submissions = [rival, .. inputs.Submissions] };
        Assert.Equal(original.Version, rival.Version);
        Assert.Equal(original.SubmittedAt, rival.SubmittedAt);
        Assert.Equal(ReportBuilder.Fingerprint(a), ReportBuilder.Fingerprint(b));
        SameBytes(AllBytes(ReportBuilder.Analyze(a)), AllBytes(ReportBuilder.Analyze(b)));
    }

    [Fact]
    public void A_later_version_replaces_an_earlier_answer()
    {
        var inputs = Inputs();
        var later = ReportTestData.Answer("t0-p0", [ReportTestData.Colleague("t1-p1"), ReportTestData.Colleague("t2-p2"), ReportTestData.Colleague("t2-p3")], version: 2);
        var analysis = ReportBuilder.Analyze(inputs with { Submissions = [later, .. inputs.Submissions] });
        var profile = ReportBuilder.BuildProfile(analysis, "t0-p0");
        Assert.Equal(3, profile.Own[Measure.NetworkSize]);
        Assert.Equal(1.0, profile.Own[Measure.OtherTeam]);
    }

    [Fact]
    public void A_different_layout_seed_moves_the_map_but_not_the_numbers()
    {
        var inputs = Inputs();
        var one = ReportBuilder.Analyze(inputs, new ReportOptions { LayoutSeed = 1 });
        var two = ReportBuilder.Analyze(inputs, new ReportOptions { LayoutSeed = 2 });
        Assert.Equal(one.Fingerprint, two.Fingerprint);
        var a = ReportBuilder.BuildTeam(one, "t0");
        var b = ReportBuilder.BuildTeam(two, "t0");
        Assert.Equal(a.ReportId, b.ReportId);
        Assert.NotEqual(ReportFormats.Html(a), ReportFormats.Html(b));
        Assert.NotEqual(a.Map!.Nodes.Select(n => (n.X, n.Y)), b.Map!.Nodes.Select(n => (n.X, n.Y)));
        Assert.Equal(a.Map.Nodes.Select(n => n.Key), b.Map.Nodes.Select(n => n.Key));
        Assert.Equal(ReportFormats.CsvEdges(a), ReportFormats.CsvEdges(b));
        Assert.Equal(ReportFormats.GraphMl(a), ReportFormats.GraphMl(b));
        Assert.Equal(a.Members.Select(m => m.Values[Measure.Betweenness]), b.Members.Select(m => m.Values[Measure.Betweenness]));
    }

    [Fact]
    public void Changing_one_answer_changes_the_fingerprint_the_ids_and_the_content()
    {
        var inputs = Inputs();
        var changed = inputs with
        {
            Submissions = inputs.Submissions
                .Select(s => s.RespondentId == "t1-p2" ? s with { Contacts = [.. s.Contacts.Skip(1)] } : s)
                .ToArray(),
        };
        var a = ReportBuilder.Analyze(inputs);
        var b = ReportBuilder.Analyze(changed);
        Assert.NotEqual(a.Fingerprint, b.Fingerprint);
        var teamA = ReportBuilder.BuildTeam(a, "t1");
        var teamB = ReportBuilder.BuildTeam(b, "t1");
        Assert.NotEqual(teamA.ReportId, teamB.ReportId);
        Assert.NotEqual(ReportFormats.Json(teamA), ReportFormats.Json(teamB));
        Assert.NotEqual(ReportFormats.CsvEdges(teamA), ReportFormats.CsvEdges(teamB));
        Assert.Matches("^[0-9a-f]{64}$", a.Fingerprint);
        Assert.Matches("^[0-9a-f]{64}$", teamA.ReportId);
        Assert.NotEqual(teamA.ReportId, ReportBuilder.BuildOrganization(a).ReportId);
    }

    [Theory]
    [InlineData("k")]
    [InlineData("named")]
    [InlineData("previous")]
    [InlineData("roster")]
    [InlineData("title")]
    public void Every_input_a_report_depends_on_is_in_the_fingerprint(string what)
    {
        var inputs = Inputs();
        var changed = what switch
        {
            "k" => inputs with { Cycle = inputs.Cycle with { AnonymityThreshold = 3 } },
            "named" => inputs with { Cycle = inputs.Cycle with { NamedReports = true } },
            "previous" => inputs with { Previous = null },
            "roster" => inputs with { Roster = inputs.Roster with { People = inputs.Roster.People.Select(p => p.Id == "t0-p0" ? p with { Location = "Porto" } : p).ToArray() } },
            _ => inputs with { Cycle = inputs.Cycle with { Title = "Another title" } },
        };
        Assert.NotEqual(ReportBuilder.Fingerprint(inputs), ReportBuilder.Fingerprint(changed));
    }

    [Fact]
    public void Computed_at_is_the_latest_input_change_not_the_clock()
    {
        var inputs = Inputs();
        var latest = inputs.Submissions.Max(s => s.SubmittedAt);
        var analysis = ReportBuilder.Analyze(inputs);
        Assert.Equal(latest, analysis.ComputedAt);
        Assert.Equal(latest, ReportBuilder.BuildTeam(analysis, "t0").ComputedAt);
        var closed = inputs with { Cycle = inputs.Cycle with { ClosedAt = latest.AddHours(5) } };
        Assert.Equal(latest.AddHours(5), ReportBuilder.Analyze(closed).ComputedAt);
    }
}
