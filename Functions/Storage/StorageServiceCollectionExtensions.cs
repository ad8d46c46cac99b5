using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SurveyNetwork.Functions.Storage.Cosmos;
using SurveyNetwork.Functions.Storage.Sqlite;

namespace SurveyNetwork.Functions.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>SQLite file used when <see cref="Settings.SqlitePath"/> is not set.</summary>
    public const string DefaultSqlitePath = "data/surveynetwork.db";

    /// <summary>
    /// Registers every store — <see cref="ISurveyStore"/> and <see cref="IReportStore"/>, singletons —
    /// of the backend <see cref="Settings.StoreKind"/> names: "sqlite" (the default), one file at
    /// <see cref="Settings.SqlitePath"/>; or "cosmos", through the process's one Cosmos DB client.
    /// A hosted service initializes them before the host serves requests.
    /// </summary>
    public static IServiceCollection AddStores(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var kind = configuration[Settings.StoreKind];
        return (string.IsNullOrWhiteSpace(kind) ? "sqlite" : kind.Trim().ToLowerInvariant()) switch
        {
            "sqlite" => services.AddSqliteStores(configuration[Settings.SqlitePath] is { Length: > 0 } path ? path : DefaultSqlitePath),
            "cosmos" => services.AddCosmosStores(configuration),
            _ => throw new InvalidOperationException($"{Settings.StoreKind} must be \"sqlite\" or \"cosmos\", not \"{kind}\"."),
        };
    }
}
