using System.Text.Json.Nodes;
using SurveyNetwork.Domain.Survey;
using SurveyNetwork.Functions.Reports;

namespace SurveyNetwork.Functions.Tests.ReportDelivery;

/// <summary>The report job end to end on SQLite, a report folder and a local webhook receiver.</summary>
public sealed class ReportJobTests : IAsyncLifetime
{
    private JobHarness _h = null!;
    private WebhookReceiver _webhooks = null!;

    public async Task InitializeAsync()
    {
        _h = await JobHarness.StartAsync();
        _webhooks = await WebhookReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _webhooks.DisposeAsync();
        await _h.DisposeAsync();
    }

    private static string[] Scopes(Roster roster) =>
        [ReportScope.Organization, .. roster.ActivePeople.Select(p => p.TeamId).Distinct().Order(StringComparer.Ordinal)];

    [Fact]
    public async Task A_run_publishes_every_format_for_each_team_and_the_organization_and_stores_each_report_once()
    {
        var (roster, _) = await _h.SeedAsync();

        var summary = await _h.Job().RunAllAsync();

        var cycle = Assert.Single(summary.Cycles);
        Assert.Equal(CycleRunStatus.Published, cycle.Status);
        Assert.Equal(Scopes(roster), cycle.Outcomes!.Select(o => o.Scope));
        Assert.All(cycle.Outcomes!, o => Assert.Equal(ScopeStatus.Published, o.Status));
        var expectedFiles = Scopes(roster).SelectMany(s => ReportFormat.All.Select(f => $"acme/c1/{s}/report.{f}")).Order(StringComparer.Ordinal);
        Assert.Equal(expectedFiles, _h.PublishedFiles().Keys);
        Assert.Equal(Scopes(roster), await _h.Reports.ListReportScopesAsync("acme", "c1"));

        var team = (await _h.Reports.GetReportAsync("acme", "c1", "payments"))!;
        Assert.Equal(cycle.Fingerprint, team.Fingerprint);
        Assert.Equal(cycle.Outcomes!.Single(o => o.Scope == "payments").ReportId, team.ReportId);
        Assert.Equal(_h.PublishedFiles()["acme/c1/payments/report.html"], team.Content(ReportFormat.Html)!.Bytes);
        Assert.Equal(new Uri(_h.Files.FullPath("acme", "c1", "payments", ReportFormat.Csv)).AbsoluteUri, team.Links[ReportFormat.Csv]);

        var run = (await _h.Reports.GetLastRunAsync("acme", "c1"))!;
        Assert.Equal(cycle.Fingerprint, run.Fingerprint);
        Assert.Empty(run.FailedScopes);
    }

    [Fact]
    public async Task A_rerun_without_new_submissions_writes_nothing()
    {
        await _h.SeedAsync();
        await _h.Job().RunAllAsync();
        var (files, writes, published) = (_h.Publisher.FilesWritten, _h.Reports.Writes, _h.PublishedFiles());
        var stamps = Directory.EnumerateFiles(_h.ReportFolder, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.GetLastWriteTimeUtc);
        _h.Time.Advance(TimeSpan.FromDays(7));

        var summary = await _h.Job().RunAllAsync();

        Assert.Equal(CycleRunStatus.Unchanged, Assert.Single(summary.Cycles).Status);
        Assert.Equal(files, _h.Publisher.FilesWritten);
        Assert.Equal(writes, _h.Reports.Writes); // not even a lease
        Assert.Equal(published, _h.PublishedFiles());
        Assert.All(stamps, s => Assert.Equal(s.Value, File.GetLastWriteTimeUtc(s.Key)));
    }

