using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using SurveyNetwork.Functions;
using SurveyNetwork.Functions.Http;
using SurveyNetwork.Functions.Storage;
using SurveyNetwork.LocalHost;

namespace SurveyNetwork.Benchmarks.Load;

/// <summary>
/// <c>load</c>: plays N respondents against LocalHost on loopback (in this process, on a temporary
/// data folder), then checks the store: every acknowledged answer stored exactly once with the
/// respondent's latest acknowledged content, nothing else. The baseline is a bare ASP.NET Core
/// endpoint that answers 200 (same process, same bodies, same concurrency), measured in the same run.
/// </summary>
public static class LoadBenchmark
{
    private const string Org = "load";
    private const string WarmupCycle = "warmup";

    public static int Run(string[] args)
    {
        LoadOptions options;
        try
        {
            options = LoadOptions.Parse(args);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine("usage: SurveyNetwork.Benchmarks load " + LoadOptions.Usage);
            return 2;
        }

        // LocalHost ships with the server garbage collector (the ASP.NET Core default), this
        // program with the workstation one (for the analytics memory figures). The GC mode is
        // fixed when a process starts, so the load run starts itself again in the service's mode.
        if (!System.Runtime.GCSettings.IsServerGC && options.Gc == "server")
        {
            return RunInServerGcMode(args);
        }

        return RunAsync(options).GetAwaiter().GetResult();
    }

