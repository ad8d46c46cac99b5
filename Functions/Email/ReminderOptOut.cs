using SurveyNetwork.Domain.Survey;
using SurveyNetwork.Functions.App;
using SurveyNetwork.Functions.Security;
using SurveyNetwork.Functions.Storage;

namespace SurveyNetwork.Functions.Email;

/// <summary>
/// People who asked, through the link in any of their messages, for no more reminders in a cycle.
/// The link carries an opaque token of its own purpose (it opens no survey and no profile), so it
/// works without the admin and may travel in a URL. The choice is kept as a record in the message
/// ledger (<see cref="MessageKind.RemindersOff"/>), which the reminder run reads anyway.
/// </summary>
public sealed class ReminderOptOut(MessageLedger ledger, InvitationTokens tokens, TimeProvider time)
{
    /// <summary>Where the link points (GET shows a confirmation, POST records the choice).</summary>
    public const string Path = "/api/email/unsubscribe";

    public static MessageKey Key(string orgId, string cycleId, string personId) => new(orgId, cycleId, personId, MessageKind.RemindersOff, 0);

    /// <summary>The person's link on <paramref name="origin"/>; valid as long as the cycle's survey links.</summary>
    public string Link(string origin, Cycle cycle, string personId)
    {
        ArgumentNullException.ThrowIfNull(cycle);
        return $"{origin}{Path}?token={tokens.IssueUnsubscribe(cycle.OrgId, cycle.Id, personId, cycle.ClosesAt + Invitations.TokenLifetimeAfterClose)}";
    }

    /// <summary>Who the link is for, or null (and a reason safe to show) when it is not a valid unsubscribe link.</summary>
    public InvitationClaims? Open(string? token, out string reason) => tokens.Open(token.AsSpan(), TokenPurpose.Unsubscribe, out reason);

    /// <summary>Records the choice; true when it is new (asking twice changes nothing).</summary>
    public async Task<bool> RecordAsync(InvitationClaims claims, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(claims);
        var now = time.GetUtcNow();
        return await ledger.Store.TryInsertAsync(new MessageEntry(Key(claims.OrgId, claims.CycleId, claims.PersonId), MessageState.Sent, 0, now, now, SentAt: now), ct) is not null;
    }

    public async Task<bool> IsOffAsync(string orgId, string cycleId, string personId, CancellationToken ct) =>
        await ledger.Store.GetAsync(Key(orgId, cycleId, personId), ct) is not null;
}
