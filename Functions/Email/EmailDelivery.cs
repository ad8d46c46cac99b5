using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SurveyNetwork.Domain.Survey;
using SurveyNetwork.Functions.App;
using SurveyNetwork.Functions.Security;
using SurveyNetwork.Functions.Storage;

namespace SurveyNetwork.Functions.Email;

/// <summary>
/// Invitations by email: queued in the message store by the request that asks for them (one record
/// per person, no content), and sent later by <see cref="DrainAsync"/> from the timer, which rebuilds
/// each message from the current roster and cycle with a fresh link. A person who left the roster,
/// lost their address or whose cycle closed is not written to; the record says why.
/// </summary>
public sealed partial class EmailDelivery(
    IServiceProvider services,
    ISurveyStore surveys,
    MessageLedger ledger,
    InvitationTokens tokens,
    IConfiguration configuration,
    TimeProvider time,
    ILogger<EmailDelivery> logger)
{
    /// <summary>The invitation round every queued invitation belongs to: asking again queues nothing new.</summary>
    public const long InvitationSlot = 1;

    /// <summary>Records claimed per look at a cycle.</summary>
    public const int Batch = 500;

    public sealed record Queued(int Added, int AlreadyQueued, int WithoutAddress);

    public sealed record Drained(int Sent, int Failed, int Skipped);

    private MessageDispatch? Dispatch => services.GetService<MessageDispatch>();

    /// <summary>Whether a sender is configured at all.</summary>
    public bool Enabled => Dispatch is not null;

    /// <summary>Who respondents may ask, unless the request named someone.</summary>
    public string DefaultContact => configuration[Settings.EmailContact] is { Length: > 0 } c ? c : "your survey administrator";

    public async Task<Queued> QueueInvitationsAsync(string orgId, string cycleId, IEnumerable<Person> people, string? contact, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(people);
        var now = time.GetUtcNow();
        var withAddress = new List<MessageEntry>();
        var without = 0;
        foreach (var p in people)
        {
            if (p.Email is null)
                without++;
            else
                withAddress.Add(new MessageEntry(new MessageKey(orgId, cycleId, p.Id, MessageKind.Invitation, InvitationSlot), MessageState.Queued, 0, now, now, Contact: contact));
        }

        var added = await ledger.Store.InsertMissingAsync(withAddress, ct);
        return new Queued(added, withAddress.Count - added, without);
    }

    /// <summary>
    /// Queues today's reminders: in every open cycle whose closing is within one of its
    /// <see cref="CycleOptions.ReminderDays"/>, one reminder (slot = that number of days) to each
    /// person whose invitation email was sent, who has not answered, is still active with an address,
    /// and has had fewer than <see cref="CycleOptions.MaxReminders"/>. Only the nearest day counts, so
    /// a timer that missed a day sends one reminder, not two. Returns how many were queued.
    /// </summary>
    public async Task<int> QueueRemindersAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var queued = 0;
        foreach (var orgId in await surveys.ListOrganizationsAsync(ct))
        {
            var roster = await surveys.GetRosterAsync(orgId, ct);
            if (roster is null)
                continue;
            foreach (var cycle in await surveys.ListCyclesAsync(orgId, ct))
            {
                var close = cycle.EffectiveClose;
                var days = cycle.Options.ReminderDays.Where(d => now >= close.AddDays(-d)).Order().ToList();
                if (!cycle.IsOpenAt(now) || cycle.Options.MaxReminders <= 0 || days.Count == 0)
                    continue;
                var slot = days[0];
                var records = await ledger.Store.ListAsync(orgId, cycle.Id, ct);
                var invited = records.Where(r => r.Key.Kind == MessageKind.Invitation && r.State == MessageState.Sent).Select(r => r.Key.PersonId).ToHashSet(StringComparer.Ordinal);
                var reminded = records.Where(r => r.Key.Kind == MessageKind.Reminder && r.State != MessageState.Failed)
                    .GroupBy(r => r.Key.PersonId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(r => r.Key.Slot).ToHashSet(), StringComparer.Ordinal);
                var answered = (await surveys.ListSubmissionsAsync(orgId, cycle.Id, ct)).Select(s => s.RespondentId).ToHashSet(StringComparer.Ordinal);
                var due = roster.ActivePeople
                    .Where(p => p.Email is not null && invited.Contains(p.Id) && !answered.Contains(p.Id))
                    .Where(p => !reminded.TryGetValue(p.Id, out var slots) || (!slots.Contains(slot) && slots.Count < cycle.Options.MaxReminders))
                    .Select(p => new MessageEntry(new MessageKey(orgId, cycle.Id, p.Id, MessageKind.Reminder, slot), MessageState.Queued, 0, now, now))
                    .ToList();
                queued += await ledger.Store.InsertMissingAsync(due, ct);
            }
        }

        return queued;
    }

    /// <summary>Sends what is due in every cycle that may still receive messages, until nothing is due or <paramref name="budget"/> is spent.</summary>
    public async Task<Drained> DrainAsync(TimeSpan budget, CancellationToken ct)
    {
        if (Dispatch is not { } dispatch)
            return new Drained(0, 0, 0);
        var started = time.GetTimestamp();
        var total = new Drained(0, 0, 0);
        foreach (var orgId in await surveys.ListOrganizationsAsync(ct))
        {
            var roster = await surveys.GetRosterAsync(orgId, ct);
            foreach (var cycle in await surveys.ListCyclesAsync(orgId, ct))
            {
                if (cycle.EffectiveClose + Invitations.TokenLifetimeAfterClose <= time.GetUtcNow())
                    continue;
                while (time.GetElapsedTime(started) < budget)
                {
                    var claims = await ledger.ClaimDueAsync(orgId, cycle.Id, Batch, ct);
                    if (claims.Count == 0)
                        break;
                    total = Add(total, await SendAsync(dispatch, cycle, roster, claims, ct));
                }
            }
        }

        if (total.Sent + total.Failed + total.Skipped > 0)
            LogDrained(logger, total.Sent, total.Failed, total.Skipped);
        return total;
    }

    private async Task<Drained> SendAsync(MessageDispatch dispatch, Cycle cycle, Roster? roster, IReadOnlyList<MessageEntry> claims, CancellationToken ct)
    {
        var origin = SurveyLinks.Origin(configuration);
        int sent = 0, failed = 0, skipped = 0;
        await Parallel.ForEachAsync(claims, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (claim, token) =>
        {
            var reason = origin is null ? $"{Settings.PublicBaseUrl} is not set: no link can be built."
                : roster is null || !roster.PeopleById.TryGetValue(claim.Key.PersonId, out var found) || !found.Active ? "The person is not active on the roster."
                : found.Email is null ? "The person has no email address."
                : cycle.EffectiveClose <= time.GetUtcNow() && claim.Key.Kind != MessageKind.ProfileReady ? "The cycle closed."
                : claim.Key.Kind == MessageKind.Reminder && await surveys.GetSubmissionAsync(cycle.OrgId, cycle.Id, claim.Key.PersonId, token) is not null ? "The person answered."
                : null;
            if (reason is not null)
            {
                await ledger.CancelAsync(claim, reason, token);
                Interlocked.Increment(ref skipped);
                return;
            }

            var person = roster!.PeopleById[claim.Key.PersonId];
            var context = new Messages.Context(cycle, person, claim.Contact ?? DefaultContact, null);
            var link = SurveyLinks.Survey(origin!, tokens.Issue(cycle.OrgId, cycle.Id, person.Id, cycle.ClosesAt + Invitations.TokenLifetimeAfterClose));
            var message = claim.Key.Kind switch
            {
                MessageKind.Reminder => Messages.Reminder(claim.Key, context, link),
                _ => Messages.Invitation(claim.Key, context, link),
            };
            if (await dispatch.SendAsync(claim, message, token))
                Interlocked.Increment(ref sent);
            else
                Interlocked.Increment(ref failed);
        });
        return new Drained(sent, failed, skipped);
    }

    private static Drained Add(Drained a, Drained b) => new(a.Sent + b.Sent, a.Failed + b.Failed, a.Skipped + b.Skipped);

    [LoggerMessage(Level = LogLevel.Information, Message = "Email queue: {Sent} sent, {Failed} failed, {Skipped} not sent")]
    private static partial void LogDrained(ILogger logger, int sent, int failed, int skipped);
}