    private static int RunInServerGcMode(string[] args)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("The program's path is unknown.");
        var start = new System.Diagnostics.ProcessStartInfo(self) { UseShellExecute = false };
        // Under "dotnet program.dll" the host is dotnet and the program its first argument.
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(LoadBenchmark).Assembly.Location);
        }

        start.ArgumentList.Add("load");
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["DOTNET_gcServer"] = "1";
        using var child = System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException("The load run could not be started.");
        child.WaitForExit();
        return child.ExitCode;
    }

    private static async Task<int> RunAsync(LoadOptions o)
    {
        var workload = Workload.Create(o);
        Console.WriteLine($"load: store {o.Store}, {o.Respondents:N0} respondents, {workload.Requests:N0} answers " +
                          $"({workload.Respondents.Count(r => r.Answers.Count > 1):N0} respondents answer more than once), " +
                          $"{o.Concurrency} concurrent, {Environment.ProcessorCount} cores, {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC");

        await using var emulator = o.Store == "cosmos" ? await CosmosEmulator.StartAsync() : null;
        var data = Directory.CreateTempSubdirectory("surveynetwork-load-");
        try
        {
            await using var app = await StartLocalHostAsync(o, data.FullName, emulator);
            await using var bare = await StartBareAsync();
            var appBase = new Uri(LocalHostApp.Addresses(app)[0].TrimEnd('/') + "/api/");
            var bareUrl = new Uri(LocalHostApp.Addresses(bare)[0].TrimEnd('/') + "/bare");

            var cycles = Enumerable.Range(1, o.Rounds).Select(k => "round-" + k.ToString(CultureInfo.InvariantCulture)).Prepend(WarmupCycle).ToArray();
            var tokens = await SeedAsync(app, appBase, workload, cycles);
            var order = workload.Shuffled(o.Seed);
            Workload.Respondent[] For(string cycle) =>
                order.Select(r => new Workload.Respondent(r.PersonId, r.Answers) { Token = tokens[cycle][r.PersonId] }).ToArray();

            using var client = LoadDriver.CreateClient(o.Concurrency);
            var driver = new LoadDriver(client, o.Concurrency);
            var surveyUrl = new Uri(appBase, "survey/response");
            await WarmUpAsync(driver, For(WarmupCycle), bareUrl, surveyUrl, o.Warmup, app.Services.GetRequiredService<ISurveyStore>());

            var ok = true;
            var rounds = new List<(PhaseResult Baseline, PhaseResult Survey)>();
            foreach (var cycle in cycles.Skip(1))
            {
                // Baseline and service alternate, so a change in the machine's load affects both alike.
                var respondents = For(cycle);
                Console.WriteLine($"{cycle}: measuring");
                var baseline = await driver.RunAsync("bare ASP.NET PUT (200)", bareUrl, Repeat(respondents, o.BaselineRepeat), readReceipt: false);
                if (emulator is not null)
                {
                    await emulator.ResetStatsAsync();
                }

                var fault = new FaultSwitch(emulator, o, workload.Requests);
                var loadDriver = new LoadDriver(client, o.Concurrency) { Progress = fault.OnProgress };
                var survey = await loadDriver.RunAsync("PUT /api/survey/response", surveyUrl, respondents, readReceipt: true);
                await fault.Completion;
                var stats = emulator is null ? ((int, Dictionary<string, int>)?)null : await emulator.StatsAsync();

                Print(baseline);
                Print(survey);
                Console.WriteLine($"  against the bare endpoint: throughput ratio {survey.Throughput / baseline.Throughput:F2}, cpu per request ratio {baseline.CpuPerRequest / survey.CpuPerRequest:F2}");
                ok &= PrintOutcomes(survey, fault);
                if (stats is var (total, operations))
                {
                    PrintCosmos(survey, total, operations);
                }

                ok &= await CheckStoreAsync(app.Services.GetRequiredService<ISurveyStore>(), cycle, respondents, survey);
                rounds.Add((baseline, survey));
            }

            double Median(Func<(PhaseResult Baseline, PhaseResult Survey), double> of) =>
                rounds.Select(of).Order().ElementAt(rounds.Count / 2);
            var throughput = Median(r => r.Survey.Throughput);
            var p50 = Median(r => r.Survey.Percentile(50));
            var p99 = Median(r => r.Survey.Percentile(99));
            var ratio = Median(r => r.Survey.Throughput / r.Baseline.Throughput);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"median of {rounds.Count} round(s): {throughput:N0} submissions/s, p50 {p50:F1} ms, p99 {p99:F1} ms, " +
                $"baseline {Median(r => r.Baseline.Throughput):N0}/s, ratio {ratio:F2}; cpu per request {Median(r => r.Survey.CpuPerRequest):F0} us against {Median(r => r.Baseline.CpuPerRequest):F0} us bare"));
            if (o.Store == "sqlite" && o.FaultAt is null)
            {
                Target("at least 1,000 submissions/s", throughput >= 1_000, $"{throughput:N0}/s");
                Target("p99 under 100 ms", p99 < 100, $"{p99:F1} ms");
                Target("at least 40% of the baseline's throughput", ratio >= 0.40, $"{ratio:P0}");
            }

            Console.WriteLine(ok ? "store check: OK" : "store check: FAILED");
            return ok ? 0 : 1;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                data.Delete(recursive: true);
            }
            catch (IOException)
            {
                // Left for the OS to clean: a file was still held open.
            }
        }
    }

    /// <summary>
    /// Sends batches to both endpoints until the JIT has settled (two batches in a row compile
    /// fewer than 10 new methods, background tiering included), so the rounds measure optimized
    /// code rather than tiering in progress; then reads the warm-up cycle back the way the store
    /// check does, so that code is compiled before the rounds too.
    /// </summary>
    private static async Task WarmUpAsync(LoadDriver driver, Workload.Respondent[] respondents, Uri bareUrl, Uri surveyUrl, int batch, ISurveyStore store)
    {
        if (batch == 0)
        {
            return;
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var sent = 0;
        var quiet = 0;
        for (var i = 0; i < 60 && quiet < 2; i++)
        {
            var compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
            // Rotate through the respondents so the rate limit of one invitation is never reached.
            var slice = respondents.Skip(i * 2_000 % respondents.Length).Concat(respondents).ToArray();
            await driver.RunAsync("warm-up bare", bareUrl, slice, readReceipt: false, batch);
            await driver.RunAsync("warm-up survey", surveyUrl, slice, readReceipt: true, batch);
            if (i % 4 == 0)
            {
                await store.ListSubmissionsAsync(Org, WarmupCycle);
            }

            await Task.Delay(300); // lets the tiering thread catch up with what the batch queued
            sent += 2 * batch;
            quiet = i >= 3 && System.Runtime.JitInfo.GetCompiledMethodCount() - compiled < 10 ? quiet + 1 : 0;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"warm-up: {sent:N0} requests in {System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s, {System.Runtime.JitInfo.GetCompiledMethodCount():N0} methods compiled"));
    }

    /// <summary>The respondents <paramref name="times"/> over (for the baseline, which keeps nothing).</summary>
    private static Workload.Respondent[] Repeat(Workload.Respondent[] respondents, int times) =>
        Enumerable.Repeat(respondents, times).SelectMany(r => r).ToArray();

    private static async Task<WebApplication> StartLocalHostAsync(LoadOptions o, string data, CosmosEmulator? emulator)
    {
        var settings = new Dictionary<string, string?>
        {
            ["data"] = data,
            ["urls"] = "http://127.0.0.1:0",
            [Settings.ReportSchedule] = "0 0 0 1 1 *", // never during a run
        };
        if (emulator is not null)
        {
            settings[Settings.StoreKind] = "cosmos";
            settings[Settings.CosmosEndpoint] = emulator.Endpoint.AbsoluteUri;
            settings[Settings.CosmosKey] = CosmosEmulator.Key;
            settings[Settings.CosmosDatabase] = "load-" + Guid.NewGuid().ToString("N")[..8];
            settings[Settings.CosmosCreateIfMissing] = "true";
            settings[Settings.CosmosAllowLoopbackCertificate] = "true";
        }

        var app = LocalHostApp.Build([], settings, logging =>
        {
            // Per-request information lines would measure the console, not the service.
            logging.ClearProviders();
            logging.AddSimpleConsole(c => c.SingleLine = true);
            logging.AddFilter<ConsoleLoggerProvider>(null, o.LogLevel);
        });
        await app.StartAsync();
        return app;
    }

    private static async Task<WebApplication> StartBareAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);
        builder.Logging.ClearProviders();
        var bare = builder.Build();
        bare.MapPut("/bare", () => Results.Ok());
        await bare.StartAsync();
        return bare;
    }

    /// <summary>Roster, open cycles (warm-up and one per measured round) and an invitation per person in each; tokens by cycle and person.</summary>
    private static async Task<Dictionary<string, Dictionary<string, string>>> SeedAsync(WebApplication app, Uri api, Workload workload, string[] cycles)
    {
        using var admin = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromMinutes(5) };
        admin.DefaultRequestHeaders.Add("x-functions-key", app.Services.GetRequiredService<IConfiguration>()[Settings.AdminKey]);
        await Ensure(await admin.PutAsJsonAsync($"orgs/{Org}/roster", workload.Roster, ApiJson.Options));
        var tokens = new Dictionary<string, Dictionary<string, string>>();
        foreach (var cycle in cycles)
        {
            await Ensure(await admin.PostAsJsonAsync($"orgs/{Org}/cycles",
                new { id = cycle, title = "Load " + cycle, closesAt = DateTimeOffset.UtcNow.AddDays(1) }, ApiJson.Options));
            var issued = await Ensure(await admin.PostAsync($"orgs/{Org}/cycles/{cycle}/invitations", null));
            var body = (await issued.Content.ReadFromJsonAsync<JsonObject>())!;
            tokens[cycle] = body["invitations"]!.AsArray().ToDictionary(i => i!["personId"]!.GetValue<string>(), i => i!["token"]!.GetValue<string>());
        }

        return tokens;
    }

    private static async Task<HttpResponseMessage> Ensure(HttpResponseMessage response) =>
        response.IsSuccessStatusCode ? response
            : throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");

    private static void Print(PhaseResult phase) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {phase.Name,-26} {phase.Requests,7:N0} requests {phase.Elapsed.TotalSeconds,6:F2} s {phase.Throughput,8:N0}/s  p50 {phase.Percentile(50),6:F1} ms  p99 {phase.Percentile(99),6:F1} ms  " +
            $"cpu {phase.CpuPerRequest,3:F0} us, {phase.AllocatedPerRequest / 1024.0,4:F1} KB/request; GC paused {phase.GcPause.TotalMilliseconds,3:F0} ms; {phase.JitCompiled} methods compiled"));

    /// <summary>Counts answers by status; any non-2xx must be a 503 or 429 problem+json with Retry-After.</summary>
    private static bool PrintOutcomes(PhaseResult survey, FaultSwitch fault)
    {
        var byStatus = survey.Outcomes.GroupBy(x => x.Status).OrderBy(g => g.Key).Select(g => $"{(g.Key == 0 ? "no answer" : g.Key)}: {g.Count():N0}");
        Console.WriteLine("  answers by status: " + string.Join(", ", byStatus));
        var failures = survey.Outcomes.Where(x => x.Status is < 200 or >= 300).ToArray();
        var wellFormed = failures.Count(x => x.Status is 503 or 429 && x.ProblemJson && x.RetryAfter);
        if (fault.Enabled)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  fault: emulator answered {fault.Status} for {fault.DownFor.TotalSeconds:F2} s, from request {fault.At:N0} to request {fault.Until:N0}; " +
                $"{failures.Length:N0} requests refused, {wellFormed:N0} of them {string.Join("/", failures.Select(x => x.Status).Distinct())} problem+json with Retry-After; " +
                $"first success after recovery {fault.RecoveredAfter?.TotalMilliseconds:F0} ms after the emulator returned"));
            var after = survey.Outcomes.Where(x => x.Status is >= 200 and < 300).Count();
            Console.WriteLine($"  accepted: {after:N0} of {survey.Requests:N0}");
        }

        return failures.Length == wellFormed;
    }

    private static void PrintCosmos(PhaseResult survey, int total, Dictionary<string, int> operations)
    {
        var accepted = survey.Succeeded;
        var upserts = operations.GetValueOrDefault("docs.upsert");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  cosmos requests during the run (refused ones included): {total:N0} for {accepted:N0} accepted answers ({survey.Requests:N0} sent): " +
            $"{(double)upserts / accepted:F3} upserts per accepted answer, {(double)total / survey.Requests:F4} requests per answer sent"));
        Console.WriteLine("  by operation: " + string.Join(", ", operations.OrderByDescending(kv => kv.Value).Select(kv => $"{kv.Key} {kv.Value:N0}")));
    }

    /// <summary>
    /// Every respondent with a 2xx has exactly one stored answer, equal (content and version) to
    /// their last acknowledged one; respondents without a 2xx have none; there is nothing else.
    /// </summary>
    private static async Task<bool> CheckStoreAsync(ISurveyStore store, string cycle, Workload.Respondent[] order, PhaseResult survey)
    {
        var lastAck = new Dictionary<string, Outcome>(StringComparer.Ordinal);
        foreach (var x in survey.Outcomes.Where(x => x.Status is >= 200 and < 300))
        {
            var id = order[x.Respondent].PersonId;
            if (!lastAck.TryGetValue(id, out var seen) || x.Answer > seen.Answer)
            {
                lastAck[id] = x;
            }
        }

        var stored = await store.ListSubmissionsAsync(Org, cycle);
        var byId = order.ToDictionary(r => r.PersonId, StringComparer.Ordinal);
        int unexpected = 0, stale = 0, duplicates = stored.Count - stored.Select(s => s.RespondentId).Distinct().Count();
        foreach (var s in stored)
        {
            if (!lastAck.TryGetValue(s.RespondentId, out var ack))
            {
                unexpected++;
                continue;
            }

            var expected = byId[s.RespondentId].Answers[ack.Answer].ExpectedContacts;
            var content = JsonSerializer.Serialize(s.Contacts, StoreJson.Options);
            if (s.Version != ack.Version || content != expected || s.Source != "survey")
            {
                if (stale++ == 0)
                {
                    Console.WriteLine($"  first mismatch, {s.RespondentId}: stored version {s.Version}, acknowledged {ack.Version}; " +
                                      $"content {(content == expected ? "equal" : $"stored {content}, sent {expected}")}");
                }
            }
        }

        var storedIds = stored.Select(s => s.RespondentId).ToHashSet(StringComparer.Ordinal);
        var missing = lastAck.Keys.Count(id => !storedIds.Contains(id));
        Console.WriteLine($"  store: {lastAck.Count:N0} respondents acknowledged, {stored.Count:N0} answers stored; " +
                          $"{missing} missing, {unexpected} unexpected, {duplicates} duplicated, {stale} not the latest acknowledged content");
        return missing == 0 && unexpected == 0 && duplicates == 0 && stale == 0 && stored.Count == lastAck.Count;
    }

    private static void Target(string what, bool met, string measured) =>
        Console.WriteLine($"target {what}: {measured} {(met ? "met" : "NOT met")}");

    /// <summary>
    /// Takes the emulator down when a share of the requests has completed (<see cref="LoadOptions.FaultAt"/>)
    /// and brings it back at a later share (<see cref="LoadOptions.FaultUntil"/>), so there is traffic
    /// before, during and after the outage whatever the speed of refusals.
    /// </summary>
    private sealed class FaultSwitch(CosmosEmulator? emulator, LoadOptions options, int requests)
    {
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private Task _down = Task.CompletedTask;
        private int _fired;
        private int _restored;
        private long _downAt;
        private long _upAt;

        public bool Enabled => emulator is not null && options.FaultAt is not null;

        public int At => (int)((options.FaultAt ?? 0) * requests);

        public int Until => (int)(options.FaultUntil * requests);

        public int Status => options.FaultStatus;

        public TimeSpan DownFor { get; private set; }

        /// <summary>From the emulator's return to the first 2xx that completed after it.</summary>
        public TimeSpan? RecoveredAfter { get; private set; }

        public Task Completion => Enabled ? _done.Task : Task.CompletedTask;

        public void OnProgress(int completed, Outcome outcome)
        {
            if (!Enabled)
            {
                return;
            }

            if (completed >= At && Interlocked.Exchange(ref _fired, 1) == 0)
            {
                _down = Task.Run(async () =>
                {
                    await emulator!.SetDownAsync(true, options.FaultStatus);
                    Interlocked.Exchange(ref _downAt, System.Diagnostics.Stopwatch.GetTimestamp());
                });
            }

            if (completed >= Until && Interlocked.Exchange(ref _restored, 1) == 0)
            {
                _ = Task.Run(RestoreAsync);
            }

            // The first 2xx after the emulator returned: the service recovered without a restart.
            var up = Interlocked.Read(ref _upAt);
            if (up != 0 && RecoveredAfter is null && outcome.Status is >= 200 and < 300)
            {
                RecoveredAfter = System.Diagnostics.Stopwatch.GetElapsedTime(up);
            }
        }

        private async Task RestoreAsync()
        {
            try
            {
                await _down;
                await emulator!.SetDownAsync(false);
                var up = System.Diagnostics.Stopwatch.GetTimestamp();
                DownFor = System.Diagnostics.Stopwatch.GetElapsedTime(Interlocked.Read(ref _downAt), up);
                Interlocked.Exchange(ref _upAt, up);
                _done.SetResult();
            }
            catch (Exception e)
            {
                _done.SetException(e);
            }
        }
    }
}
