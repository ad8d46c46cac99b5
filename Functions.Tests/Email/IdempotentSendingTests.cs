using Microsoft.Extensions.Time.Testing;
using SurveyNetwork.Functions.Email;
using SurveyNetwork.Functions.Storage;
using SurveyNetwork.Functions.Storage.Sqlite;

namespace SurveyNetwork.Functions.Tests.Email;

/// <summary>Retries, duplicate triggers and a crash between sending and recording, against a real SMTP server.</summary>
[Collection(MaildevCollection.Name)]
public sealed class IdempotentSendingTests(MaildevFixture maildev) : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "surveynetwork-tests", Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));
    private SqliteMessageStore _store = null!;
    private SmtpEmailSender _sender = null!;

    public async Task InitializeAsync()
    {
        _store = new SqliteMessageStore(Path.Combine(_folder, "store.db"));
        await _store.InitializeAsync();
        _sender = new SmtpEmailSender(SmtpOptions.From(maildev.Configuration()), SmtpOptions.Sender(maildev.Configuration()));
    }

    public async Task DisposeAsync()
    {
        await _sender.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>A separate instance: its own ledger owner, the same store and relay.</summary>
    private (MessageLedger Ledger, MessageDispatch Dispatch) Instance()
    {
        var ledger = new MessageLedger(_store, _time);
        return (ledger, new MessageDispatch(ledger, _sender));
    }

    [Fact]
    public async Task Retries_and_concurrent_triggers_send_a_message_once()
    {
        var address = SenderTestData.UniqueAddress();
        var message = SenderTestData.Invitation(address, "p-" + Guid.NewGuid().ToString("N")[..8]);
        var instances = Enumerable.Range(0, 6).Select(_ => Instance()).ToArray();

        var sent = await Task.WhenAll(instances.Select(i => i.Dispatch.SendOnceAsync(message.Key, () => message, default)));
        Assert.Equal(1, sent.Count(s => s));
        Assert.False(await instances[0].Dispatch.SendOnceAsync(message.Key, () => message, default));
        _time.Advance(TimeSpan.FromDays(1));
        Assert.False(await instances[1].Dispatch.SendOnceAsync(message.Key, () => message, default));

        await Task.Delay(300);
        Assert.Single(await maildev.WaitForAsync(address, 1));
        Assert.Equal(MessageState.Sent, (await _store.GetAsync(message.Key))!.State);
    }

    [Fact]
    public async Task A_crash_between_sending_and_recording_gives_one_duplicate_and_a_trace()
    {
        var address = SenderTestData.UniqueAddress();
        var message = SenderTestData.Invitation(address, "p-" + Guid.NewGuid().ToString("N")[..8]);
        var (crashed, _) = Instance();
        Assert.True(await crashed.EnqueueAsync(message.Key, null, default));

        // The first instance claims and sends, then dies before recording.
        var claim = Assert.Single(await crashed.ClaimDueAsync(message.Key.OrgId, message.Key.CycleId, 10, default));
        await _sender.SendAsync(message, default);

        var (ledger, dispatch) = Instance();
        Assert.Empty(await ledger.ClaimDueAsync(message.Key.OrgId, message.Key.CycleId, 10, default));
        var trace = (await _store.GetAsync(message.Key))!;
        Assert.Equal((MessageState.Claimed, crashed.Owner), (trace.State, trace.Owner));

        _time.Advance(MessageLedger.Lease);
        var retry = Assert.Single(await ledger.ClaimDueAsync(message.Key.OrgId, message.Key.CycleId, 10, default));
        Assert.True(await dispatch.SendAsync(retry, message, default));
        _time.Advance(TimeSpan.FromDays(1));
        Assert.Empty(await ledger.ClaimDueAsync(message.Key.OrgId, message.Key.CycleId, 10, default));

        await Task.Delay(300);
        Assert.Equal(2, (await maildev.WaitForAsync(address, 2)).Count);
        var final = (await _store.GetAsync(message.Key))!;
        Assert.Equal((MessageState.Sent, 2, ledger.Owner), (final.State, final.Attempts, final.Owner));
        Assert.NotEqual(claim.Owner, final.Owner);
    }

    [Fact]
    public async Task A_relay_that_refuses_leaves_the_message_queued_with_its_error()
    {
        var message = SenderTestData.Invitation(SenderTestData.UniqueAddress(), "p-" + Guid.NewGuid().ToString("N")[..8]);
        var ledger = new MessageLedger(_store, _time);
        var refusing = new MessageDispatch(ledger, new RefusingSender());

        Assert.False(await refusing.SendOnceAsync(message.Key, () => message, default));

        var entry = (await _store.GetAsync(message.Key))!;
        Assert.Equal(MessageState.Queued, entry.State);
        Assert.Contains("relay refused", entry.LastError, StringComparison.Ordinal);
        Assert.True(entry.DueAt > _time.GetUtcNow());
    }

    private sealed class RefusingSender : IEmailSender
    {
        public string Describe() => "refusing";

        public Task SendAsync(EmailMessage message, CancellationToken ct) => throw new IOException("relay refused");
    }
}
