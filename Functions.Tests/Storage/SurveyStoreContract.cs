using SurveyNetwork.Domain.Survey;
using SurveyNetwork.Functions.Storage;
using static SurveyNetwork.Functions.Tests.Storage.StoreTestData;

namespace SurveyNetwork.Functions.Tests.Storage;

/// <summary>
/// What every <see cref="ISurveyStore"/> must do, run against each backend by a sealed subclass.
/// Tests share one store per backend and keep apart by using fresh organization ids.
/// </summary>
public abstract class SurveyStoreContract
{
    protected abstract ISurveyStore Store { get; }

    // ---- Initialization -----------------------------------------------------------------------

    [Fact]
    public async Task Initializing_again_keeps_what_is_stored()
    {
        var org = NewId("org");
        await Store.ReplaceRosterAsync(Roster(org, 3));

        await Store.InitializeAsync();

        Assert.NotNull(await Store.GetRosterAsync(org));
    }

    // ---- Roster -------------------------------------------------------------------------------

    [Fact]
    public async Task A_missing_roster_reads_as_null()
    {
        Assert.Null(await Store.GetRosterAsync(NewId("org")));
    }

    [Fact]
    public async Task A_replaced_roster_reads_back_with_every_field()
    {
        var roster = Roster(NewId("org"), 40);

        await Store.ReplaceRosterAsync(roster);

        var stored = await Store.GetRosterAsync(roster.OrgId);
        Assert.NotNull(stored);
        AssertSame(roster, stored);
        Assert.Equal(roster.People[3], stored.PeopleById["p000003"]);
    }

    [Fact]
    public async Task Replacing_a_roster_replaces_it_whole()
    {
        var org = NewId("org");
        await Store.ReplaceRosterAsync(Roster(org, 30, "A", teams: 6));
        var smaller = Roster(org, 10, "B", teams: 2);

        await Store.ReplaceRosterAsync(smaller);

        var stored = await Store.GetRosterAsync(org);
        AssertSame(smaller, stored);
    }

    [Fact]
    public async Task An_empty_roster_round_trips()
    {
        var empty = new Roster(NewId("org"), [], [], DateTimeOffset.UnixEpoch);

        await Store.ReplaceRosterAsync(empty);

        AssertSame(empty, await Store.GetRosterAsync(empty.OrgId));
    }

    [Fact]
    public async Task A_roster_of_50000_people_round_trips()
    {
        var roster = Roster(NewId("org"), 50_000, teams: 400);

        await Store.ReplaceRosterAsync(roster);

        var stored = await Store.GetRosterAsync(roster.OrgId);
        Assert.NotNull(stored);
        Assert.Equal(50_000, stored.People.Count);
        AssertSame(roster, stored);
    }

