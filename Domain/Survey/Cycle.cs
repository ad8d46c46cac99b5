using System.ComponentModel.DataAnnotations;

namespace SurveyNetwork.Domain.Survey;

/// <summary>Which parts of the default question set a cycle asks.</summary>
public sealed record CycleOptions
{
    /// <summary>How many contacts one answer on the survey may name.</summary>
    [Range(1, MaxContactsLimit)]
    public int MaxContacts { get; init; } = 20;

    /// <summary>
    /// How many contacts an imported answer may name: collaboration data exported from mail, chat
    /// or calendars lists more people than anyone would pick by hand.
    /// </summary>
    [Range(1, MaxImportContactsLimit)]
    public int MaxImportContacts { get; init; } = MaxContactsLimit;

    public bool AskBenefits { get; init; } = true;
    public bool AskPersonal { get; init; } = true;
    public bool AskGiveBack { get; init; } = true;
    public bool AskEnergy { get; init; }
    public bool AllowOutsideContacts { get; init; } = true;

    /// <summary>Days before closing on which people who have not answered are reminded by email.</summary>
    public IReadOnlyList<int> ReminderDays { get; init; } = DefaultReminderDays;

    /// <summary>Most reminders one person receives in this cycle.</summary>
    public int MaxReminders { get; init; } = 3;

    /// <summary>Hard upper bound for <see cref="MaxContacts"/>.</summary>
    public const int MaxContactsLimit = 50;

    /// <summary>Hard upper bound for <see cref="MaxImportContacts"/>.</summary>
    public const int MaxImportContactsLimit = 1000;

    public static readonly IReadOnlyList<int> DefaultReminderDays = [7, 3, 1];

    /// <summary>Value equality, the reminder days compared element by element (as stored copies read back as other list types).</summary>
    public bool Equals(CycleOptions? other) =>
        other is not null && MaxContacts == other.MaxContacts && AskBenefits == other.AskBenefits && AskPersonal == other.AskPersonal
        && AskGiveBack == other.AskGiveBack && AskEnergy == other.AskEnergy && AllowOutsideContacts == other.AllowOutsideContacts
        && MaxImportContacts == other.MaxImportContacts && MaxReminders == other.MaxReminders && ReminderDays.SequenceEqual(other.ReminderDays);

    public override int GetHashCode() =>
        HashCode.Combine(MaxContacts, AskBenefits, AskPersonal, AskGiveBack, AskEnergy, AllowOutsideContacts, HashCode.Combine(MaxImportContacts, MaxReminders, ReminderDays.Count));
}

/// <summary>One survey round of an organization.</summary>
public sealed record Cycle
{
    public required string OrgId { get; init; }
    public required string Id { get; init; }
    public required string Title { get; init; }
    public required DateTimeOffset OpensAt { get; init; }
    public required DateTimeOffset ClosesAt { get; init; }
    public CycleOptions Options { get; init; } = new();

    /// <summary>Anonymity threshold k: a group with fewer respondents shows no aggregates.</summary>
    public int AnonymityThreshold { get; init; } = 5;

    /// <summary>Team reports show names only when the cycle opts in.</summary>
    public bool NamedReports { get; init; }

    /// <summary>Id of the previous cycle, for "change since the previous cycle".</summary>
    public string? PreviousCycleId { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Set when an admin closes the cycle before <see cref="ClosesAt"/>.</summary>
    public DateTimeOffset? ClosedAt { get; init; }

    /// <summary>When invitations were last issued, and how many.</summary>
    public DateTimeOffset? InvitationsIssuedAt { get; init; }
    public int InvitationsIssued { get; init; }

    /// <summary>
    /// Per person, how many times their link was re-issued with the old ones revoked (absent: 0).
    /// Tokens carry the generation they were issued with; one of an older generation is refused.
    /// Kept on the cycle, which the respondent routes cache anyway, so checking it costs no read.
    /// </summary>
    public IReadOnlyDictionary<string, int>? LinkGenerations { get; init; }

    /// <summary>Concurrency token of the stored document (not part of the API contract).</summary>
    public string? ETag { get; init; }

    /// <summary>The effective close time: an early close wins over the scheduled one.</summary>
    public DateTimeOffset EffectiveClose => ClosedAt is { } c && c < ClosesAt ? c : ClosesAt;

    /// <summary>The person's current link generation (see <see cref="LinkGenerations"/>).</summary>
    public int LinkGeneration(string personId) =>
        LinkGenerations is { } generations && generations.TryGetValue(personId, out var generation) ? generation : 0;

    public bool IsOpenAt(DateTimeOffset now) => now >= OpensAt && now < EffectiveClose;

    public CycleStatus StatusAt(DateTimeOffset now) =>
        now < OpensAt ? CycleStatus.Scheduled : now < EffectiveClose ? CycleStatus.Open : CycleStatus.Closed;
}

public enum CycleStatus
{
    Scheduled,
    Open,
    Closed,
}