    [Fact]
    public async Task A_new_submission_makes_the_next_run_publish_new_reports()
    {
        var (roster, _) = await _h.SeedAsync();
        var first = Assert.Single((await _h.Job().RunAllAsync()).Cycles);
        // k people of one team answer anew (fewer would be held back by the differencing rule).
        foreach (var someone in roster.ActivePeople.GroupBy(p => p.TeamId).MaxBy(g => g.Count())!.Take(5))
        {
            await _h.Survey.UpsertSubmissionAsync(new Submission
            {
                OrgId = "acme", CycleId = "c1", RespondentId = someone.Id, SubmittedAt = JobHarness.Start.AddDays(-1), Version = 99,
                Contacts = roster.ActivePeople.Where(p => p.Id != someone.Id).Take(4)
                    .Select(p => new ContactAnswer { PersonId = p.Id, Frequency = Frequency.Daily, Personal = true, GiveBack = GiveBack.Often, Benefits = [Benefit.Solutions] })
                    .ToArray(),
            });
        }

        var second = Assert.Single((await _h.Job().RunAllAsync()).Cycles);

        Assert.Equal(CycleRunStatus.Published, second.Status);
        Assert.NotEqual(first.Fingerprint, second.Fingerprint);
        Assert.Equal(second.Fingerprint, (await _h.Reports.GetLastRunAsync("acme", "c1"))!.Fingerprint);
        Assert.All(second.Outcomes!, o => Assert.DoesNotContain(first.Outcomes!, p => p.ReportId == o.ReportId));
    }

    [Fact]
    public async Task A_run_killed_half_way_and_run_again_leaves_exactly_what_an_uninterrupted_run_leaves()
    {
        await _h.SeedAsync();
        using var crash = new CancellationTokenSource();
        _h.Publisher.CrashAfter = 3;
        _h.Publisher.Crash = crash;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _h.Job().RunAllAsync(crash.Token));

        Assert.Null(await _h.Reports.GetLastRunAsync("acme", "c1")); // no record: the next run does it all again
        var torn = _h.PublishedFiles();
        Assert.NotEmpty(torn);
        _h.Publisher.CrashAfter = null;
        var rerun = Assert.Single((await _h.Job().RunAllAsync()).Cycles);
        Assert.Equal(CycleRunStatus.Published, rerun.Status);

        await using var clean = await JobHarness.StartAsync();
        await clean.SeedAsync();
        var uninterrupted = Assert.Single((await clean.Job().RunAllAsync()).Cycles);

