using Microsoft.Extensions.Time.Testing;
using SurveyNetwork.Functions.Email;
using SurveyNetwork.Functions.Storage;
using static SurveyNetwork.Functions.Tests.Storage.StoreTestData;

namespace SurveyNetwork.Functions.Tests.Storage;

/// <summary>
/// What every <see cref="IMessageStore"/> must do, and the sending rules of <see cref="MessageLedger"/>
/// over it, run against each backend by a sealed subclass. Tests keep apart by fresh organization ids.
/// </summary>
public abstract class MessageStoreContract
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    protected abstract IMessageStore Store { get; }

    private static MessageKey Key(string org, string person = "p1", MessageKind kind = MessageKind.Invitation, long slot = 1) =>
        new(org, "c1", person, kind, slot);

    private (MessageLedger Ledger, FakeTimeProvider Time) Ledger()
    {
        var time = new FakeTimeProvider(Start);
        return (new MessageLedger(Store, time), time);
    }

    [Fact]
    public async Task A_record_reads_back_with_every_field_and_a_key_is_inserted_once()
    {
        var key = Key(NewId("org"), kind: MessageKind.Reminder, slot: 3);
        var entry = new MessageEntry(key, MessageState.Queued, 2, Start, Start.AddSeconds(-1), "host:1", "People team", Start.AddMinutes(1), "timeout");

        var stored = await Store.TryInsertAsync(entry);
        Assert.NotNull(stored?.ETag);
        Assert.Null(await Store.TryInsertAsync(entry with { Attempts = 9 }));

        var read = await Store.GetAsync(key);
        Assert.Equal(entry, read! with { ETag = null });
        Assert.Equal(stored!.ETag, read.ETag);
        Assert.Null(await Store.GetAsync(key with { Slot = 4 }));
    }

    [Fact]
    public async Task Inserting_many_adds_only_the_missing_keys()
    {
        var org = NewId("org");
        await Store.TryInsertAsync(new MessageEntry(Key(org, "p1"), MessageState.Sent, 1, Start, Start));
        var batch = Enumerable.Range(0, 25).Select(i => new MessageEntry(Key(org, $"p{i}"), MessageState.Queued, 0, Start, Start)).ToList();

        Assert.Equal(24, await Store.InsertMissingAsync(batch));
        Assert.Equal(0, await Store.InsertMissingAsync(batch));
        var all = await Store.ListAsync(org, "c1");
        Assert.Equal(25, all.Count);
        Assert.Equal(MessageState.Sent, all.Single(e => e.Key.PersonId == "p1").State);
    }

    [Fact]
    public async Task A_replacement_succeeds_only_with_the_current_etag()
    {
        var key = Key(NewId("org"));
        var first = (await Store.TryInsertAsync(new MessageEntry(key, MessageState.Queued, 0, Start, Start)))!;

        var second = await Store.TryReplaceAsync(first with { State = MessageState.Claimed, Attempts = 1 });
        Assert.NotNull(second);
        Assert.NotEqual(first.ETag, second.ETag);
        Assert.Null(await Store.TryReplaceAsync(first with { State = MessageState.Sent }));
        Assert.Equal(MessageState.Claimed, (await Store.GetAsync(key))!.State);
        Assert.Null(await Store.TryReplaceAsync(new MessageEntry(Key(NewId("org")), MessageState.Sent, 1, Start, Start) { ETag = second.ETag }));
    }

    [Fact]
    public async Task Due_records_are_the_queued_and_claimed_ones_of_one_cycle_earliest_first()
    {
        var org = NewId("org");
        await Store.TryInsertAsync(new MessageEntry(Key(org, "late"), MessageState.Queued, 0, Start.AddMinutes(2), Start));
        await Store.TryInsertAsync(new MessageEntry(Key(org, "b"), MessageState.Queued, 0, Start.AddMinutes(-1), Start));
        await Store.TryInsertAsync(new MessageEntry(Key(org, "a"), MessageState.Claimed, 1, Start.AddMinutes(-2), Start));
        await Store.TryInsertAsync(new MessageEntry(Key(org, "sent"), MessageState.Sent, 1, Start.AddMinutes(-3), Start));
        await Store.TryInsertAsync(new MessageEntry(Key(org, "failed"), MessageState.Failed, 5, Start.AddMinutes(-3), Start));
        await Store.TryInsertAsync(new MessageEntry(Key(org, "other") with { CycleId = "c2" }, MessageState.Queued, 0, Start.AddMinutes(-3), Start));

        Assert.Equal(["a", "b"], (await Store.ListDueAsync(org, "c1", Start, 10)).Select(e => e.Key.PersonId));
        Assert.Equal(["a"], (await Store.ListDueAsync(org, "c1", Start, 1)).Select(e => e.Key.PersonId));
        Assert.Equal(["a", "b", "failed", "late", "sent"], (await Store.ListAsync(org, "c1")).Select(e => e.Key.PersonId));
    }

    [Fact]
    public async Task Concurrent_claims_of_one_key_have_one_winner_and_a_sent_key_is_never_claimed_again()
    {
        var key = Key(NewId("org"));
        var (ledger, _) = Ledger();
        var others = Enumerable.Range(0, 8).Select(_ => new MessageLedger(Store, new FakeTimeProvider(Start))).ToArray();

        var claims = await Task.WhenAll(others.Select(l => l.TryClaimAsync(key, default)));
        var winner = Assert.Single(claims, c => c is not null)!;
        Assert.Equal(1, winner.Attempts);

        await ledger.MarkSentAsync(winner, default);
        Assert.Null(await ledger.TryClaimAsync(key, default));
        Assert.False(await ledger.EnqueueAsync(key, null, default));
        var sent = (await Store.GetAsync(key))!;
        Assert.Equal(MessageState.Sent, sent.State);
        Assert.Equal(Start, sent.SentAt);
    }

    [Fact]
    public async Task Two_workers_draining_one_queue_claim_each_message_once()
    {
        var org = NewId("org");
        var (ledger, _) = Ledger();
        for (var i = 0; i < 30; i++)
            Assert.True(await ledger.EnqueueAsync(Key(org, $"p{i:D2}"), null, default));
        Assert.False(await ledger.EnqueueAsync(Key(org, "p00"), null, default));

        var workers = Enumerable.Range(0, 3).Select(_ => new MessageLedger(Store, new FakeTimeProvider(Start))).ToArray();
        var claimed = await Task.WhenAll(workers.Select(w => w.ClaimDueAsync(org, "c1", 100, default)));
        var all = claimed.SelectMany(c => c).Select(c => c.Key.PersonId).ToList();
        Assert.Equal(30, all.Count);
        Assert.Equal(30, all.Distinct().Count());
        Assert.Empty(await ledger.ClaimDueAsync(org, "c1", 100, default));
    }

    [Fact]
    public async Task A_claim_whose_holder_died_is_taken_over_once_its_lease_ends_and_the_record_shows_it()
    {
        var key = Key(NewId("org"));
        var (ledger, time) = Ledger();
        var dead = (await ledger.TryClaimAsync(key, default))!; // sent, then the process died before recording it

        Assert.Null(await ledger.TryClaimAsync(key, default));
        Assert.Empty(await ledger.ClaimDueAsync(key.OrgId, key.CycleId, 10, default));

        time.Advance(MessageLedger.Lease);
        var retry = Assert.Single(await ledger.ClaimDueAsync(key.OrgId, key.CycleId, 10, default));
        Assert.Equal(2, retry.Attempts);
        await ledger.MarkSentAsync(retry, default);

        // The dead instance's late record (if it ever came) changes nothing.
        await ledger.MarkSentAsync(dead, default);
        var final = (await Store.GetAsync(key))!;
        Assert.Equal(MessageState.Sent, final.State);
        Assert.Equal(2, final.Attempts);
    }

    [Fact]
    public async Task A_message_whose_holders_keep_dying_is_given_up_with_a_trace()
    {
        var key = Key(NewId("org"));
        var (ledger, time) = Ledger();
        Assert.NotNull(await ledger.TryClaimAsync(key, default));
        for (var attempt = 2; attempt <= MessageLedger.MaxAttempts; attempt++)
        {
            time.Advance(MessageLedger.Lease);
            Assert.Equal(attempt, Assert.Single(await ledger.ClaimDueAsync(key.OrgId, key.CycleId, 10, default)).Attempts);
        }

        time.Advance(MessageLedger.Lease);
        Assert.Empty(await ledger.ClaimDueAsync(key.OrgId, key.CycleId, 10, default));
        var failed = (await Store.GetAsync(key))!;
        Assert.Equal(MessageState.Failed, failed.State);
        Assert.Contains($"after {MessageLedger.MaxAttempts} attempts", failed.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_send_is_retried_later_and_given_up_with_its_error_after_the_last_attempt()
    {
        var key = Key(NewId("org"));
        var (ledger, time) = Ledger();
        Assert.True(await ledger.EnqueueAsync(key, "People team", default));
        for (var attempt = 1; attempt <= MessageLedger.MaxAttempts; attempt++)
        {
            var claim = Assert.Single(await ledger.ClaimDueAsync(key.OrgId, key.CycleId, 10, default));
            Assert.Equal(attempt, claim.Attempts);
            await ledger.ReleaseAsync(claim, $"refused {attempt}", default);
            Assert.Empty(await ledger.ClaimDueAsync(key.OrgId, key.CycleId, 10, default));
            time.Advance(TimeSpan.FromHours(1));
        }

        var failed = (await Store.GetAsync(key))!;
        Assert.Equal(MessageState.Failed, failed.State);
        Assert.Equal($"refused {MessageLedger.MaxAttempts}", failed.LastError);
        Assert.Equal("People team", failed.Contact);
        Assert.Empty(await ledger.ClaimDueAsync(key.OrgId, key.CycleId, 10, default));
    }
}

public sealed class SqliteMessageStoreTests : MessageStoreContract, IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "surveynetwork-tests", Guid.NewGuid().ToString("N"));
    private Functions.Storage.Sqlite.SqliteMessageStore? _store;

    protected override IMessageStore Store => _store!;

    public async Task InitializeAsync()
    {
        _store = new Functions.Storage.Sqlite.SqliteMessageStore(Path.Combine(_folder, "store.db"));
        await _store.InitializeAsync();
    }

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }

        return Task.CompletedTask;
    }
}

[Collection(CosmosEmulatorCollection.Name)]
public sealed class CosmosMessageStoreTests(CosmosEmulatorFixture emulator) : MessageStoreContract, IAsyncLifetime
{
    private Functions.Storage.Cosmos.CosmosMessageStore? _store;

    protected override IMessageStore Store => _store!;

    public async Task InitializeAsync()
    {
        _store = new Functions.Storage.Cosmos.CosmosMessageStore(emulator.Client,
            new Functions.Storage.Cosmos.CosmosStoreOptions { Database = emulator.DatabaseName, CreateIfMissing = true });
        await _store.InitializeAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
