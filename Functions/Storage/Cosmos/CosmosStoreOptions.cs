using Microsoft.Extensions.Configuration;

namespace SurveyNetwork.Functions.Storage.Cosmos;

/// <summary>Where the Cosmos DB stores keep their data and whether they may create it.</summary>
public sealed record CosmosStoreOptions
{
    public string Database { get; init; } = CosmosLayout.DefaultDatabase;

    /// <summary>Create the database and containers when the stores initialize (local runs, tests).</summary>
    public bool CreateIfMissing { get; init; }

    /// <summary>Upper bound of one roster chunk's JSON; a Cosmos DB item may hold 2 MB.</summary>
    public int RosterChunkBytes { get; init; } = 1_000_000;

    public static CosmosStoreOptions FromConfiguration(IConfiguration configuration) => new()
    {
        Database = configuration[Settings.CosmosDatabase] is { Length: > 0 } name ? name : CosmosLayout.DefaultDatabase,
        CreateIfMissing = CosmosClientFactory.IsTrue(configuration[Settings.CosmosCreateIfMissing]),
    };
}
