using Azure;
using Azure.Core;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Configuration;
using SurveyNetwork.Functions.Storage.Cosmos;

namespace SurveyNetwork.Functions.Reports;

/// <summary>
/// Publishes reports as blobs <c>{orgId}/{cycleId}/{scope}/report.{format}</c> in one container,
/// each uploaded in a single request that replaces the previous blob, with its content type set.
/// </summary>
public sealed class BlobReportPublisher(BlobContainerClient container) : IReportPublisher, IDisposable
{
    public const string DefaultContainer = "reports";

    private readonly SemaphoreSlim _initLock = new(1, 1);
    private volatile bool _initialized;

    public BlobContainerClient Container => container;

    /// <summary>
    /// The container named by <see cref="Settings.ReportContainer"/>, reached through
    /// <see cref="Settings.ReportStorageConnectionString"/> (an emulator on a loopback address only) or
    /// else <see cref="Settings.ReportStorageEndpoint"/> with the managed identity (or <paramref name="credential"/>).
    /// </summary>
    public static BlobContainerClient CreateContainerClient(IConfiguration configuration, TokenCredential? credential = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new BlobClientOptions
        {
            Retry = { MaxRetries = 3, Delay = TimeSpan.FromMilliseconds(500), NetworkTimeout = TimeSpan.FromSeconds(60) },
        };
        var name = configuration[Settings.ReportContainer] is { Length: > 0 } c ? c : DefaultContainer;
        var connectionString = configuration[Settings.ReportStorageConnectionString];
        BlobServiceClient service;
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            service = new BlobServiceClient(connectionString, options);
            if (!CosmosClientFactory.IsLoopback(service.Uri))
                throw new InvalidOperationException(
                    $"{Settings.ReportStorageConnectionString} is accepted only for an emulator on a loopback address; Azure storage uses {Settings.ReportStorageEndpoint} and the managed identity.");
        }
        else
        {
            var endpoint = configuration[Settings.ReportStorageEndpoint];
            if (string.IsNullOrWhiteSpace(endpoint) || !Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
                throw new InvalidOperationException(
                    $"Publishing to blobs needs {Settings.ReportStorageEndpoint} (the https blob endpoint) or, for an emulator, {Settings.ReportStorageConnectionString}.");
            service = new BlobServiceClient(uri, credential ?? new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned), options);
        }

        return service.GetBlobContainerClient(name);
    }

    public void Dispose() => _initLock.Dispose();

    public async Task InitializeAsync(CancellationToken ct = default)
    {
        if (_initialized)
            return;
        await _initLock.WaitAsync(ct);
        try
        {
            if (!_initialized)
            {
                await container.CreateIfNotExistsAsync(PublicAccessType.None, cancellationToken: ct);
                _initialized = true;
            }
        }
        finally
        {
            _initLock.Release();
        }
    }

    public async Task<IReadOnlyDictionary<string, string>> PublishAsync(
        string orgId, string cycleId, string scope, IReadOnlyList<ReportFile> files, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        await InitializeAsync(ct);
        var links = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var blob = container.GetBlobClient(ReportPaths.Relative(orgId, cycleId, scope, file.Format));
            var headers = new BlobHttpHeaders { ContentType = ReportFormat.ContentType(file.Format), CacheControl = "no-cache" };
            if (file.Bytes is { } bytes)
            {
                await blob.UploadAsync(BinaryData.FromBytes(bytes), new BlobUploadOptions { HttpHeaders = headers }, ct);
            }
            else
            {
                // A streamed export goes up in blocks as it is written, committed when the stream closes.
                var stream = await blob.OpenWriteAsync(overwrite: true, new BlobOpenWriteOptions { HttpHeaders = headers }, ct);
                await using (stream)
                {
                    await Task.Run(() => file.WriteTo(stream), ct);
                }
            }

            links[file.Format] = blob.Uri.AbsoluteUri;
        }

        return links;
    }

    public async Task<byte[]?> ReadAsync(string orgId, string cycleId, string scope, string format, CancellationToken ct = default)
    {
        try
        {
            var result = await container.GetBlobClient(ReportPaths.Relative(orgId, cycleId, scope, format)).DownloadContentAsync(ct);
            return result.Value.Content.ToArray();
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public async Task DeleteAsync(string orgId, string cycleId, string scope, CancellationToken ct = default)
    {
        foreach (var format in ReportFormat.All)
            await container.GetBlobClient(ReportPaths.Relative(orgId, cycleId, scope, format)).DeleteIfExistsAsync(cancellationToken: ct);
    }
}
