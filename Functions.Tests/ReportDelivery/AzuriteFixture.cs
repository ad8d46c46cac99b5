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
/// Runs Azurite's blob service from tools/azurite (installing it with <c>npm ci</c> when needed) on
/// a free loopback port with in-memory storage, and waits until it accepts connections. Fails with
/// a message saying what to do when Node.js or Azurite cannot start.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    /// <summary>The public well-known key of the storage emulator's development account.</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly ConcurrentQueue<string> _log = new();
    private Process? _process;

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
        var binary = Path.Combine(AzuriteFolder, "node_modules", ".bin", "azurite-blob");
        var arguments = $"--blobHost 127.0.0.1 --blobPort {Port} --inMemoryPersistence --extentMemoryLimit 256 --skipApiVersionCheck --disableTelemetry --silent";
        try
        {
            _process = Process.Start(new ProcessStartInfo(binary, arguments)
            {
                WorkingDirectory = AzuriteFolder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            }) ?? throw new InvalidOperationException("azurite-blob did not start.");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"Cannot run {binary} ({e.Message}). The blob publishing tests need Node.js 20+ and `npm ci` in {AzuriteFolder}.", e);
        }

        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"Azurite exited with code {_process.ExitCode} before listening on 127.0.0.1:{Port}.\n{string.Join('\n', _log)}");
            if (await NpmServers.AcceptsConnectionsAsync(Port))
                return;
            if (deadline.Elapsed > StartTimeout)
                throw new InvalidOperationException($"Azurite did not listen on 127.0.0.1:{Port} within {StartTimeout.TotalSeconds} s.\n{string.Join('\n', _log)}");
            await Task.Delay(100);
        }
    }

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is not null && _log.Count < 500)
            _log.Enqueue(line);
    }
}
