using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using SurveyNetwork.Domain.Survey;
using SurveyNetwork.Functions.Storage;

namespace SurveyNetwork.Functions.Email;

/// <summary>
/// The messages a report run leads to, queued in the message ledger for the sending timer:
/// "your profile is ready" once per cycle to each respondent, when a run first publishes the
/// organization report their profile is compared with; and "team report published" to each of a
/// team's report recipients, once per published report (the slot comes from the report id, and
/// reports are deterministic, so a repeated run queues nothing new). Nothing is queued without a sender.
/// </summary>
public sealed class ReportMail(MessageLedger ledger, EmailDelivery delivery, TimeProvider time)
{
    /// <summary>Each respondent's profile message is sent once per cycle.</summary>
    public const long ProfileSlot = 1;

    /// <param name="respondents">People whose answers the run used.</param>
    /// <param name="published">Team reports this run published, with their report ids.</param>
    /// <returns>How many messages were queued now.</returns>
    public async Task<int> QueueAsync(Roster roster, Cycle cycle, IEnumerable<string> respondents, IEnumerable<(Team Team, string ReportId)> published, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(roster);
        ArgumentNullException.ThrowIfNull(cycle);
        ArgumentNullException.ThrowIfNull(respondents);
        ArgumentNullException.ThrowIfNull(published);
        if (!delivery.Enabled)
            return 0;
        var now = time.GetUtcNow();
        var entries = new List<MessageEntry>();
        foreach (var id in respondents)
        {
            if (roster.PeopleById.TryGetValue(id, out var person) && person.Active && person.Email is not null)
                entries.Add(new MessageEntry(new MessageKey(cycle.OrgId, cycle.Id, id, MessageKind.ProfileReady, ProfileSlot), MessageState.Queued, 0, now, now));
        }

        foreach (var (team, reportId) in published)
        {
            foreach (var address in (team.ReportRecipients ?? []).Distinct(StringComparer.OrdinalIgnoreCase))
            {
                entries.Add(new MessageEntry(new MessageKey(cycle.OrgId, cycle.Id, RecipientId(team.Id, address), MessageKind.TeamReport, Slot(reportId)),
                    MessageState.Queued, 0, now, now));
            }
        }

        return entries.Count == 0 ? 0 : await ledger.Store.InsertMissingAsync(entries, ct);
    }

    /// <summary>
    /// Stands for a report recipient in a message key: the team id and a hash of the address (the
    /// ledger keeps no address; the sender finds it again on the team).
    /// </summary>
    public static string RecipientId(string teamId, string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return $"{teamId}~{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(address.ToUpperInvariant())).AsSpan(0, 8))}";
    }

    /// <summary>The team of a <see cref="RecipientId"/>.</summary>
    public static string TeamOf(string recipientId)
    {
        ArgumentNullException.ThrowIfNull(recipientId);
        var tilde = recipientId.LastIndexOf('~');
        return tilde < 0 ? recipientId : recipientId[..tilde];
    }

    /// <summary>The slot of a report's message: a non-negative number from its id.</summary>
    public static long Slot(string reportId) =>
        (long)(BinaryPrimitives.ReadUInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes(reportId))) >> 1);
}
