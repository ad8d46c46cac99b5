using Azure.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using SurveyNetwork.Domain.Validation;
using SurveyNetwork.Functions.Queues;
using SurveyNetwork.Functions.Storage;

namespace SurveyNetwork.Functions.Reports;

public static class ReportsServiceCollectionExtensions
{
    /// <summary>Folder for published reports when <see cref="Settings.ReportFolder"/> is not set.</summary>
    public const string DefaultReportFolder = "reports";

    /// <summary>
    /// Registers the report job and what it needs besides the report store (registered with the other
    /// stores by <see cref="StorageServiceCollectionExtensions.AddStores"/>): the publisher chosen by
    /// <see cref="Settings.ReportPublisher"/> ("folder", the default, or "blob"), the webhook client
    /// with the standard resilience pipeline per host (connecting only to addresses
    /// <see cref="WebhookTargets"/> accepts, see <see cref="Settings.WebhookAllowedHosts"/>), and the profile analyses.
    /// </summary>
    public static IServiceCollection AddReports(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSingleton(ReportJobOptions.FromConfiguration(configuration));

        var publisherKind = configuration[Settings.ReportPublisher];
        switch (string.IsNullOrWhiteSpace(publisherKind) ? "folder" : publisherKind.Trim().ToLowerInvariant())
        {
            case "folder":
                var folder = configuration[Settings.ReportFolder] is { Length: > 0 } f ? f : DefaultReportFolder;
                services.AddSingleton<IReportPublisher>(_ => new LocalFolderPublisher(folder));
                break;
            case "blob":
                services.AddSingleton<IReportPublisher>(sp =>
                    new BlobReportPublisher(BlobReportPublisher.CreateContainerClient(configuration, sp.GetService<TokenCredential>())));
                break;
            default:
                throw new InvalidOperationException($"{Settings.ReportPublisher} must be \"folder\" or \"blob\", not \"{publisherKind}\".");
        }

        services.TryAddSingleton(WebhookTargets.FromSetting(configuration[Settings.WebhookAllowedHosts]));
        services.TryAddSingleton<WebhookConnector>();
        services.AddHttpClient(WebhookNotifier.ClientName, client => client.DefaultRequestHeaders.UserAgent.ParseAdd("SurveyNetwork-Reports/1.0"))
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                AllowAutoRedirect = false, // a webhook answers, it does not send us elsewhere
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                UseProxy = false, // a proxy would resolve the host itself, past the address check
                ConnectCallback = sp.GetRequiredService<WebhookConnector>().ConnectAsync,
            })
            .AddStandardResilienceHandler(ConfigureWebhookResilience)
            .SelectPipelineByAuthority(); // one receiver's open circuit does not block the others
        services.AddSingleton<WebhookNotifier>();
        services.AddSingleton<ReportJob>();
        services.AddWorkQueue(configuration);
        services.AddSingleton<ReportRequests>();
        services.AddSingleton<ReportErasure>();
        services.AddSingleton<ProfileAnalyses>();
        return services;
    }

    /// <summary>
    /// The report-run queue: Azure Storage queues when <see cref="Settings.ReportQueueEndpoint"/> (or, for
    /// Azurite, <see cref="Settings.ReportQueueConnectionString"/>) is set, else the embedded queue in the SQLite file.
    /// </summary>
    private static void AddWorkQueue(this IServiceCollection services, IConfiguration configuration) =>
        services.TryAddSingleton<IQueueBackend>(sp =>
        {
            var time = sp.GetRequiredService<TimeProvider>();
            if (StorageQueueBackend.CreateServiceClient(configuration, sp.GetService<TokenCredential>()) is { } service)
                return new StorageQueueBackend(service, time);
            return configuration[Settings.SqlitePath] is { Length: > 0 } path
                ? new SqliteQueueBackend(path, time)
                : throw new InvalidOperationException($"The report queue needs {Settings.ReportQueueEndpoint}, or {Settings.SqlitePath} for the embedded queue.");
        });

    /// <summary>Three retries with exponential back-off and jitter, 10 s per attempt, 45 s in all.</summary>
    public static void ConfigureWebhookResilience(HttpStandardResilienceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Retry.MaxRetryAttempts = 3;
        options.Retry.Delay = TimeSpan.FromSeconds(1);
        options.AttemptTimeout.Timeout = TimeSpan.FromSeconds(10);
        options.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(45);
        options.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(30);
    }
}
