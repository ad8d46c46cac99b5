using SurveyNetwork.Functions.Storage;

namespace SurveyNetwork.Functions.Email;

/// <summary>
/// Sends each message key at most once in the normal course, over <see cref="IMessageStore"/>:
/// a record is <em>claimed</em> (conditionally, so one instance wins) before the send and marked
/// <em>sent</em> after it. A claim holds for <see cref="Lease"/>: when an instance dies between
/// sending and recording, the record stays claimed until the lease ends and is then sent again —
/// at most one duplicate, and the record (attempts, last owner) shows what happened. A failed send
/// goes back to the queue with a growing delay until <see cref="MaxAttempts"/>, then stays
/// <see cref="MessageState.Failed"/> with its error: never lost without a trace.
/// </summary>
public sealed class MessageLedger(IMessageStore store, TimeProvider time)
{
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    public const int MaxAttempts = 5;

    /// <summary>Who claims: this process, so a record shows which instance held it last.</summary>
    public string Owner { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";

    public IMessageStore Store => store;

    /// <summary>Queues a message unless its key is known already (queued, sending, sent or failed); true when queued now.</summary>
    public async Task<bool> EnqueueAsync(MessageKey key, string? contact, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        return await store.TryInsertAsync(new MessageEntry(key, MessageState.Queued, 0, now, now, Contact: contact), ct) is not null;
    }

    /// <summary>
    /// Claims one key for sending now — creating its record when there is none — or null when it was
    /// sent, given up, or is being sent by someone whose lease still holds.
    /// </summary>
    public async Task<MessageEntry?> TryClaimAsync(MessageKey key, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var now = time.GetUtcNow();
            var current = await store.GetAsync(key, ct);
            if (current is null)
            {
                var created = await store.TryInsertAsync(new MessageEntry(key, MessageState.Claimed, 1, now + Lease, now, Owner), ct);
                if (created is not null)
                    return created;
                continue;
            }

            return await ClaimAsync(current, now, ct);
        }

        return null;
    }

    /// <summary>Claims up to <paramref name="max"/> due records of one cycle (queued ones, and claims whose lease ended).</summary>
    public async Task<IReadOnlyList<MessageEntry>> ClaimDueAsync(string orgId, string cycleId, int max, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var claimed = new List<MessageEntry>();
        foreach (var entry in await store.ListDueAsync(orgId, cycleId, now, max, ct))
        {
            if (await ClaimAsync(entry, now, ct) is { } mine)
                claimed.Add(mine);
        }

        return claimed;
    }

    /// <summary>Records that a claimed message was handed to the transport.</summary>
    public async Task MarkSentAsync(MessageEntry claim, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var now = time.GetUtcNow();
        for (var current = claim; current is not null; current = await store.GetAsync(claim.Key, ct))
        {
            if (current.State == MessageState.Sent)
                return;

            // Whoever holds the record now (after a lease ran out) is told it was sent: no third send.
            var sent = current with { State = MessageState.Sent, SentAt = now, UpdatedAt = now, DueAt = now, LastError = null };
            if (await store.TryReplaceAsync(sent, ct) is not null)
                return;
        }
    }

    /// <summary>Puts a failed send back in the queue after a delay, or gives up after <see cref="MaxAttempts"/>.</summary>
    public async Task ReleaseAsync(MessageEntry claim, string error, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var now = time.GetUtcNow();
        var final = claim.Attempts >= MaxAttempts;
        var released = claim with
        {
            State = final ? MessageState.Failed : MessageState.Queued,
            DueAt = now + TimeSpan.FromSeconds(30 * Math.Pow(2, claim.Attempts - 1)),
            UpdatedAt = now,
            LastError = error.Length <= 500 ? error : error[..500],
        };
        await store.TryReplaceAsync(released, ct);
    }

    /// <summary>Marks a queued or claimed record as not to be sent (the person answered, left, or has no address).</summary>
    public async Task CancelAsync(MessageEntry claim, string reason, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var now = time.GetUtcNow();
        await store.TryReplaceAsync(claim with { State = MessageState.Failed, UpdatedAt = now, DueAt = now, LastError = reason }, ct);
    }

    private async Task<MessageEntry?> ClaimAsync(MessageEntry current, DateTimeOffset now, CancellationToken ct)
    {
        var claimable = current.State == MessageState.Queued && current.DueAt <= now
            || current.State == MessageState.Claimed && current.DueAt <= now;
        if (!claimable)
            return null;
        if (current.State == MessageState.Claimed && current.Attempts >= MaxAttempts)
        {
            // Every holder died or hung: stop, with the record saying so (each may have sent it once).
            await store.TryReplaceAsync(current with { State = MessageState.Failed, UpdatedAt = now, LastError = $"No outcome recorded after {current.Attempts} attempts." }, ct);
            return null;
        }

        return await store.TryReplaceAsync(current with
        {
            State = MessageState.Claimed,
            Attempts = current.Attempts + 1,
            DueAt = now + Lease,
            UpdatedAt = now,
            Owner = Owner,
        }, ct);
    }
}
