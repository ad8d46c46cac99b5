using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SurveyNetwork.Domain.Reports.Analysis;
using SurveyNetwork.Functions.Reports;
using SurveyNetwork.Functions.Storage;
using static SurveyNetwork.Functions.Tests.Storage.StoreTestData;

namespace SurveyNetwork.Functions.Tests.ReportDelivery;

/// <summary>
/// What every <see cref="IReportStore"/> must do, run against each backend by a sealed subclass.
/// Tests share one store per backend and keep apart by using fresh organization ids.
/// </summary>
public abstract class ReportStoreContract
{
    protected static readonly DateTimeOffset Now = new(2026, 3, 2, 6, 0, 0, TimeSpan.Zero);

    protected abstract IReportStore Store { get; }

    public static StoredReport Report(string orgId, string cycleId, string scope, string tag = "A", int size = 200) => new()
    {
        OrgId = orgId,
        CycleId = cycleId,
        Scope = scope,
        ReportId = $"id-{scope}-{tag}",
        Fingerprint = "fp-" + tag,
        ComputedAt = Now.AddHours(-1),
        Links = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [ReportFormat.Html] = $"https://example.org/{orgId}/{cycleId}/{scope}/report.html",
            [ReportFormat.Json] = $"https://example.org/{orgId}/{cycleId}/{scope}/report.json",
        },
        Contents = ReportFormat.All
            .Select(f => ReportContent.Of(f, Encoding.UTF8.GetBytes($"{f} of {scope} {tag} — Zoë " + new string('x', size))))
            .ToArray(),
    };

    public static ReportRun Run(string orgId, string cycleId, string fingerprint, params ScopeOutcome[] outcomes) => new()
    {
        OrgId = orgId,
        CycleId = cycleId,
        Fingerprint = fingerprint,
        CompletedAt = Now,
        Outcomes = outcomes,
    };

    [Fact]
    public async Task A_cycle_without_a_run_has_no_last_run()
    {
        Assert.Null(await Store.GetLastRunAsync(NewId("org"), "c1"));
    }

    [Fact]
    public async Task A_saved_run_reads_back_with_every_outcome()
    {
        var run = Run(NewId("org"), "c1", "fp1",
            new ScopeOutcome(ReportScope.Organization, ScopeStatus.Published, "r0"),
            new ScopeOutcome("eng", ScopeStatus.Published, "r1", NotificationStatus.Failed, "The webhook answered 500."),
            new ScopeOutcome("ops", ScopeStatus.Failed, null, Error: "InvalidOperationException: boom"));

        await Store.SaveRunAsync(run);

        var stored = await Store.GetLastRunAsync(run.OrgId, "c1");
        AssertSame(run, stored);
        Assert.Equal(["ops"], stored!.FailedScopes);
    }

    [Fact]
    public async Task A_saved_run_reads_back_with_the_answers_its_reports_rest_on()
    {
        var run = Run(NewId("org"), "c1", "fp1", new ScopeOutcome("eng", ScopeStatus.Published, "r1")) with
        {
            Answers =
            [
                new CountedAnswer("0a1b", "9f8e", "eng"),
                new CountedAnswer("2c3d", "7d6c", AnswerChanges.SuppressedGroup),
            ],
        };

        await Store.SaveRunAsync(run);

        var stored = await Store.GetLastRunAsync(run.OrgId, "c1");
        AssertSame(run, stored);
        Assert.Equal(run.Answers, stored!.Answers);
    }

    [Fact]
    public async Task Saving_a_run_again_replaces_the_earlier_record()
    {
        var org = NewId("org");
        await Store.SaveRunAsync(Run(org, "c1", "fp1"));
        await Store.SaveRunAsync(Run(org, "c1", "fp2"));

        Assert.Equal("fp2", (await Store.GetLastRunAsync(org, "c1"))!.Fingerprint);
        Assert.Null(await Store.GetLastRunAsync(org, "c2"));
    }

    [Fact]
    public async Task A_saved_report_reads_back_with_its_contents()
    {
        var report = Report(NewId("org"), "c1", "eng");

        await Store.SaveReportAsync(report);

        var stored = await Store.GetReportAsync(report.OrgId, "c1", "eng");
        Assert.NotNull(stored);
        AssertSame(report, stored);
        Assert.Equal(report.Content(ReportFormat.Html)!.Bytes, stored.Content(ReportFormat.Html)!.Bytes);
    }

    [Fact]
    public async Task The_organization_summary_is_stored_apart_from_the_teams()
    {
        var org = NewId("org");
        await Store.SaveReportAsync(Report(org, "c1", ReportScope.Organization, "O"));
        await Store.SaveReportAsync(Report(org, "c1", "eng", "E"));

        Assert.Equal("id-_organization-O", (await Store.GetReportAsync(org, "c1", ReportScope.Organization))!.ReportId);
        Assert.Equal("id-eng-E", (await Store.GetReportAsync(org, "c1", "eng"))!.ReportId);
        Assert.Equal([ReportScope.Organization, "eng"], await Store.ListReportScopesAsync(org, "c1"));
    }

    [Fact]
    public async Task Saving_a_report_again_leaves_one_report_per_scope_with_the_new_content()
    {
        var org = NewId("org");
        await Store.SaveReportAsync(Report(org, "c1", "eng", "A"));
        await Store.SaveReportAsync(Report(org, "c1", "ops", "A"));
        var second = Report(org, "c1", "eng", "B");

        await Store.SaveReportAsync(second);

        Assert.Equal(["eng", "ops"], await Store.ListReportScopesAsync(org, "c1"));
        AssertSame(second, await Store.GetReportAsync(org, "c1", "eng"));
    }

    [Fact]
    public async Task Reports_of_another_cycle_are_neither_read_nor_listed()
    {
        var org = NewId("org");
        await Store.SaveReportAsync(Report(org, "c1", "eng"));

        Assert.Null(await Store.GetReportAsync(org, "c2", "eng"));
        Assert.Empty(await Store.ListReportScopesAsync(org, "c2"));
        Assert.Empty(await Store.ListReportScopesAsync(NewId("org"), "c1"));
    }

    [Fact]
    public async Task Deleting_a_report_removes_it_and_says_whether_there_was_one()
    {
        var org = NewId("org");
        await Store.SaveReportAsync(Report(org, "c1", "eng"));

        Assert.True(await Store.DeleteReportAsync(org, "c1", "eng"));
        Assert.False(await Store.DeleteReportAsync(org, "c1", "eng"));
        Assert.Null(await Store.GetReportAsync(org, "c1", "eng"));
        Assert.Empty(await Store.ListReportScopesAsync(org, "c1"));
    }

    [Fact]
    public async Task A_lease_is_exclusive_until_it_expires()
    {
        var org = NewId("org");
        var first = await Store.TryAcquireLeaseAsync(org, "c1", TimeSpan.FromMinutes(10), Now);
        Assert.NotNull(first);

        Assert.Null(await Store.TryAcquireLeaseAsync(org, "c1", TimeSpan.FromMinutes(10), Now.AddMinutes(9)));
        Assert.NotNull(await Store.TryAcquireLeaseAsync(org, "c2", TimeSpan.FromMinutes(10), Now));

        var taken = await Store.TryAcquireLeaseAsync(org, "c1", TimeSpan.FromMinutes(10), Now.AddMinutes(10));
        Assert.NotNull(taken);
        Assert.NotEqual(first.Token, taken.Token);
    }

    [Fact]
    public async Task Only_the_holder_renews_a_lease_and_a_lost_lease_cannot_be_renewed()
    {
        var org = NewId("org");
        var lease = (await Store.TryAcquireLeaseAsync(org, "c1", TimeSpan.FromMinutes(10), Now))!;

        var renewed = await Store.RenewLeaseAsync(lease, TimeSpan.FromMinutes(10), Now.AddMinutes(5));
        Assert.Equal(Now.AddMinutes(15), renewed!.ExpiresAt);
        Assert.Null(await Store.TryAcquireLeaseAsync(org, "c1", TimeSpan.FromMinutes(10), Now.AddMinutes(12)));

        var other = await Store.TryAcquireLeaseAsync(org, "c1", TimeSpan.FromMinutes(10), Now.AddMinutes(16));
        Assert.NotNull(other);
        Assert.Null(await Store.RenewLeaseAsync(renewed, TimeSpan.FromMinutes(10), Now.AddMinutes(17)));
    }

    [Fact]
    public async Task A_released_lease_is_free_at_once_and_releasing_someone_elses_does_nothing()
    {
        var org = NewId("org");
        var lease = (await Store.TryAcquireLeaseAsync(org, "c1", TimeSpan.FromMinutes(10), Now))!;

        await Store.ReleaseLeaseAsync(lease);
        var next = await Store.TryAcquireLeaseAsync(org, "c1", TimeSpan.FromMinutes(10), Now.AddSeconds(1));
        Assert.NotNull(next);

        await Store.ReleaseLeaseAsync(lease); // the old holder's token no longer matches
        Assert.Null(await Store.TryAcquireLeaseAsync(org, "c1", TimeSpan.FromMinutes(10), Now.AddSeconds(2)));
    }

    [Fact]
    public async Task Of_many_concurrent_attempts_exactly_one_takes_the_lease()
    {
        var org = NewId("org");

        var leases = await Task.WhenAll(Enumerable.Range(0, 12)
            .Select(_ => Task.Run(() => Store.TryAcquireLeaseAsync(org, "c1", TimeSpan.FromMinutes(10), Now))));

        Assert.Single(leases, l => l is not null);
    }

    [Fact]
    public async Task A_kept_lease_outlives_several_durations_while_a_dead_holders_lease_frees_its_cycle_after_one()
    {
        var org = NewId("org");
        var duration = new ReportJobOptions().LeaseDuration;
        Assert.True(duration <= TimeSpan.FromMinutes(1), "A dead holder must free its cycle within about a minute.");
        var time = new FakeTimeProvider(Now);
        Assert.NotNull(await Store.TryAcquireLeaseAsync(org, "dead", duration, time.GetUtcNow())); // never renewed nor released
        var keeper = await ReportLeaseKeeper.TryAcquireAsync(Store, org, "live", duration, time, NullLogger.Instance, CancellationToken.None);
        Assert.NotNull(keeper);

        await using (keeper)
        {
            for (var second = 1; second <= 4 * duration.TotalSeconds; second++) // four durations, a second at a time
            {
                time.Advance(TimeSpan.FromSeconds(1));
                // Renewal is due a third of the way through and the heartbeat ticks every twelfth, so
                // a kept lease never falls below half its duration.
                await Eventually(() => keeper.Lease.ExpiresAt - time.GetUtcNow() >= duration / 2,
                    $"the heartbeat renewed the lease by second {second}");
                keeper.EnsureHeld();
                if (second % 20 == 0)
                    Assert.Null(await Store.TryAcquireLeaseAsync(org, "live", duration, time.GetUtcNow()));
                if (second == (int)duration.TotalSeconds - 1)
                    Assert.Null(await Store.TryAcquireLeaseAsync(org, "dead", duration, time.GetUtcNow()));
                if (second == (int)duration.TotalSeconds)
                    Assert.NotNull(await Store.TryAcquireLeaseAsync(org, "dead", duration, time.GetUtcNow()));
            }
        }

        Assert.NotNull(await Store.TryAcquireLeaseAsync(org, "live", duration, time.GetUtcNow())); // released when the run ends
    }

    [Fact]
    public async Task A_keeper_whose_lease_was_taken_over_stops_the_run_before_its_next_write()
    {
        var org = NewId("org");
        var duration = TimeSpan.FromSeconds(60);
        var time = new FakeTimeProvider(Now);
        var keeper = (await ReportLeaseKeeper.TryAcquireAsync(Store, org, "c1", duration, time, NullLogger.Instance, CancellationToken.None))!;
        await using (keeper)
        {
            await Store.ReleaseLeaseAsync(keeper.Lease); // as if it had expired unnoticed
            Assert.NotNull(await Store.TryAcquireLeaseAsync(org, "c1", duration, time.GetUtcNow()));
            keeper.EnsureHeld(); // not yet known

            time.Advance(duration / 3);

            await Eventually(() => Throws(keeper.EnsureHeld), "the heartbeat noticed the lease was taken");
            Assert.Throws<LeaseLostException>(keeper.EnsureHeld);
        }
    }

    private static bool Throws(Action action)
    {
        try
        {
            action();
            return false;
        }
        catch (LeaseLostException)
        {
            return true;
        }
    }

    /// <summary>Waits (in real time, bounded) for the background heartbeat to act on a fake clock's step.</summary>
    private static async Task Eventually(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting until {what}.");
            await Task.Delay(10);
        }
    }

    public static ReportRequest Request(string orgId, string cycleId, DateTimeOffset queuedAt, string origin = ReportRequest.Scheduled) => new()
    {
        Id = ReportRequest.NewId(queuedAt),
        OrgId = orgId,
        CycleId = cycleId,
        Origin = origin,
        State = ReportRequestState.Queued,
        QueuedAt = queuedAt,
    };

    [Fact]
    public async Task The_first_request_becomes_pending_and_a_second_gets_the_pending_one_back()
    {
        var org = NewId("org");
        var first = Request(org, "c1", Now);
        var second = Request(org, "c1", Now.AddSeconds(1), ReportRequest.Admin);

        Assert.Null(await Store.TryAddPendingRequestAsync(first, Now.AddHours(-2)));
        var pending = await Store.TryAddPendingRequestAsync(second, Now.AddHours(-2));

        Assert.Equal(first, pending);
        Assert.Equal(first, await Store.GetRequestAsync(org, "c1", first.Id));
        Assert.Null(await Store.GetRequestAsync(org, "c1", second.Id)); // nothing written for the refused one
        Assert.Null(await Store.TryAddPendingRequestAsync(Request(org, "c2", Now), Now.AddHours(-2))); // another cycle is apart
    }

    [Fact]
    public async Task A_stale_pending_request_no_longer_blocks_a_new_one()
    {
        var org = NewId("org");
        var old = Request(org, "c1", Now);
        var fresh = Request(org, "c1", Now.AddHours(3));
        Assert.Null(await Store.TryAddPendingRequestAsync(old, Now.AddHours(-2)));

        Assert.Null(await Store.TryAddPendingRequestAsync(fresh, staleBefore: Now.AddHours(1)));

        Assert.Equal(fresh, await Store.TryAddPendingRequestAsync(Request(org, "c1", Now.AddHours(3).AddSeconds(1)), Now.AddHours(1)));
        Assert.Equal(old, await Store.GetRequestAsync(org, "c1", old.Id)); // kept for the history
    }

    [Fact]
    public async Task Clearing_ends_only_the_named_pending_request()
    {
        var org = NewId("org");
        var first = Request(org, "c1", Now);
        Assert.Null(await Store.TryAddPendingRequestAsync(first, Now.AddHours(-2)));

        await Store.ClearPendingRequestAsync(org, "c1", "someotherrequest");
        Assert.Equal(first, await Store.TryAddPendingRequestAsync(Request(org, "c1", Now.AddSeconds(1)), Now.AddHours(-2)));

        await Store.ClearPendingRequestAsync(org, "c1", first.Id);
        var next = Request(org, "c1", Now.AddSeconds(2));
        Assert.Null(await Store.TryAddPendingRequestAsync(next, Now.AddHours(-2)));
        Assert.Equal(first, await Store.GetRequestAsync(org, "c1", first.Id)); // clearing keeps the record

        await Store.ClearPendingRequestAsync(org, "c1", first.Id); // no longer pending: nothing happens
        Assert.Equal(next, await Store.TryAddPendingRequestAsync(Request(org, "c1", Now.AddSeconds(3)), Now.AddHours(-2)));
        await Store.ClearPendingRequestAsync(NewId("org"), "c1", first.Id); // a cycle with nothing pending
    }

    [Fact]
    public async Task Of_many_concurrent_requests_for_a_cycle_exactly_one_becomes_pending()
    {
        var org = NewId("org");
        var requests = Enumerable.Range(0, 12).Select(i => Request(org, "c1", Now.AddMilliseconds(i))).ToArray();

        var answers = await Task.WhenAll(requests.Select(r => Task.Run(() => Store.TryAddPendingRequestAsync(r, Now.AddHours(-2)))));

        var winner = requests[Assert.Single(Enumerable.Range(0, 12), i => answers[i] is null)];
        Assert.All(answers.Where(a => a is not null), a => Assert.Equal(winner.Id, a!.Id));
    }

    [Fact]
    public async Task A_saved_request_reads_back_with_its_state_result_and_error()
    {
        var org = NewId("org");
        var queued = Request(org, "c1", Now, ReportRequest.Admin) with { Force = true };
        await Store.SaveRequestAsync(queued);
        var done = queued with
        {
            State = ReportRequestState.Done,
            StartedAt = Now.AddSeconds(2),
            FinishedAt = Now.AddSeconds(9),
            Attempts = 2,
            Error = "StoreUnavailableException: the first attempt failed",
            Result = new CycleRunSummary(org, "c1", CycleRunStatus.Published, "fp1",
                [new ScopeOutcome(ReportScope.Organization, ScopeStatus.Published, "r0"), new ScopeOutcome("eng", ScopeStatus.Withheld, "r1")]),
        };

        await Store.SaveRequestAsync(done);

        var stored = await Store.GetRequestAsync(org, "c1", queued.Id);
        Assert.NotNull(stored);
        Assert.Equal(done with { Result = null }, stored with { Result = null });
        Assert.Equal(CycleRunStatus.Published, stored.Result!.Status);
        Assert.Equal("fp1", stored.Result.Fingerprint);
        Assert.Equal([(ReportScope.Organization, ScopeStatus.Published, "r0"), ("eng", ScopeStatus.Withheld, "r1")],
            stored.Result.Outcomes!.Select(o => (o.Scope, o.Status, o.ReportId)));
        Assert.Null(await Store.GetRequestAsync(org, "c1", "nosuchrequest"));
        Assert.Null(await Store.GetRequestAsync(org, "c2", queued.Id));
    }

    [Fact]
    public async Task Requests_list_newest_first_and_at_most_the_count_asked_for()
    {
        var org = NewId("org");
        var requests = Enumerable.Range(0, 5).Select(i => Request(org, "c1", Now.AddMinutes(i))).ToArray();
        foreach (var r in requests.Reverse().Take(2).Concat(requests.Take(3)))
            await Store.SaveRequestAsync(r);
        await Store.SaveRequestAsync(Request(org, "c2", Now.AddMinutes(9)));

        var latest = await Store.ListRequestsAsync(org, "c1", 3);

        Assert.Equal(requests.Reverse().Take(3).Select(r => r.Id), latest.Select(r => r.Id));
        Assert.Equal(5, (await Store.ListRequestsAsync(org, "c1", 10)).Count);
        Assert.Empty(await Store.ListRequestsAsync(NewId("org"), "c1", 10));
    }

    [Fact]
    public async Task Malformed_ids_are_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.GetReportAsync("org|x", "c1", "eng"));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.GetReportAsync("org", "c1", "eng/../x"));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.SaveRunAsync(Run("org", "", "fp")));
    }
}
