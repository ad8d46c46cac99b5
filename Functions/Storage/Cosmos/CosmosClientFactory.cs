using System.Net;
using Azure.Core;
using Azure.Identity;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;

namespace SurveyNetwork.Functions.Storage.Cosmos;

/// <summary>
/// Builds the process's one <see cref="CosmosClient"/> from settings: Gateway mode bound to the
/// configured endpoint only, the shared store JSON, a key only for a loopback emulator and the
/// managed identity everywhere else.
/// </summary>
public static class CosmosClientFactory
{
    /// <param name="configuration">Reads <see cref="Settings.CosmosEndpoint"/>, <see cref="Settings.CosmosKey"/> and
    /// <see cref="Settings.CosmosAllowLoopbackCertificate"/>.</param>
    /// <param name="credential">Identity for a non-emulator account; the system-assigned managed identity when null.</param>
    public static CosmosClient Create(IConfiguration configuration, TokenCredential? credential = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        // Without this the SDK probes the Azure instance metadata endpoint once per process.
        if (Environment.GetEnvironmentVariable("COSMOS_DISABLE_IMDS_ACCESS") is null)
            Environment.SetEnvironmentVariable("COSMOS_DISABLE_IMDS_ACCESS", "true");

        var endpoint = ReadEndpoint(configuration);
        var loopback = IsLoopback(endpoint);
        var options = CreateOptions(endpoint, IsTrue(configuration[Settings.CosmosAllowLoopbackCertificate]));

        var key = configuration[Settings.CosmosKey];
        if (!string.IsNullOrWhiteSpace(key))
        {
            if (!loopback)
                throw new InvalidOperationException(
                    $"{Settings.CosmosKey} is accepted only for an emulator on a loopback address; other accounts use the managed identity.");
            return new CosmosClient(endpoint.AbsoluteUri, key, options);
        }
        return new CosmosClient(endpoint.AbsoluteUri, credential ?? new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned), options);
    }

    /// <summary>
    /// Longest one Cosmos DB operation may take, retries included, before the caller is answered
    /// 503: long enough for throttling retries (at most 5 s) and a slow response, short enough that a
    /// respondent is not left waiting on a hung database.
    /// </summary>
    public static readonly TimeSpan OperationBudget = TimeSpan.FromSeconds(10);

    /// <summary>The client options; the emulator's self-signed certificate is accepted only for a loopback endpoint.</summary>
    public static CosmosClientOptions CreateOptions(Uri endpoint, bool allowLoopbackCertificate)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var options = new CosmosClientOptions
        {
            ApplicationName = "SurveyNetwork",
            ConnectionMode = ConnectionMode.Gateway,
            LimitToEndpoint = true,
            UseSystemTextJsonSerializerWithOptions = StoreJson.Options,
            EnableContentResponseOnWrite = false,
            // Throttling retries stay well inside an operation's budget; past them the caller gets 503 + Retry-After.
            MaxRetryAttemptsOnRateLimitedRequests = 5,
            MaxRetryWaitTimeOnRateLimitedRequests = TimeSpan.FromSeconds(5),
            CustomHandlers = { new OperationTimeoutHandler(OperationBudget) },
        };
        var acceptAnyCertificate = allowLoopbackCertificate && IsLoopback(endpoint) && endpoint.Scheme == Uri.UriSchemeHttps;
        if (acceptAnyCertificate)
            options.ServerCertificateCustomValidationCallback = static (_, _, _) => true;
        // The SDK's HTTP client, with every single request bounded too: the budget above covers an
        // operation, but not the SDK's first contact with the account, which it makes before any
        // operation and without the operation's cancellation. A database already hung when the
        // app starts would otherwise hold that contact (and every request behind it) for minutes.
        options.HttpClientFactory = () => new HttpClient(
            new AttemptTimeoutHandler(OperationBudget) { InnerHandler = CreateHandler(acceptAnyCertificate) }, disposeHandler: true)
        {
            Timeout = Timeout.InfiniteTimeSpan, // bounded per attempt by the handler
        };
        return options;
    }

    /// <summary>The connection handler: the SDK's own gateway limit of 50 connections, renewed every five minutes (DNS changes).</summary>
    private static SocketsHttpHandler CreateHandler(bool acceptAnyCertificate)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 50,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            UseProxy = false,
            UseCookies = false,
        };
        if (acceptAnyCertificate)
            handler.SslOptions.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
        return handler;
    }

    /// <summary>127.0.0.1, ::1 or localhost — and nothing else.</summary>
    public static bool IsLoopback(Uri endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var host = endpoint.Host.Trim('[', ']');
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
            return true;
        return IPAddress.TryParse(host, out var address)
            && (address.Equals(IPAddress.Loopback) || address.Equals(IPAddress.IPv6Loopback));
    }

    private static Uri ReadEndpoint(IConfiguration configuration)
    {
        var value = configuration[Settings.CosmosEndpoint];
        if (string.IsNullOrWhiteSpace(value) || !Uri.TryCreate(value, UriKind.Absolute, out var endpoint))
            throw new InvalidOperationException($"{Settings.CosmosEndpoint} must be the absolute URL of the Cosmos DB account.");
        if (endpoint.Scheme != Uri.UriSchemeHttps && !(endpoint.Scheme == Uri.UriSchemeHttp && IsLoopback(endpoint)))
            throw new InvalidOperationException($"{Settings.CosmosEndpoint} must use https (plain http only for a loopback emulator).");
        return endpoint;
    }

    internal static bool IsTrue(string? value) =>
        bool.TryParse(value, out var flag) ? flag : value == "1";
}