    [Fact]
    public async Task A_reader_during_roster_replacements_sees_the_old_or_the_new_roster_never_a_mix()
    {
        var org = NewId("org");
        const int people = 12_000; // several chunk items in Cosmos DB
        var a = Roster(org, people, "A");
        var b = Roster(org, people + 700, "B", teams: 7);
        await Store.ReplaceRosterAsync(a);

        using var replacing = new CancellationTokenSource();
        var reads = 0;
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            do
            {
                var seen = await Store.GetRosterAsync(org);
                Assert.NotNull(seen);
                var expected = seen.People[0].Name.Contains(" A ", StringComparison.Ordinal) ? a : b;
                AssertSame(expected, seen);
                Interlocked.Increment(ref reads);
            }
            while (!replacing.IsCancellationRequested);
        })).ToList();
        for (var i = 0; i < 4; i++)
            await Store.ReplaceRosterAsync(i % 2 == 0 ? b : a);
        await replacing.CancelAsync();
        await Task.WhenAll(readers);

        Assert.True(reads >= 2);
        AssertSame(a, await Store.GetRosterAsync(org));
    }

    [Fact]
    public async Task Replacing_rosters_registers_each_organization_once()
    {
        var first = NewId("org");
        var second = NewId("org");

        await Store.ReplaceRosterAsync(Roster(first, 2));
        await Store.ReplaceRosterAsync(Roster(first, 3));
        await Store.ReplaceRosterAsync(Roster(second, 2));

        var organizations = await Store.ListOrganizationsAsync();
        Assert.Single(organizations, o => o == first);
        Assert.Single(organizations, o => o == second);
        Assert.Equal(organizations.Order(StringComparer.Ordinal), organizations);
    }

    [Fact]
    public async Task An_organization_without_a_roster_is_not_listed()
    {
        var org = NewId("org");
        await Store.CreateCycleAsync(Cycle(org, "c1"));
        await Store.UpsertSubmissionAsync(Submission(org, "c1", "r1"));

        Assert.DoesNotContain(org, await Store.ListOrganizationsAsync());
    }

    // ---- Cycles -------------------------------------------------------------------------------

    [Fact]
    public async Task A_created_cycle_reads_back_with_its_etag()
    {
        var cycle = Cycle(NewId("org"), "2025-spring") with
        {
            ClosedAt = new DateTimeOffset(2025, 3, 10, 12, 0, 0, TimeSpan.FromHours(1)),
            InvitationsIssuedAt = new DateTimeOffset(2025, 3, 3, 10, 0, 0, TimeSpan.Zero),
            InvitationsIssued = 42,
            NamedReports = true,
        };

        var created = await Store.CreateCycleAsync(cycle);

        Assert.False(string.IsNullOrEmpty(created.ETag));
        var stored = await Store.GetCycleAsync(cycle.OrgId, cycle.Id);
        AssertSameCycle(cycle, stored);
        Assert.Equal(created.ETag, stored!.ETag);
    }

    [Fact]
    public async Task Creating_a_cycle_that_exists_is_a_conflict()
    {
        var cycle = Cycle(NewId("org"), "c1");
        await Store.CreateCycleAsync(cycle);

        await Assert.ThrowsAsync<StoreConflictException>(() => Store.CreateCycleAsync(cycle with { Title = "Other" }));

        AssertSameCycle(cycle, await Store.GetCycleAsync(cycle.OrgId, cycle.Id));
    }

    [Fact]
    public async Task A_missing_cycle_reads_as_null()
    {
        var org = NewId("org");
        await Store.CreateCycleAsync(Cycle(org, "c1"));

        Assert.Null(await Store.GetCycleAsync(org, "c2"));
        Assert.Null(await Store.GetCycleAsync(NewId("org"), "c1"));
    }

    [Fact]
    public async Task Listing_cycles_returns_the_organizations_cycles_by_opening_time()
    {
        var org = NewId("org");
        var other = NewId("org");
        await Store.CreateCycleAsync(Cycle(org, "late", opensInDays: 60));
        await Store.CreateCycleAsync(Cycle(org, "early", opensInDays: 0));
        await Store.CreateCycleAsync(Cycle(other, "foreign"));
        await Store.ReplaceRosterAsync(Roster(org, 5)); // roster items share the partition in Cosmos DB

        var cycles = await Store.ListCyclesAsync(org);

        Assert.Equal(["early", "late"], cycles.Select(c => c.Id));
        Assert.All(cycles, c => Assert.False(string.IsNullOrEmpty(c.ETag)));
        Assert.Empty(await Store.ListCyclesAsync(NewId("org")));
    }

    [Fact]
    public async Task Replacing_a_cycle_with_its_current_etag_stores_it_under_a_new_etag()
    {
        var created = await Store.CreateCycleAsync(Cycle(NewId("org"), "c1"));
        var closed = created with { ClosedAt = created.OpensAt.AddDays(3), Title = "Closed early" };

        var replaced = await Store.ReplaceCycleAsync(closed);

        Assert.NotEqual(created.ETag, replaced.ETag);
        var stored = await Store.GetCycleAsync(created.OrgId, created.Id);
        AssertSameCycle(closed, stored);
        Assert.Equal(replaced.ETag, stored!.ETag);
    }

    [Fact]
    public async Task Replacing_a_cycle_with_a_stale_etag_is_a_concurrency_failure()
    {
        var created = await Store.CreateCycleAsync(Cycle(NewId("org"), "c1"));
        var winner = await Store.ReplaceCycleAsync(created with { Title = "First edit" });

        await Assert.ThrowsAsync<StoreConcurrencyException>(() => Store.ReplaceCycleAsync(created with { Title = "Second edit" }));

        var stored = await Store.GetCycleAsync(created.OrgId, created.Id);
        Assert.Equal("First edit", stored!.Title);
        Assert.Equal(winner.ETag, stored.ETag);
    }

    [Fact]
    public async Task Replacing_a_cycle_that_does_not_exist_is_a_concurrency_failure()
    {
        var ghost = Cycle(NewId("org"), "c1") with { ETag = "\"00000000-0000-0000-0000-000000000000\"" };

        await Assert.ThrowsAsync<StoreConcurrencyException>(() => Store.ReplaceCycleAsync(ghost));
        Assert.Null(await Store.GetCycleAsync(ghost.OrgId, ghost.Id));
    }

    [Fact]
    public async Task Replacing_a_cycle_without_an_etag_is_refused()
    {
        var created = await Store.CreateCycleAsync(Cycle(NewId("org"), "c1"));

        await Assert.ThrowsAsync<ArgumentException>(() => Store.ReplaceCycleAsync(created with { ETag = null }));
    }

    // ---- Submissions --------------------------------------------------------------------------

    [Fact]
    public async Task A_stored_submission_reads_back_with_every_answer()
    {
        var submission = Submission(NewId("org"), "c1", "r1", contacts: 6) with { Source = "import", Version = 638_000_000_000_000_000 };

        await Store.UpsertSubmissionAsync(submission);

        AssertSame(submission, await Store.GetSubmissionAsync(submission.OrgId, "c1", "r1"));
    }

    [Fact]
    public async Task A_version_taken_from_the_clock_reads_back_exactly()
    {
        // Not a round number: a double would round it (Cosmos DB keeps JSON numbers as doubles).
        var version = Domain.Survey.Submission.VersionAt(new DateTimeOffset(2026, 11, 3, 9, 41, 17, TimeSpan.Zero).AddTicks(1_234_567)) + 1;
        var submission = Submission(NewId("org"), "c1", "r1", contacts: 1) with { Version = version };

        await Store.UpsertSubmissionAsync(submission);

        Assert.Equal(version, (await Store.GetSubmissionAsync(submission.OrgId, "c1", "r1"))!.Version);
        Assert.Equal(version, Assert.Single(await Store.ListSubmissionsAsync(submission.OrgId, "c1")).Version);
    }

    [Fact]
    public async Task Submitting_twice_replaces_the_first_answer()
    {
        var org = NewId("org");
        await Store.UpsertSubmissionAsync(Submission(org, "c1", "r1", contacts: 2, version: 1));
        var second = Submission(org, "c1", "r1", contacts: 4, version: 2);

        await Store.UpsertSubmissionAsync(second);

        AssertSame(second, await Store.GetSubmissionAsync(org, "c1", "r1"));
        var all = await Store.ListSubmissionsAsync(org, "c1");
        AssertSame(second, Assert.Single(all));
    }

    [Fact]
    public async Task Concurrent_submissions_of_one_respondent_leave_exactly_one_whole_answer()
    {
        var org = NewId("org");
        var pairs = Enumerable.Range(0, 10)
            .Select(i => (A: Submission(org, "c1", $"r{i}", contacts: 2, version: 1), B: Submission(org, "c1", $"r{i}", contacts: 5, version: 2)))
            .ToList();

        await Task.WhenAll(pairs.SelectMany(p => new[]
        {
            Task.Run(() => Store.UpsertSubmissionAsync(p.A)),
            Task.Run(() => Store.UpsertSubmissionAsync(p.B)),
        }));

        var stored = await Store.ListSubmissionsAsync(org, "c1");
        Assert.Equal(pairs.Select(p => p.A.RespondentId).Order(StringComparer.Ordinal), stored.Select(s => s.RespondentId));
        foreach (var (a, b) in pairs)
        {
            var one = Json(stored.Single(s => s.RespondentId == a.RespondentId));
            Assert.True(one == Json(a) || one == Json(b), $"{a.RespondentId} holds a mix: {one}");
        }
    }

    [Fact]
    public async Task Listing_submissions_returns_only_that_cycles_submissions()
    {
        var org = NewId("org");
        var other = NewId("org");
        var mine = new[] { "r3", "r1", "r2" }.Select(r => Submission(org, "c1", r)).ToList();
        foreach (var s in mine)
            await Store.UpsertSubmissionAsync(s);
        await Store.UpsertSubmissionAsync(Submission(org, "c2", "r1"));
        await Store.UpsertSubmissionAsync(Submission(org, "c10", "r4"));
        await Store.UpsertSubmissionAsync(Submission(other, "c1", "r5"));

        var listed = await Store.ListSubmissionsAsync(org, "c1");

        Assert.Equal(["r1", "r2", "r3"], listed.Select(s => s.RespondentId));
        AssertSame(mine.OrderBy(s => s.RespondentId, StringComparer.Ordinal).ToList(), listed.ToList());
    }

    [Fact]
    public async Task Listing_a_cycle_without_submissions_returns_nothing()
    {
        Assert.Empty(await Store.ListSubmissionsAsync(NewId("org"), "c1"));
    }

    [Fact]
    public async Task A_missing_submission_reads_as_null()
    {
        var org = NewId("org");
        await Store.UpsertSubmissionAsync(Submission(org, "c1", "r1"));

        Assert.Null(await Store.GetSubmissionAsync(org, "c1", "r2"));
        Assert.Null(await Store.GetSubmissionAsync(org, "c2", "r1"));
    }

    [Fact]
    public async Task Deleting_a_submission_removes_it_and_tells_whether_there_was_one()
    {
        var org = NewId("org");
        await Store.UpsertSubmissionAsync(Submission(org, "c1", "r1"));
        await Store.UpsertSubmissionAsync(Submission(org, "c1", "r2"));

        Assert.True(await Store.DeleteSubmissionAsync(org, "c1", "r1"));
        Assert.False(await Store.DeleteSubmissionAsync(org, "c1", "r1"));

        Assert.Null(await Store.GetSubmissionAsync(org, "c1", "r1"));
        Assert.Equal(["r2"], (await Store.ListSubmissionsAsync(org, "c1")).Select(s => s.RespondentId));
    }

    [Fact]
    public async Task A_conditional_replace_writes_only_over_the_version_it_expects()
    {
        var org = NewId("org");
        var stored = Submission(org, "c1", "r1", contacts: 4, version: 5);
        await Store.UpsertSubmissionAsync(stored);
        var rewritten = stored with { Contacts = stored.Contacts.Skip(1).ToList() };

        Assert.False(await Store.TryReplaceSubmissionAsync(rewritten, expectedVersion: 4));
        AssertSame(stored, await Store.GetSubmissionAsync(org, "c1", "r1"));

        Assert.True(await Store.TryReplaceSubmissionAsync(rewritten, expectedVersion: 5));
        AssertSame(rewritten, await Store.GetSubmissionAsync(org, "c1", "r1"));
    }

    [Fact]
    public async Task A_conditional_replace_never_undoes_a_newer_answer_nor_brings_back_a_deleted_one()
    {
        var org = NewId("org");
        var old = Submission(org, "c1", "r1", contacts: 4, version: 1);
        await Store.UpsertSubmissionAsync(old);
        var newer = Submission(org, "c1", "r1", contacts: 2, version: 2);
        await Store.UpsertSubmissionAsync(newer);

        Assert.False(await Store.TryReplaceSubmissionAsync(old with { Contacts = [] }, expectedVersion: 1));
        AssertSame(newer, await Store.GetSubmissionAsync(org, "c1", "r1"));

        await Store.DeleteSubmissionAsync(org, "c1", "r1");
        Assert.False(await Store.TryReplaceSubmissionAsync(newer, expectedVersion: 2));
        Assert.Null(await Store.GetSubmissionAsync(org, "c1", "r1"));
        Assert.False(await Store.TryReplaceSubmissionAsync(Submission(org, "c1", "r9"), expectedVersion: 1));
        Assert.Empty(await Store.ListSubmissionsAsync(org, "c1"));
    }

    [Fact]
    public async Task Conditional_replaces_racing_answers_keep_every_newer_answer()
    {
        var org = NewId("org");
        const int respondents = 60;
        for (var i = 0; i < respondents; i++)
            await Store.UpsertSubmissionAsync(Submission(org, "c1", $"r{i:D3}", contacts: 3, version: 1));

        // Each respondent answers again while a rewrite of its first answer runs: whichever lands
        // second, the newer answer is what stays.
        await Task.WhenAll(Enumerable.Range(0, respondents).Select(i => Task.Run(async () =>
        {
            var id = $"r{i:D3}";
            var rewrite = Store.TryReplaceSubmissionAsync(Submission(org, "c1", id, contacts: 1, version: 1), expectedVersion: 1);
            var answer = Store.UpsertSubmissionAsync(Submission(org, "c1", id, contacts: 5, version: 2));
            await Task.WhenAll(rewrite, answer);
        })));

        var stored = await Store.ListSubmissionsAsync(org, "c1");
        Assert.Equal(respondents, stored.Count);
        Assert.All(stored, s => AssertSame(Submission(org, "c1", s.RespondentId, contacts: 5, version: 2), s));
    }

    [Fact]
    public async Task Purging_deleted_content_keeps_everything_stored()
    {
        var org = NewId("org");
        await Store.UpsertSubmissionAsync(Submission(org, "c1", "r1"));
        await Store.UpsertSubmissionAsync(Submission(org, "c1", "r2"));
        await Store.DeleteSubmissionAsync(org, "c1", "r2");

        await Store.PurgeDeletedAsync();

        AssertSame(Submission(org, "c1", "r1"), await Store.GetSubmissionAsync(org, "c1", "r1"));
        Assert.Equal(["r1"], (await Store.ListSubmissionsAsync(org, "c1")).Select(s => s.RespondentId));
    }

    // ---- Keys ---------------------------------------------------------------------------------

    [Theory]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("a?b")]
    [InlineData("a#b")]
    [InlineData("a|b")]
    [InlineData("_orgs")]
    [InlineData("")]
    public async Task Ids_a_partition_key_cannot_hold_are_refused(string id)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.UpsertSubmissionAsync(Submission(id, "c1", "r1")));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.UpsertSubmissionAsync(Submission("org", id, "r1")));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.GetSubmissionAsync("org", "c1", id));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.CreateCycleAsync(Cycle("org", id)));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.ReplaceRosterAsync(Roster(id, 1)));
    }
}
