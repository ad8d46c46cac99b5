using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SurveyNetwork.Functions.Storage;
using SurveyNetwork.Functions.Storage.Cosmos;

namespace SurveyNetwork.Functions.Tests.Storage;

[CollectionDefinition(Name)]
public sealed class CosmosEmulatorCollection : ICollectionFixture<CosmosEmulatorFixture>
{
    public const string Name = "Cosmos emulator";
}

/// <summary>
/// Runs tools/cosmos-emulator (installing it with <c>npm ci</c> when needed) on a free loopback
/// port and builds the Cosmos store exactly as the app does, through <see cref="StorageServiceCollectionExtensions.AddStores"/>,
/// on a database of its own. Fails with a message saying what to do when Node.js or the emulator cannot start.
/// </summary>
public sealed class CosmosEmulatorFixture : IAsyncLifetime
{
    /// <summary>The public well-known key of the Cosmos DB emulator (the server accepts any key).</summary>
    public const string EmulatorKey = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";

    private static readonly SemaphoreSlim InstallLock = new(1, 1);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly ConcurrentQueue<string> _log = new();
    private Process? _process;
    private ServiceProvider? _services;

    public CosmosEmulatorFixture()
        : this(plainHttp: false)
    {
    }

    /// <param name="plainHttp">Plain HTTP (--no-ssl) instead of HTTPS with the bundled self-signed certificate.</param>
    internal CosmosEmulatorFixture(bool plainHttp) => PlainHttp = plainHttp;

    public bool PlainHttp { get; }

    public Uri Endpoint { get; private set; } = null!;
    public string DatabaseName { get; } = "test-" + Guid.NewGuid().ToString("N")[..12];
    public CosmosClient Client { get; private set; } = null!;
    public CosmosSurveyStore Store { get; private set; } = null!;

    /// <summary>Talks to the wrapper's own endpoints (/_stats, /_faults) and raw Cosmos paths.</summary>
    public HttpClient Http { get; private set; } = null!;

    public static string EmulatorFolder { get; } = Path.Combine(FindRepositoryRoot(), "tools", "cosmos-emulator");

    public async Task InitializeAsync()
    {
        // Some tests build a CosmosClient themselves, without the factory that sets this: no metadata-endpoint probe.
        Environment.SetEnvironmentVariable("COSMOS_DISABLE_IMDS_ACCESS", "true");
        await EnsureInstalledAsync();
        Endpoint = await StartAsync();

        Http = new HttpClient(new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true }, // loopback test server only
        })
        { BaseAddress = Endpoint, Timeout = TimeSpan.FromSeconds(30) };

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [Settings.StoreKind] = "cosmos",
            [Settings.CosmosEndpoint] = Endpoint.AbsoluteUri,
            [Settings.CosmosKey] = EmulatorKey,
            [Settings.CosmosDatabase] = DatabaseName,
            [Settings.CosmosCreateIfMissing] = "true",
            [Settings.CosmosAllowLoopbackCertificate] = "true",
        }).Build();
        _services = new ServiceCollection().AddLogging().AddStores(configuration).BuildServiceProvider();
        Client = _services.GetRequiredService<CosmosClient>();
        Store = _services.GetRequiredService<CosmosSurveyStore>();
        foreach (var hosted in _services.GetServices<IHostedService>())
            await hosted.StartAsync(CancellationToken.None);
        await ResetStatsAsync();
    }

    public async Task DisposeAsync()
    {
        if (_services is not null)
            await _services.DisposeAsync();
        Http?.Dispose();
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
    }

    public Microsoft.Azure.Cosmos.Container Container(string name) => Client.GetContainer(DatabaseName, name);

    /// <summary>Requests the server received since the last reset, by "METHOD resource" and by "resource.operation".</summary>
    public async Task<EmulatorStats> StatsAsync() =>
        (await Http.GetFromJsonAsync<EmulatorStats>("/_stats"))!;

    public async Task ResetStatsAsync() =>
        (await Http.PostAsync("/_stats/reset", null)).EnsureSuccessStatusCode();

    /// <summary>While down, the server answers every request with <paramref name="status"/>.</summary>
    public async Task SetFaultAsync(bool down, int status = 503, int retryAfterMs = 10) =>
        (await Http.PostAsJsonAsync("/_faults", new { down, status, retryAfterMs })).EnsureSuccessStatusCode();

    private static async Task EnsureInstalledAsync()
    {
        var marker = Path.Combine(EmulatorFolder, "node_modules", "@vercel", "cosmosdb-server", "package.json");
        await InstallLock.WaitAsync();
        try
        {
            if (File.Exists(marker))
                return;
            var (exitCode, output) = await RunAsync("npm", "ci --no-audit --no-fund", EmulatorFolder, TimeSpan.FromMinutes(5));
            if (exitCode != 0 || !File.Exists(marker))
                throw new InvalidOperationException(
                    $"`npm ci` in {EmulatorFolder} failed (exit {exitCode}). Install Node.js 20+ and npm, then run `npm ci` there.\n{output}");
        }
        finally
        {
            InstallLock.Release();
        }
    }

    private async Task<Uri> StartAsync()
    {
        var arguments = "server.js --port 0 --stdin-lifeline" + (PlainHttp ? " --no-ssl" : "");
        var start = new ProcessStartInfo("node", arguments)
        {
            WorkingDirectory = EmulatorFolder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            _process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException(
                $"Cannot run `node` ({e.Message}). The Cosmos emulator tests need Node.js 20+ on PATH.", e);
        }
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
                return;
            _log.Enqueue(e.Data);
            if (e.Data.StartsWith("listening ", StringComparison.Ordinal))
                listening.TrySetResult(e.Data["listening ".Length..].Trim());
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null && _log.Count < 500)
                _log.Enqueue(e.Data);
        };
        _process.EnableRaisingEvents = true;
        _process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException("The emulator exited before listening."));
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        try
        {
            var address = await listening.Task.WaitAsync(StartTimeout);
            return new Uri($"{(PlainHttp ? "http" : "https")}://{address}/");
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            throw new InvalidOperationException(
                $"The Cosmos emulator (node {arguments} in {EmulatorFolder}) did not start: {e.Message}\n{string.Join('\n', _log)}", e);
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, string arguments, string folder, TimeSpan timeout)
    {
        var output = new StringBuilder();
        try
        {
            using var process = Process.Start(new ProcessStartInfo(file, arguments)
            {
                WorkingDirectory = folder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            })!;
            process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
            process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            using var cts = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                return (-1, $"timed out after {timeout}\n{output}");
            }
            return (process.ExitCode, output.ToString());
        }
        catch (Win32Exception e)
        {
            return (-1, $"cannot run `{file}`: {e.Message}");
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "SurveyNetwork.sln")))
                return folder.FullName;
        }
        throw new InvalidOperationException($"SurveyNetwork.sln not found above {AppContext.BaseDirectory}.");
    }
}

/// <summary>The body of GET /_stats.</summary>
public sealed record EmulatorStats(int Total, Dictionary<string, int> Requests, Dictionary<string, int> Operations)
{
    public int Operation(string name) => Operations.GetValueOrDefault(name);

    public override string ToString() => JsonSerializer.Serialize(this);
}
