using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using SurveyNetwork.Functions.Tests.Infra;

namespace SurveyNetwork.Functions.Tests.Email;

[CollectionDefinition(Name)]
public sealed class MaildevCollection : ICollectionFixture<MaildevFixture>
{
    public const string Name = "Maildev";
}

/// <summary>
/// Runs MailDev from tools/maildev (installing it with <c>npm ci</c> when needed): an SMTP server and
/// its REST API, both on free loopback ports, in memory. Fails with a message saying what to do when
/// Node.js or MailDev cannot start.
/// </summary>
public sealed class MaildevFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly ConcurrentQueue<string> _log = new();
    private Process? _process;

    public static string MaildevFolder { get; } = RepositoryRoot.Combine("tools", "maildev");

    public int SmtpPort { get; private set; }

    public int ApiPort { get; private set; }

    public HttpClient Api { get; private set; } = null!;

    /// <summary>Settings that send through this server (plain SMTP, which only a loopback host may use).</summary>
    public IConfiguration Configuration(int connections = 4) => new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        [Settings.EmailSender] = "smtp",
        [Settings.SmtpHost] = "127.0.0.1",
        [Settings.SmtpPort] = SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        [Settings.SmtpTls] = "none",
        [Settings.SmtpConnections] = connections.ToString(System.Globalization.CultureInfo.InvariantCulture),
        [Settings.EmailFrom] = "Surveys <surveys@example.org>",
    }).Build();

    public async Task InitializeAsync()
    {
        await NpmServers.EnsureInstalledAsync(MaildevFolder, "maildev");
        SmtpPort = NpmServers.FreePort();
        ApiPort = NpmServers.FreePort();
        var binary = Path.Combine(MaildevFolder, "node_modules", ".bin", "maildev");
        var start = new ProcessStartInfo(binary)
        {
            WorkingDirectory = MaildevFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "--smtp", SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--ip", "127.0.0.1",
                     "--web", ApiPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--web-ip", "127.0.0.1", "--hide-extensions", "STARTTLS" })
        {
            start.ArgumentList.Add(a);
        }

        try
        {
            _process = Process.Start(start) ?? throw new InvalidOperationException("maildev did not start.");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"Cannot run {binary} ({e.Message}). The email tests need Node.js 20+ and `npm ci` in {MaildevFolder}.", e);
        }

        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ApiPort}/api/") };

        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"MailDev exited with code {_process.ExitCode} before listening on 127.0.0.1:{SmtpPort}.\n{string.Join('\n', _log)}");
            if (await NpmServers.AcceptsConnectionsAsync(SmtpPort) && await NpmServers.AcceptsConnectionsAsync(ApiPort))
                return;
            if (deadline.Elapsed > StartTimeout)
                throw new InvalidOperationException($"MailDev did not listen on 127.0.0.1:{SmtpPort} and :{ApiPort} within {StartTimeout.TotalSeconds} s.\n{string.Join('\n', _log)}");
            await Task.Delay(100);
        }
    }

    /// <summary>Every message received so far, as MailDev's JSON objects.</summary>
    public async Task<IReadOnlyList<JsonElement>> MessagesAsync()
    {
        var list = await Api.GetFromJsonAsync<JsonElement>("email");
        return list.EnumerateArray().Select(e => e.Clone()).ToList();
    }

    /// <summary>The messages to one address (addresses are unique per test, so tests sharing the server do not see each other's).</summary>
    public async Task<IReadOnlyList<JsonElement>> MessagesToAsync(string address) =>
        (await MessagesAsync()).Where(m => m.GetProperty("to").EnumerateArray()
            .Any(t => string.Equals(t.GetProperty("address").GetString(), address, StringComparison.OrdinalIgnoreCase))).ToList();

    /// <summary>Waits until <paramref name="count"/> messages to the address arrived (SMTP acceptance precedes the API listing by a moment).</summary>
    public async Task<IReadOnlyList<JsonElement>> WaitForAsync(string address, int count)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var found = await MessagesToAsync(address);
            if (found.Count >= count || deadline.Elapsed > TimeSpan.FromSeconds(10))
                return found;
            await Task.Delay(50);
        }
    }

    /// <summary>Raw source of one message.</summary>
    public Task<string> SourceAsync(JsonElement message) => Api.GetStringAsync($"email/{message.GetProperty("id").GetString()}/source");

    public async Task DisposeAsync()
    {
        Api?.Dispose();
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
