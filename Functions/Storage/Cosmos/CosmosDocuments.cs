using System.Text.Json.Serialization;
using SurveyNetwork.Domain.Survey;

namespace SurveyNetwork.Functions.Storage.Cosmos;

/// <summary>Values of the <c>type</c> discriminator every stored item carries.</summary>
internal static class DocumentType
{
    public const string Submission = "submission";
    public const string Cycle = "cycle";
    public const string Roster = "roster";
    public const string RosterChunk = "rosterChunk";
    public const string Organization = "org";
}

/// <summary>One respondent's answer; id = respondent id, pk = "{orgId}|{cycleId}".</summary>
internal sealed record SubmissionDocument
{
    public required string Id { get; init; }
    public required string Pk { get; init; }
    public string Type { get; init; } = DocumentType.Submission;
    public required string OrgId { get; init; }
    public required string CycleId { get; init; }
    public required IReadOnlyList<ContactAnswer> Contacts { get; init; }
    public required DateTimeOffset SubmittedAt { get; init; }
    public long Version { get; init; }
    public string Source { get; init; } = "survey";

    public static SubmissionDocument From(Submission s) => new()
    {
        Id = s.RespondentId,
        Pk = CosmosLayout.CyclePartition(s.OrgId, s.CycleId),
        OrgId = s.OrgId,
        CycleId = s.CycleId,
        Contacts = s.Contacts,
        SubmittedAt = s.SubmittedAt,
        Version = s.Version,
        Source = s.Source,
    };

    public Submission ToSubmission() => new()
    {
        OrgId = OrgId,
        CycleId = CycleId,
        RespondentId = Id,
        Contacts = Contacts,
        SubmittedAt = SubmittedAt,
        Version = Version,
        Source = Source,
    };
}

/// <summary>
/// The item that says which roster version is current (id "roster", pk = orgId). Flipping it with
/// If-Match is what makes a roster replacement atomic; the people and teams live in its chunks.
/// </summary>
internal sealed record RosterPointerDocument
{
    public const string ItemId = "roster";

    public string Id { get; init; } = ItemId;
    public required string Pk { get; init; }
    public string Type { get; init; } = DocumentType.Roster;
    public required string OrgId { get; init; }
    public required string Version { get; init; }
    public required int ChunkCount { get; init; }
    public int PeopleCount { get; init; }
    public int TeamCount { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }

    [JsonPropertyName("_etag")]
    public string? ETag { get; init; }

    public string ChunkId(int index) => RosterChunkDocument.IdFor(Version, index);
}

/// <summary>Part of one roster version (id "roster:{version}:{index}", at most about 1 MB).</summary>
internal sealed record RosterChunkDocument
{
    public required string Id { get; init; }
    public required string Pk { get; init; }
    public string Type { get; init; } = DocumentType.RosterChunk;
    public required string Version { get; init; }
    public required int Index { get; init; }
    public IReadOnlyList<Team> Teams { get; init; } = [];
    public IReadOnlyList<Person> People { get; init; } = [];

    public static string IdFor(string version, int index) => $"roster:{version}:{index}";
}

/// <summary>Registry entry of an organization (pk "_orgs", id = orgId), so listing them is one single-partition query.</summary>
internal sealed record OrganizationDocument
{
    public required string Id { get; init; }
    public string Pk { get; init; } = CosmosLayout.OrgRegistryPartition;
    public string Type { get; init; } = DocumentType.Organization;
    public required string OrgId { get; init; }
    public DateTimeOffset RosterUpdatedAt { get; init; }
}
