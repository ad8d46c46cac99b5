using System.Text.Json.Serialization;

namespace SurveyNetwork.Domain.Reports.Model;

/// <summary>
/// What every kept report carries: its organization, cycle and id, and the inputs it reflects. The
/// reports derive from <see cref="ReportHeader"/>; the record a report store keeps derives from this.
/// </summary>
/// <remarks>
/// JSON lists these fields around the report's subject (the team, the person or the scope): identity,
/// then the subject (<see cref="SubjectOrder"/>), then provenance, then the report's own fields in
/// declaration order.
/// </remarks>
public abstract record ReportIdentity
{
    private const int IdentityOrder = -5;
    private protected const int TitleOrder = -4;

    /// <summary>JSON order of a derived report's subject fields (team, person or scope), placed after the cycle.</summary>
    public const int SubjectOrder = -3;

    private const int InputsOrder = -2;
    private protected const int FormatOrder = -1;

    /// <summary>Deterministic: the same inputs give the same id.</summary>
    [JsonPropertyOrder(IdentityOrder)]
    public required string ReportId { get; init; }

    [JsonPropertyOrder(IdentityOrder)]
    public required string OrgId { get; init; }

    [JsonPropertyOrder(IdentityOrder)]
    public required string CycleId { get; init; }

    [JsonPropertyOrder(InputsOrder)]
    public required string Fingerprint { get; init; }

    /// <summary>The latest change among the inputs (never the wall clock).</summary>
    [JsonPropertyOrder(InputsOrder)]
    public required DateTimeOffset ComputedAt { get; init; }
}

/// <summary>The fields every report (team, organization, personal profile) opens with.</summary>
public abstract record ReportHeader : ReportIdentity
{
    /// <summary>Bumped whenever report content or formats change, so fingerprints change with them.</summary>
    public const int CurrentFormatVersion = 3;

    [JsonPropertyOrder(TitleOrder)]
    public required string CycleTitle { get; init; }

    [JsonPropertyOrder(FormatOrder)]
    public int FormatVersion { get; init; } = CurrentFormatVersion;

    [JsonPropertyOrder(FormatOrder)]
    public required ReportMethod Method { get; init; }
}
