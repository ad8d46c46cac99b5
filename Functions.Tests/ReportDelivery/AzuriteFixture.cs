using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Net;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using SurveyNetwork.Functions.Reports;
using SurveyNetwork.Functions.Tests.Infra;

namespace SurveyNetwork.Functions.Tests.ReportDelivery;

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}

/// <summary>
/// Runs Azurite's blob service (and, on request, its queue service) from tools/azurite (installing it with <c>npm ci</c> when needed) on
/// a free loopback port with in-memory storage, and waits until it accepts connections. Fails with
/// a message saying what to do when Node.js or Azurite cannot start.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    /// <summary>The public well-known key of the storage emulator's development account.</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly ConcurrentQueue<string> _log = new();
    private readonly SemaphoreSlim _queueLock = new(1, 1);
    private Process? _process;
    private Process? _queueProcess;

    public static string AzuriteFolder { get; } = RepositoryRoot.Combine("tools", "azurite");

    public int Port { get; private set; }

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};BlobEndpoint=http://127.0.0.1:{Port}/devstoreaccount1;";

    /// <summary>Settings that make the app publish to a container of this Azurite.</summary>
    public IConfiguration Configuration(string container) => new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        [Settings.ReportPublisher] = "blob",
        [Settings.ReportStorageConnectionString] = ConnectionString,
        [Settings.ReportContainer] = container,
    }).Build();

    public BlobContainerClient Container(string name) => BlobReportPublisher.CreateContainerClient(Configuration(name));

    public async Task InitializeAsync()
    {
        await NpmServers.EnsureInstalledAsync(AzuriteFolder, "azurite");
        Port = NpmServers.FreePort();
        _process = await StartServiceAsync("blob", Port);
    }

    /// <summary>The queue service's port once <see cref="StartQueueServiceAsync"/> ran.</summary>
    public int QueuePort { get; private set; }

    /// <summary>A connection string for the queue service (started by <see cref="StartQueueServiceAsync"/>).</summary>
    public string QueueConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};QueueEndpoint=http://127.0.0.1:{QueuePort}/devstoreaccount1;";

    /// <summary>Starts Azurite's queue service too (only the tests that use queues pay for it); idempotent.</summary>
    public async Task StartQueueServiceAsync()
    {
        await _queueLock.WaitAsync();
        try
        {
            if (_queueProcess is not null)
                return;
            var port = NpmServers.FreePort();
            _queueProcess = await StartServiceAsync("queue", port);
            QueuePort = port;
        }
        finally
        {
            _queueLock.Release();
        }
    }

    private async Task<Process> StartServiceAsync(string service, int port)
    {
        var binary = Path.Combine(AzuriteFolder, "node_modules", ".bin", "azurite-" + service);
        var arguments = service == "blob"
            ? $"--blobHost 127.0.0.1 --blobPort {port} --inMemoryPersistence --extentMemoryLimit 256 --skipApiVersionCheck --disableTelemetry --silent"
            : $"--queueHost 127.0.0.1 --queuePort {port} --inMemoryPersistence --skipApiVersionCheck --disableTelemetry --silent";
        Process process;
        try
        {
            process = Process.Start(new ProcessStartInfo(binary, arguments)
            {
                WorkingDirectory = AzuriteFolder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            }) ?? throw new InvalidOperationException($"azurite-{service} did not start.");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"Cannot run {binary} ({e.Message}). The blob and queue tests need Node.js 20+ and `npm ci` in {AzuriteFolder}.", e);
        }

        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"Azurite ({service}) exited with code {process.ExitCode} before listening on 127.0.0.1:{port}.\n{string.Join('\n', _log)}");
            if (await NpmServers.AcceptsConnectionsAsync(port))
                return process;
            if (deadline.Elapsed > StartTimeout)
                throw new InvalidOperationException($"Azurite ({service}) did not listen on 127.0.0.1:{port} within {StartTimeout.TotalSeconds} s.\n{string.Join('\n', _log)}");
            await Task.Delay(100);
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var process in new[] { _process, _queueProcess })
        {
            if (process is { HasExited: false })
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            process?.Dispose();
        }

        _queueLock.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is not null && _log.Count < 500)
            _log.Enqueue(line);
    }
}
