using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using SurveyNetwork.Domain.Reports.Analysis;
using SurveyNetwork.Domain.Survey;
using SurveyNetwork.Functions.Reports;

namespace SurveyNetwork.Functions.Tests.ReportDelivery;

/// <summary>
/// The before/after attack: a teammate compares two publications of a cycle to isolate one
/// answer. The job publishes again only when every group has 0 or at least k changed answers
/// (<see cref="Privacy"/>), on SQLite and a report folder.
/// </summary>
public sealed class DifferencingTests : IAsyncLifetime
{
    private const int K = 5; // the cycle's default threshold
    private JobHarness _h = null!;

    public async Task InitializeAsync() => _h = await JobHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    /// <summary>The published team with the most respondents who named anyone, and those respondents.</summary>
    private async Task<(string Team, Submission[] Namers)> BusiestTeamAsync(Roster roster)
    {
        var teamOf = roster.ActivePeople.ToDictionary(p => p.Id, p => p.TeamId, StringComparer.Ordinal);
        var namers = (await _h.Survey.ListSubmissionsAsync("acme", "c1"))
            .Where(s => s.Contacts.Count > 0 && teamOf.ContainsKey(s.RespondentId))
            .GroupBy(s => teamOf[s.RespondentId]!)
            .MaxBy(g => g.Count())!;
        Assert.True(namers.Count() >= K + 1, $"team {namers.Key} has {namers.Count()} respondents who named anyone");
        return (namers.Key, namers.OrderBy(s => s.RespondentId, StringComparer.Ordinal).ToArray());
    }

    /// <summary>A newer version of the answer with every contact's frequency moved one step.</summary>
    private Task Change(Submission s) => _h.Survey.UpsertSubmissionAsync(s with
    {
        Version = s.Version + 1,
        SubmittedAt = s.SubmittedAt.AddHours(1),
        Contacts = s.Contacts.Select(c => c with { Frequency = c.Frequency == Frequency.Daily ? Frequency.Monthly : Frequency.Daily }).ToArray(),
    });

    /// <summary>Every number in every published JSON report of the cycle, by report and JSON path.</summary>
    private async Task<SortedDictionary<string, string>> PublishedNumbersAsync()
    {
        var numbers = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var scope in await _h.Reports.ListReportScopesAsync("acme", "c1"))
        {
            var json = (await _h.Reports.GetReportAsync("acme", "c1", scope))!.Content("json")!.Bytes!;
            using var document = JsonDocument.Parse(json);
            Walk(document.RootElement, scope + ":$", numbers);
        }

