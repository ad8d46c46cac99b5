using Microsoft.Azure.Cosmos;

namespace SurveyNetwork.Functions.Storage.Cosmos;

/// <summary>
/// Names and partition keys of the Cosmos DB database. The Bicep template creates the same
/// containers (a test compares them). Every container is partitioned by <c>/pk</c>:
/// <list type="bullet">
/// <item><c>orgs</c>: pk = orgId — roster pointer and roster chunks, cycles; pk = "_orgs" — one registry item per organization.</item>
/// <item><c>submissions</c>: pk = "{orgId}|{cycleId}" — one item per respondent (id = respondent id).</item>
/// <item><c>reports</c>: pk = "{orgId}|{cycleId}" — one item per team report plus the organization summary.</item>
/// <item><c>messages</c>: pk = "{orgId}|{cycleId}" — one item per message key (queue entry and sending trace).</item>
/// </list>
/// </summary>
public static class CosmosLayout
{
    public const string DefaultDatabase = "surveynetwork";
    public const string PartitionKeyPath = "/pk";
    public const string Orgs = "orgs";
    public const string Submissions = "submissions";
    public const string Reports = "reports";
    public const string Messages = "messages";
    public const string OrgRegistryPartition = "_orgs";

    /// <summary>Paths never queried, excluded from indexing (large arrays).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> ExcludedPaths = new Dictionary<string, string[]>
    {
        [Orgs] = ["/people/*", "/teams/*", "/options/*"],
        [Submissions] = ["/contacts/*"],
        [Reports] = ["/body/*"],
        [Messages] = ["/entry/*"],
    };

    public static string CyclePartition(string orgId, string cycleId) => $"{orgId}|{cycleId}";

    /// <summary>Container properties as the Bicep template declares them: /pk, large arrays not indexed.</summary>
    public static ContainerProperties ContainerDefinition(string name)
    {
        var properties = new ContainerProperties(name, PartitionKeyPath);
        properties.IndexingPolicy.IncludedPaths.Add(new IncludedPath { Path = "/*" });
        foreach (var path in ExcludedPaths.GetValueOrDefault(name, []))
            properties.IndexingPolicy.ExcludedPaths.Add(new ExcludedPath { Path = path });
        properties.IndexingPolicy.ExcludedPaths.Add(new ExcludedPath { Path = "/\"_etag\"/?" });
        return properties;
    }

    /// <summary>Creates the database and the named containers where missing (local runs and tests; Bicep does it in Azure).</summary>
    public static async Task CreateIfMissingAsync(CosmosClient client, string database, IEnumerable<string> containers, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(containers);
        Database created = await client.CreateDatabaseIfNotExistsAsync(database, cancellationToken: ct);
        foreach (var name in containers)
            await created.CreateContainerIfNotExistsAsync(ContainerDefinition(name), cancellationToken: ct);
    }
}
