using System.Text.Json.Serialization;

namespace SurveyNetwork.Domain.Survey;

/// <summary>How often the respondent goes to this contact (tie strength 1–4).</summary>
[JsonConverter(typeof(ChoiceConverter<Frequency>))]
public enum Frequency
{
    LessThanMonthly = 1,
    Monthly = 2,
    Weekly = 3,
    Daily = 4,
}

/// <summary>"How often does this person come to you for help?" (reciprocity, 0–3).</summary>
[JsonConverter(typeof(ChoiceConverter<GiveBack>))]
public enum GiveBack
{
    Never = 0,
    Rarely = 1,
    Sometimes = 2,
    Often = 3,
}

/// <summary>What the respondent gets from the contact (Cross &amp; Sproull 2004).</summary>
[JsonConverter(typeof(ChoiceConverter<Benefit>))]
public enum Benefit
{
    Solutions = 1,
    PointersToWhoKnows = 2,
    ProblemReformulation = 3,
    Validation = 4,
    Legitimation = 5,
}

/// <summary>Kind of a contact outside the organization.</summary>
[JsonConverter(typeof(ChoiceConverter<OutsideKind>))]
public enum OutsideKind
{
    Customer = 1,
    SupplierOrPartner = 2,
    FormerColleague = 3,
    ProfessionalCommunity = 4,
    Other = 5,
}

/// <summary>
/// One contact named by a respondent: either a roster person (<see cref="PersonId"/>) or someone
/// outside the organization (<see cref="OutsideKind"/> and a short <see cref="OutsideLabel"/>).
/// </summary>
public sealed record ContactAnswer
{
    /// <summary>Roster id of the contact; null for an outside contact.</summary>
    public string? PersonId { get; init; }

    /// <summary>Kind of outside contact; null for a roster contact.</summary>
    public OutsideKind? OutsideKind { get; init; }

    /// <summary>Short label for an outside contact ("our main supplier"); never required to be a name.</summary>
    public string? OutsideLabel { get; init; }

    public Frequency Frequency { get; init; }

    public IReadOnlyList<Benefit> Benefits { get; init; } = [];

    /// <summary>Is the relationship personal as well as professional? Required when the cycle asks it.</summary>
    public bool? Personal { get; init; }

    /// <summary>How often the contact comes to the respondent for help. Required when the cycle asks it.</summary>
    public GiveBack? GiveBack { get; init; }

    /// <summary>Optional energy rating, 1 (de-energizing) … 5 (energizing).</summary>
    public int? Energy { get; init; }

    [JsonIgnore]
    public bool IsOutside => PersonId is null;
}

/// <summary>What a respondent sends: the contacts they named with their answers.</summary>
public sealed record SurveyAnswer
{
    public IReadOnlyList<ContactAnswer> Contacts { get; init; } = [];
}

/// <summary>A stored answer of one respondent in one cycle (at most one per respondent).</summary>
public sealed record Submission
{
    public required string OrgId { get; init; }
    public required string CycleId { get; init; }
    public required string RespondentId { get; init; }
    public required IReadOnlyList<ContactAnswer> Contacts { get; init; }
    public required DateTimeOffset SubmittedAt { get; init; }

    /// <summary>Monotonic version (<see cref="VersionAt"/> the time of acceptance); a later answer replaces an earlier one.</summary>
    public long Version { get; init; }

    /// <summary>
    /// Microseconds since the Unix epoch: below 2^53 (until the year 2255), so the version survives
    /// exactly wherever JSON numbers are doubles — Cosmos DB and JavaScript clients. UTC ticks
    /// (about 6.4e17) would come back rounded to a multiple of 128.
    /// </summary>
    public static long VersionAt(DateTimeOffset at) => (at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;

    /// <summary>"survey" for the respondent's own answer, "import" for an admin import.</summary>
    public string Source { get; init; } = "survey";
}
