using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SurveyNetwork.Domain.Survey;
using SurveyNetwork.Functions.App;
using SurveyNetwork.Functions.Reports;
using SurveyNetwork.Functions.Security;
using SurveyNetwork.Functions.Storage;

namespace SurveyNetwork.Functions.Email;

/// <summary>
/// Invitations by email: queued in the message store by the request that asks for them (one record
/// per person, no content), and sent later by <see cref="DrainAsync"/> from the timer, which rebuilds
/// each message from the current roster and cycle with a fresh link. A person who left the roster,
/// lost their address or whose cycle closed is not written to; the record says why. Every message to a
/// roster person carries their link to stop reminders (<see cref="ReminderOptOut"/>).
/// </summary>
public sealed partial class EmailDelivery(
    IServiceProvider services,
    ISurveyStore surveys,
    IReportStore reports,
    MessageLedger ledger,
    ReminderOptOut optOut,
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
    /// person whose invitation email was sent, who has not answered, did not ask for no more reminders,
    /// is still active with an address, and has had fewer than <see cref="CycleOptions.MaxReminders"/>. Only the nearest day counts, so
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
                var off = records.Where(r => r.Key.Kind == MessageKind.RemindersOff).Select(r => r.Key.PersonId).ToHashSet(StringComparer.Ordinal);
                var answered = (await surveys.ListSubmissionsAsync(orgId, cycle.Id, ct)).Select(s => s.RespondentId).ToHashSet(StringComparer.Ordinal);
                var due = roster.ActivePeople
                    .Where(p => p.Email is not null && invited.Contains(p.Id) && !answered.Contains(p.Id) && !off.Contains(p.Id))
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
            var (message, reason) = origin is null ? (null, $"{Settings.PublicBaseUrl} is not set: no link can be built.")
                : claim.Key.Kind == MessageKind.TeamReport ? await TeamReportAsync(cycle, roster, claim, token)
                : await PersonalAsync(origin, cycle, roster, claim, token);
            if (message is null)
            {
                await ledger.CancelAsync(claim, reason ?? "Nothing to send.", token);
                Interlocked.Increment(ref skipped);
                return;
            }

            if (await dispatch.SendAsync(claim, message, token))
                Interlocked.Increment(ref sent);
            else
                Interlocked.Increment(ref failed);
        });
        return new Drained(sent, failed, skipped);
    }

    /// <summary>An invitation, reminder or profile message to a roster person, with a fresh link of their current generation; or why not.</summary>
    private async Task<(EmailMessage? Message, string? Reason)> PersonalAsync(string origin, Cycle cycle, Roster? roster, MessageEntry claim, CancellationToken ct)
    {
        var key = claim.Key;
        var reason = roster is null || !roster.PeopleById.TryGetValue(key.PersonId, out var found) || !found.Active ? "The person is not active on the roster."
            : found.Email is null ? "The person has no email address."
            : cycle.EffectiveClose <= time.GetUtcNow() && key.Kind != MessageKind.ProfileReady ? "The cycle closed."
            : key.Kind == MessageKind.Reminder && await surveys.GetSubmissionAsync(cycle.OrgId, cycle.Id, key.PersonId, ct) is not null ? "The person answered."
            : key.Kind == MessageKind.Reminder && await optOut.IsOffAsync(cycle.OrgId, cycle.Id, key.PersonId, ct) ? "The person asked for no more reminders."
            : key.Kind is not (MessageKind.Invitation or MessageKind.Reminder or MessageKind.ProfileReady) ? $"{key.Kind} is not a message to a person."
            : null;
        if (reason is not null)
            return (null, reason);

        var person = roster!.PeopleById[key.PersonId];
        var context = new Messages.Context(cycle, person, claim.Contact ?? DefaultContact, optOut.Link(origin, cycle, person.Id));
        var token = tokens.Issue(cycle.OrgId, cycle.Id, person.Id, cycle.ClosesAt + Invitations.TokenLifetimeAfterClose, cycle.LinkGeneration(person.Id));
        return (key.Kind switch
        {
            MessageKind.Reminder => Messages.Reminder(key, context, SurveyLinks.Survey(origin, token)),
            MessageKind.ProfileReady => Messages.ProfileReady(key, context, SurveyLinks.Profile(origin, token)),
            _ => Messages.Invitation(key, context, SurveyLinks.Survey(origin, token)),
        }, null);
    }

    /// <summary>A "team report published" message to one of the team's current report recipients, for the team's current report; or why not.</summary>
    private async Task<(EmailMessage? Message, string? Reason)> TeamReportAsync(Cycle cycle, Roster? roster, MessageEntry claim, CancellationToken ct)
    {
        var key = claim.Key;
        var teamId = ReportMail.TeamOf(key.PersonId);
        var team = roster?.Teams.FirstOrDefault(t => t.Id == teamId);
        var to = team?.ReportRecipients?.FirstOrDefault(a => ReportMail.RecipientId(team.Id, a) == key.PersonId);
        if (team is null || to is null)
            return (null, "The address is no longer one of the team's report recipients.");
        var report = await reports.GetReportAsync(cycle.OrgId, cycle.Id, team.Id, ct);
        if (report is null)
            return (null, "The team's report was removed.");
        if (ReportMail.Slot(report.ReportId) != key.Slot)
            return (null, "A newer report of the team was published.");
        var link = report.Links.GetValueOrDefault(ReportFormat.Html);
        return (Messages.TeamReport(key, cycle, team, to, claim.Contact ?? DefaultContact, Uri.TryCreate(link, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" ? link : null), null);
    }

    private static Drained Add(Drained a, Drained b) => new(a.Sent + b.Sent, a.Failed + b.Failed, a.Skipped + b.Skipped);

    [LoggerMessage(Level = LogLevel.Information, Message = "Email queue: {Sent} sent, {Failed} failed, {Skipped} not sent")]
    private static partial void LogDrained(ILogger logger, int sent, int failed, int skipped);
}
