using System.ComponentModel;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace SurveyNetwork.Benchmarks.Load;

/// <summary>
/// Runs tools/cosmos-emulator on a free loopback port (HTTPS, its self-signed certificate) for the
/// length of a benchmark, and talks to its own endpoints: <c>/_stats</c> (request counters) and
/// <c>/_faults</c> (answer every request with an error status while "down").
/// </summary>
public sealed class CosmosEmulator : IAsyncDisposable
{
    /// <summary>The public well-known key of the Cosmos DB emulator (the server accepts any key).</summary>
    public const string Key = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";

    private readonly Process _process;

    private CosmosEmulator(Process process, Uri endpoint)
    {
        _process = process;
        Endpoint = endpoint;
        Http = new HttpClient(new SocketsHttpHandler
        {
            // Loopback emulator only: its certificate is self-signed.
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
            UseProxy = false,
        })
        { BaseAddress = endpoint };
    }

    public Uri Endpoint { get; }

    private HttpClient Http { get; }

    public static async Task<CosmosEmulator> StartAsync()
    {
        var folder = Path.Combine(RepositoryRoot(), "tools", "cosmos-emulator");
        if (!File.Exists(Path.Combine(folder, "node_modules", "@vercel", "cosmosdb-server", "package.json")))
        {
            await RunAsync("npm", "ci --no-audit --no-fund", folder);
        }

        var process = Start(folder);
        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.StartsWith("listening ", StringComparison.Ordinal) == true)
            {
                listening.TrySetResult(e.Data["listening ".Length..].Trim());
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine("emulator: " + e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var address = await listening.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return new CosmosEmulator(process, new Uri($"https://{address}/"));
    }

    /// <summary>Request counts since the last reset: the total, and by operation ("docs.upsert", "docs.read", ...).</summary>
    public async Task<(int Total, Dictionary<string, int> Operations)> StatsAsync()
    {
        var stats = (await Http.GetFromJsonAsync<JsonObject>("/_stats"))!;
        var operations = stats["operations"]!.AsObject().ToDictionary(kv => kv.Key, kv => kv.Value!.GetValue<int>());
        return (stats["total"]!.GetValue<int>(), operations);
    }

    public async Task ResetStatsAsync() => (await Http.PostAsync("/_stats/reset", null)).EnsureSuccessStatusCode();

    public async Task SetDownAsync(bool down, int status = 503) =>
        (await Http.PostAsJsonAsync("/_faults", new { down, status, retryAfterMs = 10 })).EnsureSuccessStatusCode();

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static Process Start(string folder)
    {
        try
        {
            return Process.Start(new ProcessStartInfo("node", "server.js --port 0 --stdin-lifeline")
            {
                WorkingDirectory = folder,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            }) ?? throw new InvalidOperationException("node did not start.");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"Cannot run `node` ({e.Message}); the Cosmos run needs Node.js 20+ on PATH.", e);
        }
    }

    private static async Task RunAsync(string file, string arguments, string folder)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { WorkingDirectory = folder, UseShellExecute = false })
            ?? throw new InvalidOperationException($"{file} did not start.");
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"`{file} {arguments}` in {folder} failed with exit code {process.ExitCode}.");
        }
    }

    private static string RepositoryRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "SurveyNetwork.sln")))
                {
                    return folder.FullName;
                }
            }
        }

        throw new InvalidOperationException("SurveyNetwork.sln not found above the program or the working directory.");
    }
}
