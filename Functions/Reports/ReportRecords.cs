using System.Text.Json.Serialization;
using SurveyNetwork.Domain.Reports.Analysis;
using SurveyNetwork.Domain.Reports.Model;
using SurveyNetwork.Domain.Survey;

namespace SurveyNetwork.Functions.Reports;

/// <summary>
/// What a report is about: one team of a cycle, or the organization summary. The summary's scope
/// <see cref="Organization"/> starts with '_', which no team id may, so the two never collide.
/// </summary>
public static class ReportScope
{
    public const string Organization = "_organization";

    public static string Of(string? teamId) => teamId ?? Organization;

    public static bool IsOrganization(string scope) => scope == Organization;
}

/// <summary>The five published forms of a report, with their file extensions and media types.</summary>
public static class ReportFormat
{
    public const string Html = "html";
    public const string Json = "json";
    public const string GraphMl = "graphml";

    /// <summary>The edge list.</summary>
    public const string Csv = "csv";

    /// <summary>The people table: one row per person, for a spreadsheet (published as <c>report.people.csv</c>).</summary>
    public const string PeopleCsv = "people.csv";

    /// <summary>Every format in the order they are written, stored and listed.</summary>
    public static readonly IReadOnlyList<string> All = [Json, Html, GraphMl, Csv, PeopleCsv];

    public static bool IsKnown(string? format) => format is Json or Html or GraphMl or Csv or PeopleCsv;

    public static string ContentType(string format) => format switch
    {
        Html => "text/html; charset=utf-8",
        Json => "application/json; charset=utf-8",
        GraphMl => "application/graphml+xml; charset=utf-8",
        Csv or PeopleCsv => "text/csv; charset=utf-8",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown report format."),
    };
}

/// <summary>One rendered form of a report.</summary>
/// <param name="Sha256">Lower-case hex digest of the bytes, kept even when the bytes are not.</param>
/// <param name="Bytes">The content; null when the store keeps only the digest (too large for one item), and the published copy is the one to read.</param>
public sealed record ReportContent(string Format, long Length, string Sha256, byte[]? Bytes)
{
    public static ReportContent Of(string format, byte[] bytes) =>
        new(format, bytes.Length, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), bytes);

    /// <summary>The content of a published file: a streamed one by the length and digest measured as it was written, without bytes.</summary>
    public static ReportContent Of(ReportFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return file.Bytes is { } bytes ? Of(file.Format, bytes)
            : new(file.Format, file.Length, file.Sha256 ?? throw new InvalidOperationException($"The streamed {file.Format} file was not written yet."), null);
    }
}

/// <summary>
/// The latest report of one scope of one cycle, as the report store keeps it: identity, the
/// inputs' fingerprint, where it was published, and its contents (see <see cref="ReportContent.Bytes"/>).
/// </summary>
public sealed record StoredReport : ReportIdentity
{
    /// <summary>A team id or <see cref="ReportScope.Organization"/>.</summary>
    [JsonPropertyOrder(SubjectOrder)]
    public required string Scope { get; init; }

    /// <summary>Published location per format.</summary>
    public required IReadOnlyDictionary<string, string> Links { get; init; }

    /// <summary>One entry per format, in <see cref="ReportFormat.All"/> order.</summary>
    public required IReadOnlyList<ReportContent> Contents { get; init; }

    public ReportContent? Content(string format) => Contents.FirstOrDefault(c => c.Format == format);
}

/// <summary>Outcome of one scope (team or organization) in a report run.</summary>
[JsonConverter(typeof(CamelCaseEnumConverter<ScopeStatus>))]
public enum ScopeStatus
{
    /// <summary>The report was written with its figures.</summary>
    Published,

    Failed,

    /// <summary>
    /// The report was written without figures: the team is under the anonymity threshold (its
    /// report says <c>published: false</c>).
    /// </summary>
    Withheld,
}

/// <summary>Outcome of a team's webhook notification.</summary>
[JsonConverter(typeof(CamelCaseEnumConverter<NotificationStatus>))]
public enum NotificationStatus
{
    /// <summary>The team has no webhook URL.</summary>
    None,
    Sent,
    Failed,
}

/// <param name="Error">Why the scope failed, or why its notification failed; null when all went well.</param>
public sealed record ScopeOutcome(
    string Scope,
    ScopeStatus Status,
    string? ReportId,
    NotificationStatus Notification = NotificationStatus.None,
    string? Error = null);

/// <summary>
/// The record of the last run over one cycle that published, written after every report of the run
/// was stored and published: its fingerprint and answers say which inputs the published reports reflect.
/// </summary>
public sealed record ReportRun
{
    public required string OrgId { get; init; }
    public required string CycleId { get; init; }
    public required string Fingerprint { get; init; }
    public required DateTimeOffset CompletedAt { get; init; }

    /// <summary>Every scope's outcome, ordered by scope.</summary>
    public required IReadOnlyList<ScopeOutcome> Outcomes { get; init; }

    /// <summary>
    /// The answers the published reports rest on (<see cref="AnswerChanges.Of"/>), against which the
    /// next run counts changed answers; null in records written before it was kept.
    /// </summary>
    public IReadOnlyList<CountedAnswer>? Answers { get; init; }

    [JsonIgnore]
    public IEnumerable<string> FailedScopes => Outcomes.Where(o => o.Status == ScopeStatus.Failed).Select(o => o.Scope);
}

/// <summary>A held per-cycle lease: only its holder (by token) may renew or release it.</summary>
public sealed record ReportLease(string OrgId, string CycleId, string Token, DateTimeOffset ExpiresAt);
