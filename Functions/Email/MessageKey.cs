using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;

namespace SurveyNetwork.Functions.Email;

/// <summary>What a message is for; with the slot, it says which one of its kind a person gets.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MessageKind>))]
public enum MessageKind
{
    Invitation,
    Reminder,
    ProfileReady,

    /// <summary>To one of a team's report recipients: the team's report was published (slot: from the report id).</summary>
    TeamReport,

    /// <summary>Not a message: the record that the person asked for no more reminders in the cycle (slot 0).</summary>
    RemindersOff,
}

/// <summary>
/// Identifies one message a person should receive at most once: a cycle, a person, a kind and a slot
/// (the invitation round, the reminder's days before closing, the report run). Sending the same key
/// twice is a duplicate; every store and sender treats it so.
/// </summary>
public readonly record struct MessageKey(string OrgId, string CycleId, string PersonId, MessageKind Kind, long Slot)
{
    /// <summary>The key as one string (ids cannot contain '/').</summary>
    public string Id => $"{OrgId}/{CycleId}/{PersonId}/{Kind}/{Slot}";

    /// <summary>
    /// A stable name for the message that reveals none of its ids (used as the Message-ID's local
    /// part and the outbox file name), so a receiver can also see a repeated delivery as one message.
    /// </summary>
    public string Digest => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Id)).AsSpan(0, 16));

    public override string ToString() => Id;
}
