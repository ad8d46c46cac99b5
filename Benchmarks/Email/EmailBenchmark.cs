using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SurveyNetwork.Domain.Survey;
using SurveyNetwork.Functions;
using SurveyNetwork.Functions.App;
using SurveyNetwork.Functions.Email;
using SurveyNetwork.Functions.Hosting;
using SurveyNetwork.Functions.Security;
using SurveyNetwork.Functions.Storage;

namespace SurveyNetwork.Benchmarks.Email;

/// <summary>
/// Invitations by email end to end on one machine: N people queued through the SQLite message store
/// and sent by the queue's drain to a local MailDev SMTP server (tools/maildev, loopback only), with
/// the count checked through MailDev's API. Prints the time to queue and the messages per second sent.
/// </summary>
public static class EmailBenchmark
{
    public const string Usage = "email [--people 10000] [--connections 4]";

    public static int Run(string[] args)
    {
        var people = 10_000;
        var connections = SmtpOptions.DefaultConnections;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--people": people = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--connections": connections = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                default: Console.Error.WriteLine("usage: SurveyNetwork.Benchmarks " + Usage); return 2;
            }
        }

        return RunAsync(people, connections).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(int people, int connections)
    {
        var folder = Path.Combine(Path.GetTempPath(), "surveynetwork-email-benchmark-" + Guid.NewGuid().ToString("N")[..8]);
        var (smtpPort, apiPort) = (FreePort(), FreePort());
        using var maildev = StartMaildev(smtpPort, apiPort);
        try
        {
            using var api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{apiPort}/api/") };
            await WaitForAsync(smtpPort);
            await WaitForAsync(apiPort);

            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                [Settings.StoreKind] = "sqlite",
                [Settings.SqlitePath] = Path.Combine(folder, "store.db"),
                [Settings.TokenSigningKey] = InvitationTokens.NewKey(),
                [Settings.PublicBaseUrl] = "https://surveys.example.org",
                [Settings.ReportFolder] = Path.Combine(folder, "reports"),
                [Settings.EmailSender] = "smtp",
                [Settings.SmtpHost] = "127.0.0.1",
                [Settings.SmtpPort] = smtpPort.ToString(CultureInfo.InvariantCulture),
                [Settings.SmtpTls] = "none",
                [Settings.SmtpConnections] = connections.ToString(CultureInfo.InvariantCulture),
                [Settings.EmailFrom] = "Surveys <surveys@example.org>",
            }).Build();
            await using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging()
                .AddSurveyNetwork(configuration).BuildServiceProvider();
            var store = services.GetRequiredService<ISurveyStore>();
            await store.InitializeAsync();
            await services.GetRequiredService<IReportStore>().InitializeAsync();
            await services.GetRequiredService<IMessageStore>().InitializeAsync();

            var now = DateTimeOffset.UtcNow;
            var roster = new Roster("bench", [new Team("t", "Team")],
                Enumerable.Range(0, people).Select(i => new Person($"p{i:D6}", $"Person {i}", "t", "Engineering", 1, "Lisbon", Email: $"p{i:D6}@example.org")).ToArray(), now);
            await store.ReplaceRosterAsync(roster);
            await store.CreateCycleAsync(new Cycle { OrgId = "bench", Id = "c1", Title = "Benchmark survey", OpensAt = now.AddDays(-1), ClosesAt = now.AddDays(14), CreatedAt = now });

            var clock = Stopwatch.StartNew();
            var issued = await services.GetRequiredService<Invitations>().IssueAsync("bench", "c1", null, default);
            var queued = await services.GetRequiredService<EmailDelivery>().QueueInvitationsAsync("bench", "c1", issued.Value!.Tokens.Select(t => t.Person), null, default);
            var queueSeconds = clock.Elapsed.TotalSeconds;

            clock.Restart();
            var drained = await services.GetRequiredService<EmailDelivery>().DrainAsync(TimeSpan.FromHours(1), default);
            var sendSeconds = clock.Elapsed.TotalSeconds;

            var received = (await api.GetFromJsonAsync<JsonElement>("email/summary?limit=1")).GetProperty("total").GetInt32();
            Console.WriteLine($"people {people:N0}, SMTP connections {connections}, cores {Environment.ProcessorCount}");
            Console.WriteLine($"issue + queue: {queued.Added:N0} messages in {queueSeconds:F2} s (one request)");
            Console.WriteLine($"send: {drained.Sent:N0} sent, {drained.Failed:N0} failed in {sendSeconds:F2} s = {drained.Sent / sendSeconds:F0} messages/s");
            Console.WriteLine($"MailDev received {received:N0}");
            return received == people && drained.Sent == people ? 0 : 1;
        }
        finally
        {
            if (!maildev.HasExited)
            {
                maildev.Kill(entireProcessTree: true);
                await maildev.WaitForExitAsync();
            }

            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
    }

    private static Process StartMaildev(int smtpPort, int apiPort)
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "SurveyNetwork.sln")))
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("SurveyNetwork.sln not found above the benchmark.");
        var tool = Path.Combine(root, "tools", "maildev");
        var start = new ProcessStartInfo(Path.Combine(tool, "node_modules", ".bin", "maildev")) { WorkingDirectory = tool, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "--smtp", smtpPort.ToString(CultureInfo.InvariantCulture), "--ip", "127.0.0.1", "--web", apiPort.ToString(CultureInfo.InvariantCulture),
                     "--web-ip", "127.0.0.1", "--hide-extensions", "STARTTLS", "--silent" })
            start.ArgumentList.Add(a);
        var process = Process.Start(start) ?? throw new InvalidOperationException($"MailDev did not start; run `npm ci` in {tool}.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("maildev: " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitForAsync(int port)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            using var client = new TcpClient();
            try
            {
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        throw new InvalidOperationException($"MailDev did not listen on 127.0.0.1:{port} within 60 s.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
