using Azure.Core;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SurveyNetwork.Functions.Storage.Cosmos;
using SurveyNetwork.Functions.Storage.Sqlite;

namespace SurveyNetwork.Functions.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>SQLite file used when <see cref="Settings.SqlitePath"/> is not set.</summary>
    public const string DefaultSqlitePath = "data/surveynetwork.db";

    /// <summary>
    /// Registers <see cref="ISurveyStore"/> as a singleton chosen by <see cref="Settings.StoreKind"/>
    /// ("sqlite", the default, or "cosmos", which also registers the process's one
    /// <see cref="CosmosClient"/>), and a hosted service that initializes the store at start-up.
    /// A <see cref="TokenCredential"/> registered beforehand replaces the system-assigned managed identity.
    /// </summary>
    public static IServiceCollection AddSurveyStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var kind = configuration[Settings.StoreKind];
        switch (string.IsNullOrWhiteSpace(kind) ? "sqlite" : kind.Trim().ToLowerInvariant())
        {
            case "sqlite":
                var path = configuration[Settings.SqlitePath] is { Length: > 0 } p ? p : DefaultSqlitePath;
                services.AddSingleton(_ => new SqliteSurveyStore(path));
                services.AddSingleton<ISurveyStore>(sp => sp.GetRequiredService<SqliteSurveyStore>());
                break;
            case "cosmos":
                var options = CosmosStoreOptions.FromConfiguration(configuration);
                services.AddSingleton(sp => CosmosClientFactory.Create(configuration, sp.GetService<TokenCredential>()));
                services.AddSingleton(sp => new CosmosSurveyStore(
                    sp.GetRequiredService<CosmosClient>(), options, sp.GetService<ILogger<CosmosSurveyStore>>()));
                services.AddSingleton<ISurveyStore>(sp => sp.GetRequiredService<CosmosSurveyStore>());
                break;
            default:
                throw new InvalidOperationException($"{Settings.StoreKind} must be \"sqlite\" or \"cosmos\", not \"{kind}\".");
        }
        services.AddHostedService<SurveyStoreInitializer>();
        return services;
    }
}

/// <summary>Creates the store's tables or containers (when configured to) before the host serves requests.</summary>
internal sealed class SurveyStoreInitializer(ISurveyStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => store.InitializeAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
