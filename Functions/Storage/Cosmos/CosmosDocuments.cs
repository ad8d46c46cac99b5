using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using SurveyNetwork.Domain.Survey;
using SurveyNetwork.Functions.Reports;

namespace SurveyNetwork.Functions.Storage.Cosmos;

/// <summary>Values of the <c>type</c> discriminator every stored item carries.</summary>
internal static class DocumentType
{
    public const string Submission = "submission";
    public const string Cycle = "cycle";
    public const string Roster = "roster";
    public const string RosterChunk = "rosterChunk";
    public const string Organization = "org";
    public const string Report = "report";
    public const string ReportRun = "reportRun";
    public const string ReportLease = "reportLease";
    public const string ReportRequest = "reportRequest";
    public const string ReportPending = "reportPending";
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

    /// <param name="compactor">Shares ids and benefit lists across the submissions of one listing; null for a single read.</param>
    public Submission ToSubmission(AnswerCompactor? compactor = null) => new()
    {
        OrgId = OrgId,
        CycleId = CycleId,
        RespondentId = compactor is null ? Id : compactor.Id(Id),
        Contacts = compactor is null ? Contacts : compactor.Contacts(Contacts),
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

/// <summary>Cycle items: the cycle's own fields plus id "cycle:{cycleId}", pk = orgId and type.</summary>
internal static class CycleItems
{
    private static readonly string[] SystemProperties = ["id", "pk", "type", "_rid", "_self", "_etag", "_ts", "_attachments", "_lsn"];

    public static string ItemId(string cycleId) => "cycle:" + cycleId;

    public static JsonObject ToItem(Cycle cycle)
    {
        var item = JsonSerializer.SerializeToNode(cycle with { ETag = null }, StoreJson.Options)!.AsObject();
        item.Remove("id");
        item["cycleId"] = cycle.Id;
        item["id"] = ItemId(cycle.Id);
        item["pk"] = cycle.OrgId;
        item["type"] = DocumentType.Cycle;
        return item;
    }

    public static Cycle FromItem(JsonObject item)
    {
        var etag = (string?)item["_etag"];
        foreach (var name in SystemProperties)
            item.Remove(name);
        if (item["cycleId"] is { } id)
        {
            item.Remove("cycleId");
            item["id"] = id;
        }
        return item.Deserialize<Cycle>(StoreJson.Options)! with { ETag = etag };
    }
}

/// <summary>
/// A scope's latest report (id "report:{scope}", pk = "{orgId}|{cycleId}"): the metadata plus the
/// contents, gzip + base64 under <see cref="Body"/>, as far as they fit in one item.
/// </summary>
internal sealed record ReportDocument
{
    public required string Id { get; init; }
    public required string Pk { get; init; }
    public string Type { get; init; } = DocumentType.Report;

    /// <summary>Top level for the scope query; the metadata is nested.</summary>
    public required string Scope { get; init; }

    public required StoredReport Report { get; init; }

    /// <summary>Format → gzip + base64 content; excluded from indexing (<see cref="CosmosLayout.ExcludedPaths"/>).</summary>
    public required Dictionary<string, string> Body { get; init; }

    public static string IdFor(string scope) => "report:" + scope;
}

/// <summary>The record of the last report run over a cycle (id "run", pk = "{orgId}|{cycleId}").</summary>
internal sealed record ReportRunDocument
{
    public const string ItemId = "run";

    public string Id { get; init; } = ItemId;
    public required string Pk { get; init; }
    public string Type { get; init; } = DocumentType.ReportRun;
    public required ReportRun Run { get; init; }
}

/// <summary>The report job's lease on a cycle (id "lease", pk = "{orgId}|{cycleId}").</summary>
internal sealed record ReportLeaseDocument
{
    public const string ItemId = "lease";

    public string Id { get; init; } = ItemId;
    public required string Pk { get; init; }
    public string Type { get; init; } = DocumentType.ReportLease;
    public required string Token { get; init; }

    /// <summary>Unix milliseconds.</summary>
    public required long ExpiresAt { get; init; }

    [JsonPropertyName("_etag")]
    public string? ETag { get; init; }

    public static ReportLeaseDocument From(string pk, ReportLease lease) =>
        new() { Pk = pk, Token = lease.Token, ExpiresAt = lease.ExpiresAt.ToUnixTimeMilliseconds() };
}

/// <summary>One queued report run (id "request:{id}", pk = "{orgId}|{cycleId}").</summary>
internal sealed record ReportRequestDocument
{
    public required string Id { get; init; }
    public required string Pk { get; init; }
    public string Type { get; init; } = DocumentType.ReportRequest;

    /// <summary>The request id again, for ordering in the partition's query.</summary>
    public required string RequestId { get; init; }

    public required ReportRequest Request { get; init; }

    public static string IdFor(string requestId) => "request:" + requestId;
}

/// <summary>The cycle's pending request (id "pending", pk = "{orgId}|{cycleId}").</summary>
internal sealed record ReportPendingDocument
{
    public const string ItemId = "pending";

    public string Id { get; init; } = ItemId;
    public required string Pk { get; init; }
    public string Type { get; init; } = DocumentType.ReportPending;
    public required string RequestId { get; init; }

    /// <summary>Unix milliseconds.</summary>
    public required long QueuedAt { get; init; }

    [JsonPropertyName("_etag")]
    public string? ETag { get; init; }
}