        return numbers;
    }

    private static void Walk(JsonElement element, string path, SortedDictionary<string, string> numbers)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                    Walk(property.Value, path + "." + property.Name, numbers);
                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                    Walk(item, path + "[" + (i++).ToString(CultureInfo.InvariantCulture) + "]", numbers);
                break;
            case JsonValueKind.Number:
                numbers[path] = element.GetRawText();
                break;
        }
    }

    [Fact]
    public async Task One_changed_answer_republishes_nothing_and_k_changed_answers_in_the_team_republish()
    {
        var (roster, _) = await _h.SeedAsync();
        Assert.Equal(CycleRunStatus.Published, Assert.Single((await _h.Job().RunAllAsync()).Cycles).Status);
        var (team, namers) = await BusiestTeamAsync(roster);
        var files = _h.PublishedFiles();
        var numbers = await PublishedNumbersAsync();
        Assert.Contains(numbers.Keys, p => p.StartsWith(team + ":$.teamAverages.", StringComparison.Ordinal));
        var stamps = (await _h.Reports.ListReportScopesAsync("acme", "c1")).ToDictionary(s => s, s => _h.Reports.GetReportAsync("acme", "c1", s).Result!.ComputedAt);

        await Change(namers[0]);
        _h.Time.Advance(TimeSpan.FromHours(2));
        var held = Assert.Single((await _h.Job().RunAllAsync()).Cycles);

        Assert.Equal(CycleRunStatus.Held, held.Status);
        Assert.StartsWith("held:", held.Detail, StringComparison.Ordinal);
        Assert.Contains($"team {team} (1 so far)", held.Detail, StringComparison.Ordinal);
        Assert.Equal(numbers, await PublishedNumbersAsync());
        Assert.Equal(files.Keys, _h.PublishedFiles().Keys);
        Assert.All(files, f => Assert.True(f.Value.AsSpan().SequenceEqual(_h.PublishedFiles()[f.Key]), f.Key));
        foreach (var (scope, at) in stamps)
            Assert.Equal(at, (await _h.Reports.GetReportAsync("acme", "c1", scope))!.ComputedAt);

        foreach (var s in namers.Skip(1).Take(K - 2))
            await Change(s);
        Assert.Equal(CycleRunStatus.Held, Assert.Single((await _h.Job().RunAllAsync()).Cycles).Status); // k − 1 changed
        await Change(namers[K - 1]);
        var published = Assert.Single((await _h.Job().RunAllAsync()).Cycles);

        Assert.Equal(CycleRunStatus.Published, published.Status);
        var after = await PublishedNumbersAsync();
        Assert.Contains(numbers.Keys, p => p.StartsWith(team + ":$.teamAverages.", StringComparison.Ordinal) && after.GetValueOrDefault(p) != numbers[p]);
        Assert.Equal(CycleRunStatus.Unchanged, Assert.Single((await _h.Job().RunAllAsync()).Cycles).Status);
    }

    [Fact]
    public async Task Forcing_a_run_does_not_publish_a_held_change()
    {
        var (roster, cycle) = await _h.SeedAsync();
        await _h.Job().RunAllAsync();
        var (_, namers) = await BusiestTeamAsync(roster);
        var files = _h.PublishedFiles();
        var reports = _h.Publisher.Reports;

        await Change(namers[0]);
        var forced = await _h.Job().RunCycleAsync(cycle, force: true);

        Assert.Equal(CycleRunStatus.Held, forced.Status);
        Assert.Equal(reports, _h.Publisher.Reports);
        Assert.All(files, f => Assert.True(f.Value.AsSpan().SequenceEqual(_h.PublishedFiles()[f.Key]), f.Key));
    }

    [Fact]
    public async Task A_rebuild_after_erasure_publishes_even_a_held_change()
    {
        var (roster, cycle) = await _h.SeedAsync();
        var first = Assert.Single((await _h.Job().RunAllAsync()).Cycles);
        var (_, namers) = await BusiestTeamAsync(roster);
        await Change(namers[0]);
        Assert.Equal(CycleRunStatus.Held, Assert.Single((await _h.Job().RunAllAsync()).Cycles).Status);

        var erasure = new ReportErasure(_h.Job(), _h.Reports, _h.Publisher, _h.Time, new ReportJobOptions(), NullLogger<ReportErasure>.Instance);
        Assert.Empty(await erasure.RebuildAsync([cycle], CancellationToken.None));

        var run = (await _h.Reports.GetLastRunAsync("acme", "c1"))!;
        Assert.NotEqual(first.Fingerprint, run.Fingerprint);
        Assert.Equal(AnswerChanges.Of(await ReadInputsAsync(cycle)), run.Answers);
    }

    private async Task<ReportInputs> ReadInputsAsync(Cycle cycle) =>
        (await ReportInputsReader.ReadAsync(_h.Survey, cycle, roster: null, requireSubmissions: true, CancellationToken.None))!;

    [Fact]
    public async Task The_run_record_keeps_the_answers_of_the_last_publication_and_names_nobody()
    {
        var (roster, cycle) = await _h.SeedAsync();
        await _h.Job().RunAllAsync();
        var (_, namers) = await BusiestTeamAsync(roster);
        var published = (await _h.Reports.GetLastRunAsync("acme", "c1"))!;
        await Change(namers[0]);
        await _h.Job().RunAllAsync();

        var run = (await _h.Reports.GetLastRunAsync("acme", "c1"))!;
        Assert.Equal(published.Fingerprint, run.Fingerprint); // the held run wrote no record
        Assert.Equal(AnswerChanges.Of(await ReadInputsAsync(cycle)).Count, run.Answers!.Count);
        var text = JsonSerializer.Serialize(run);
        Assert.All(roster.People, p => Assert.DoesNotContain(p.Id, text, StringComparison.Ordinal));
    }
}
