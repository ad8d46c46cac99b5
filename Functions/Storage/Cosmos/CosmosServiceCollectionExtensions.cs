using Azure.Core;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SurveyNetwork.Functions.Storage.Cosmos;

public static class CosmosServiceCollectionExtensions
{
    /// <summary>
    /// Registers the process's one <see cref="CosmosClient"/> (<see cref="CosmosClientFactory"/>), the
    /// survey store (also as <see cref="CosmosSurveyStore"/>), the report store with its leases and the
    /// message store on it, and their initialization at start-up. A <see cref="TokenCredential"/> registered beforehand
    /// replaces the system-assigned managed identity.
    /// </summary>
    public static IServiceCollection AddCosmosStores(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var options = CosmosStoreOptions.FromConfiguration(configuration);
        services.AddSingleton(sp => CosmosClientFactory.Create(configuration, sp.GetService<TokenCredential>()));
        services.AddSingleton(sp => new CosmosSurveyStore(
            sp.GetRequiredService<CosmosClient>(), options, sp.GetService<ILogger<CosmosSurveyStore>>()));
        services.AddSingleton<ISurveyStore>(sp => sp.GetRequiredService<CosmosSurveyStore>());
        services.AddSingleton<IReportStore>(sp => new CosmosReportStore(sp.GetRequiredService<CosmosClient>(), options));
        services.AddSingleton<IMessageStore>(sp => new CosmosMessageStore(sp.GetRequiredService<CosmosClient>(), options));
        services.AddHostedService<StoreInitializer>();
        return services;
    }
}