        Assert.Equal(uninterrupted.Fingerprint, rerun.Fingerprint);
        Assert.Equal(uninterrupted.Outcomes, rerun.Outcomes);
        var expected = clean.PublishedFiles();
        var actual = _h.PublishedFiles();
        Assert.Equal(expected.Keys, actual.Keys); // no temporary or extra files
        Assert.All(expected, e => Assert.True(e.Value.AsSpan().SequenceEqual(actual[e.Key]), $"{e.Key} differs"));
        foreach (var scope in await clean.Reports.ListReportScopesAsync("acme", "c1"))
        {
            var a = (await clean.Reports.GetReportAsync("acme", "c1", scope))!;
            var b = (await _h.Reports.GetReportAsync("acme", "c1", scope))!;
            Assert.Equal((a.ReportId, a.Fingerprint, a.ComputedAt), (b.ReportId, b.Fingerprint, b.ComputedAt));
            Assert.Equal(a.Contents.Select(c => c.Sha256), b.Contents.Select(c => c.Sha256));
        }
    }

    [Fact]
    public async Task A_cycle_whose_run_died_holding_the_lease_is_taken_up_again_once_the_lease_expires()
    {
        await _h.SeedAsync();
        var options = new ReportJobOptions { LeaseDuration = TimeSpan.FromMinutes(10) };
        var dead = await _h.Reports.TryAcquireLeaseAsync("acme", "c1", options.LeaseDuration, _h.Time.GetUtcNow()); // a run that never released it
        Assert.NotNull(dead);

        var blocked = Assert.Single((await _h.Job(options: options).RunAllAsync()).Cycles);
        _h.Time.Advance(TimeSpan.FromMinutes(10));
        var resumed = Assert.Single((await _h.Job(options: options).RunAllAsync()).Cycles);

        Assert.Equal(CycleRunStatus.Busy, blocked.Status);
        Assert.Equal(0, _h.Publisher.Reports - resumed.Outcomes!.Count);
        Assert.Equal(CycleRunStatus.Published, resumed.Status);
    }

    [Fact]
    public async Task A_run_that_died_holding_the_lease_frees_its_cycle_within_about_a_minute()
    {
        await _h.SeedAsync();
        var dead = await _h.Reports.TryAcquireLeaseAsync("acme", "c1", new ReportJobOptions().LeaseDuration, _h.Time.GetUtcNow()); // killed, never released
        Assert.NotNull(dead);

        var blocked = Assert.Single((await _h.Job().RunAllAsync()).Cycles);
        _h.Time.Advance(TimeSpan.FromSeconds(61));
        var resumed = Assert.Single((await _h.Job().RunAllAsync()).Cycles);

        Assert.Equal(CycleRunStatus.Busy, blocked.Status);
        Assert.Equal(CycleRunStatus.Published, resumed.Status);
    }

    [Fact]
    public async Task A_live_run_keeps_its_lease_across_several_durations_while_it_makes_no_progress()
    {
        await _h.SeedAsync();
        var options = new ReportJobOptions { LeaseDuration = TimeSpan.FromSeconds(30) };
        var stalled = new StalledPublisher(_h.Publisher);
        var run = Task.Run(() => _h.Job(stalled, options).RunAllAsync());
        await stalled.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));

        for (var second = 1; second <= 4 * 30; second++) // four durations in which the run publishes nothing
        {
            _h.Time.Advance(TimeSpan.FromSeconds(1));
            var due = (second - 2) / 10; // a renewal every third of the duration, allowing the heartbeat two seconds' lag
            await Eventually(() => _h.Reports.Renewals >= due, $"{due} renewals by second {second}");
            if (second % 10 == 0)
                Assert.Null(await _h.Reports.TryAcquireLeaseAsync("acme", "c1", options.LeaseDuration, _h.Time.GetUtcNow()));
        }

        stalled.Release.SetResult();
        var summary = Assert.Single((await run).Cycles);

        Assert.Equal(CycleRunStatus.Published, summary.Status);
        Assert.All(summary.Outcomes!, o => Assert.Equal(ScopeStatus.Published, o.Status));
    }

    /// <summary>Waits (in real time, bounded) for the background lease heartbeat to act on a fake clock's step.</summary>
    private static async Task Eventually(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}.");
            await Task.Delay(10);
        }
    }

    /// <summary>Holds every publication until released, like a long analysis or a slow destination.</summary>
    private sealed class StalledPublisher(IReportPublisher inner) : IReportPublisher
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<IReadOnlyDictionary<string, string>> PublishAsync(string orgId, string cycleId, string scope, IReadOnlyList<ReportFile> files, CancellationToken ct = default)
        {
            Entered.TrySetResult();
            await Release.Task.WaitAsync(ct);
            return await inner.PublishAsync(orgId, cycleId, scope, files, ct);
        }

        public Task<byte[]?> ReadAsync(string orgId, string cycleId, string scope, string format, CancellationToken ct = default) =>
            inner.ReadAsync(orgId, cycleId, scope, format, ct);

        public Task DeleteAsync(string orgId, string cycleId, string scope, CancellationToken ct = default) =>
            inner.DeleteAsync(orgId, cycleId, scope, ct);
    }

    [Fact]
    public async Task One_failing_team_is_recorded_the_others_are_published_and_the_next_run_retries_only_that_team()
    {
        var (roster, _) = await _h.SeedAsync();
        _h.Publisher.FailingScopes.Add("payments");

        var first = Assert.Single((await _h.Job().RunAllAsync()).Cycles);

        Assert.Equal(CycleRunStatus.Partial, first.Status);
        var failed = Assert.Single(first.Outcomes!, o => o.Status == ScopeStatus.Failed);
        Assert.Equal("payments", failed.Scope);
        Assert.Contains("refused payments", failed.Error, StringComparison.Ordinal);
        Assert.Equal(Scopes(roster).Length - 1, first.Outcomes!.Count(o => o.Status == ScopeStatus.Published));
        Assert.Null(await _h.Reports.GetReportAsync("acme", "c1", "payments"));
        Assert.Equal(["payments"], (await _h.Reports.GetLastRunAsync("acme", "c1"))!.FailedScopes);

        _h.Publisher.FailingScopes.Clear();
        var before = _h.Publisher.Reports;
        var retry = Assert.Single((await _h.Job().RunAllAsync()).Cycles);

        Assert.Equal(CycleRunStatus.Published, retry.Status);
        Assert.Equal(["payments"], retry.Outcomes!.Select(o => o.Scope));
        Assert.Equal(1, _h.Publisher.Reports - before);
        var run = (await _h.Reports.GetLastRunAsync("acme", "c1"))!;
        Assert.Equal(Scopes(roster), run.Outcomes.Select(o => o.Scope));
        Assert.Empty(run.FailedScopes);
        Assert.Equal(CycleRunStatus.Unchanged, Assert.Single((await _h.Job().RunAllAsync()).Cycles).Status);
    }

    [Fact]
    public async Task Two_concurrent_runs_leave_one_consistent_report_per_scope_and_notify_each_team_once()
    {
        var (roster, _) = await _h.SeedAsync(webhooks: new Dictionary<string, string> { ["payments"] = _webhooks.Url("ok/payments"), ["data"] = _webhooks.Url("ok/data") });
        _h.Publisher.Delay = TimeSpan.FromMilliseconds(30);

        var summaries = await Task.WhenAll(Task.Run(() => _h.Job().RunAllAsync()), Task.Run(() => _h.Job().RunAllAsync()));

        var statuses = summaries.Select(s => Assert.Single(s.Cycles).Status).Order().ToArray();
        Assert.Equal(CycleRunStatus.Published, statuses[0]);
        Assert.Contains(statuses[1], new[] { CycleRunStatus.Busy, CycleRunStatus.Unchanged });
        Assert.Equal(Scopes(roster).Length, _h.Publisher.Reports);
        Assert.Equal(Scopes(roster), await _h.Reports.ListReportScopesAsync("acme", "c1"));
        Assert.Equal(Scopes(roster).Length * ReportFormat.All.Count, _h.PublishedFiles().Count);
        Assert.Single(_webhooks.To("ok/payments"));
        Assert.Single(_webhooks.To("ok/data"));
    }

    [Fact]
    public async Task Teams_with_a_webhook_are_notified_with_the_links_and_a_failing_webhook_does_not_fail_the_team()
    {
        await _h.SeedAsync(webhooks: new Dictionary<string, string>
        {
            ["payments"] = _webhooks.Url("ok/payments"),
            ["mobile"] = _webhooks.Url("flaky-2/mobile"),
            ["data"] = _webhooks.Url("fail/data"),
        });

        var cycle = Assert.Single((await _h.Job().RunAllAsync()).Cycles);

        var outcome = cycle.Outcomes!.ToDictionary(o => o.Scope);
        Assert.Equal(CycleRunStatus.Published, cycle.Status);
        Assert.Equal(NotificationStatus.Sent, outcome["payments"].Notification);
        Assert.Equal(NotificationStatus.Sent, outcome["mobile"].Notification);
        Assert.Equal(3, _webhooks.Attempts("flaky-2/mobile")); // two 503s retried
        Assert.Equal((ScopeStatus.Published, NotificationStatus.Failed), (outcome["data"].Status, outcome["data"].Notification));
        Assert.Contains("500", outcome["data"].Error, StringComparison.Ordinal);
        Assert.Equal(4, _webhooks.Attempts("fail/data")); // the first try and three retries
        Assert.Equal(NotificationStatus.None, outcome["finance"].Notification);

        var sent = Assert.Single(_webhooks.To("ok/payments"));
        var stored = (await _h.Reports.GetReportAsync("acme", "c1", "payments"))!;
        Assert.Equal(stored.ReportId, sent.IdempotencyKey);
        Assert.StartsWith("application/json", sent.ContentType, StringComparison.Ordinal);
        Assert.Equal(["orgId", "cycleId", "teamId", "reportId", "links", "computedAt"], sent.Body.Select(p => p.Key));
        Assert.Equal(("acme", "c1", "payments", stored.ReportId), ((string?)sent.Body["orgId"], (string?)sent.Body["cycleId"], (string?)sent.Body["teamId"], (string?)sent.Body["reportId"]));
        Assert.Equal(stored.ComputedAt, sent.Body["computedAt"]!.GetValue<DateTimeOffset>());
        var links = sent.Body["links"]!.AsObject();
        Assert.Equal(["html", "json", "graphml", "csv"], links.Select(p => p.Key));
        foreach (var (format, link) in links)
        {
            Assert.Equal(stored.Links[format], (string?)link);
            Assert.Equal(stored.Content(format)!.Bytes, await File.ReadAllBytesAsync(new Uri((string)link!).LocalPath));
        }
    }

    [Fact]
    public async Task Only_open_cycles_and_those_closed_within_the_window_are_reported_unless_an_admin_asks()
    {
        await _h.SeedAsync(cycleId: "open");
        await _h.SeedAsync(cycleId: "recent", closesAt: JobHarness.Start.AddDays(-6));
        var old = (await _h.SeedAsync(cycleId: "old", closesAt: JobHarness.Start.AddDays(-8))).Cycle;
        await _h.SeedAsync(cycleId: "future", opensAt: JobHarness.Start.AddDays(1), closesAt: JobHarness.Start.AddDays(30));

        var summary = await _h.Job().RunAllAsync();

        Assert.Equal(["open", "recent"], summary.Cycles.Select(c => c.CycleId).Order(StringComparer.Ordinal));
        Assert.All(summary.Cycles, c => Assert.Equal(CycleRunStatus.Published, c.Status));
        var manual = await _h.Job().RunCycleAsync(old, force: false);
        Assert.Equal(CycleRunStatus.Published, manual.Status);
    }

    [Fact]
    public async Task Forcing_a_run_rebuilds_every_report_with_identical_bytes()
    {
        var (roster, cycle) = await _h.SeedAsync();
        await _h.Job().RunAllAsync();
        var before = _h.PublishedFiles();
        var reports = _h.Publisher.Reports;

        var forced = await _h.Job().RunCycleAsync(cycle, force: true);

        Assert.Equal(CycleRunStatus.Published, forced.Status);
        Assert.Equal(Scopes(roster).Length, _h.Publisher.Reports - reports);
        Assert.Equal(before.Keys, _h.PublishedFiles().Keys);
        Assert.All(before, b => Assert.True(b.Value.AsSpan().SequenceEqual(_h.PublishedFiles()[b.Key]), b.Key));
    }

    [Fact]
    public async Task A_cycle_without_submissions_is_skipped_and_writes_nothing()
    {
        var (roster, _) = await _h.SeedAsync();
        await _h.Survey.CreateCycleAsync(new Cycle
        {
            OrgId = "acme", Id = "empty", Title = "Nobody answered yet", OpensAt = JobHarness.Start.AddDays(-1), ClosesAt = JobHarness.Start.AddDays(9),
        });
        Assert.NotNull(roster);

        var summary = await _h.Job().RunAllAsync();

        Assert.Equal(CycleRunStatus.Skipped, summary.Cycles.Single(c => c.CycleId == "empty").Status);
        Assert.Empty(await _h.Reports.ListReportScopesAsync("acme", "empty"));
        Assert.False(Directory.Exists(Path.Combine(_h.ReportFolder, "acme", "empty")));
    }

    [Fact]
    public async Task A_team_that_no_longer_exists_loses_its_published_report()
    {
        var (roster, _) = await _h.SeedAsync();
        await _h.Job().RunAllAsync();
        Assert.True(File.Exists(_h.Files.FullPath("acme", "c1", "finance", ReportFormat.Html)));

        // Finance merges into Product: its people move, the team goes.
        await _h.Survey.ReplaceRosterAsync(roster with
        {
            Teams = roster.Teams.Where(t => t.Id != "finance").ToArray(),
            People = roster.People.Select(p => p.TeamId == "finance" ? p with { TeamId = "product" } : p).ToArray(),
            UpdatedAt = JobHarness.Start,
        });
        var cycle = Assert.Single((await _h.Job().RunAllAsync()).Cycles);

        Assert.Equal(["finance"], cycle.Removed);
        Assert.DoesNotContain("finance", cycle.Outcomes!.Select(o => o.Scope));
        Assert.Null(await _h.Reports.GetReportAsync("acme", "c1", "finance"));
        Assert.False(Directory.Exists(Path.Combine(_h.ReportFolder, "acme", "c1", "finance")));
        Assert.True(File.Exists(_h.Files.FullPath("acme", "c1", "product", ReportFormat.Html)));
    }

    [Fact]
    public async Task The_previous_cycle_is_read_against_the_current_roster_and_changes_the_fingerprint()
    {
        await _h.SeedAsync(cycleId: "autumn", closesAt: JobHarness.Start.AddDays(-3));
        var (_, spring) = await _h.SeedAsync(cycleId: "spring");
        var alone = await _h.Job().RunCycleAsync(spring, force: true);

        var linked = await _h.Survey.ReplaceCycleAsync(spring with { PreviousCycleId = "autumn" });
        var withPrevious = await _h.Job().RunCycleAsync(linked, force: false);

        Assert.Equal(CycleRunStatus.Published, withPrevious.Status);
        Assert.NotEqual(alone.Fingerprint, withPrevious.Fingerprint);
        var json = JsonNode.Parse((await _h.Reports.GetReportAsync("acme", "spring", ReportScope.Organization))!.Content(ReportFormat.Json)!.Bytes!);
        Assert.NotNull(json);
    }
}
