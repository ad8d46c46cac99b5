using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using SurveyNetwork.Functions.Reports;

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

    public static string AzuriteFolder { get; } = Path.Combine(RepositoryRoot(), "tools", "azurite");

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
        await EnsureInstalledAsync();
        Port = FreePort();
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
            if (await AcceptsConnectionsAsync())
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

    private async Task<bool> AcceptsConnectionsAsync()
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, Port).WaitAsync(TimeSpan.FromSeconds(1));
            return true;
        }
        catch (Exception e) when (e is SocketException or TimeoutException)
        {
            return false;
        }
    }

    private static async Task EnsureInstalledAsync()
    {
        if (File.Exists(Path.Combine(AzuriteFolder, "node_modules", "azurite", "package.json")))
            return;
        var output = new StringBuilder();
        int exitCode;
        try
        {
            using var npm = Process.Start(new ProcessStartInfo("npm", "ci --no-audit --no-fund")
            {
                WorkingDirectory = AzuriteFolder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            })!;
            npm.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
            npm.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
            npm.BeginOutputReadLine();
            npm.BeginErrorReadLine();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            await npm.WaitForExitAsync(timeout.Token);
            exitCode = npm.ExitCode;
        }
        catch (Exception e) when (e is Win32Exception or OperationCanceledException)
        {
            throw new InvalidOperationException($"`npm ci` in {AzuriteFolder} could not run ({e.Message}). Install Node.js 20+ and npm.", e);
        }

        if (exitCode != 0)
            throw new InvalidOperationException($"`npm ci` in {AzuriteFolder} failed (exit {exitCode}).\n{output}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "SurveyNetwork.sln")))
                return folder.FullName;
        }

        throw new InvalidOperationException($"SurveyNetwork.sln not found above {AppContext.BaseDirectory}.");
    }
}
