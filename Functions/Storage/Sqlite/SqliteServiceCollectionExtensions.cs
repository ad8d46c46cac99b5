using Microsoft.Extensions.DependencyInjection;

namespace SurveyNetwork.Functions.Storage.Sqlite;

public static class SqliteServiceCollectionExtensions
{
    /// <summary>
    /// Registers the SQLite stores on one file: the survey store (also as <see cref="SqliteSurveyStore"/>)
    /// the report store with its leases and the message store, beside it in the same file; and their initialization at start-up.
    /// </summary>
    public static IServiceCollection AddSqliteStores(this IServiceCollection services, string path)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        services.AddSingleton(_ => new SqliteSurveyStore(path));
        services.AddSingleton<ISurveyStore>(sp => sp.GetRequiredService<SqliteSurveyStore>());
        services.AddSingleton<IReportStore>(_ => new SqliteReportStore(path));
        services.AddSingleton<IMessageStore>(_ => new SqliteMessageStore(path));
        services.AddHostedService<StoreInitializer>();
        return services;
    }
}
