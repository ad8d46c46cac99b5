using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SurveyNetwork.Benchmarks.Analytics;
using SurveyNetwork.Domain.Survey;
using SurveyNetwork.Functions;
using SurveyNetwork.Functions.Queues;
using SurveyNetwork.Functions.Reports;
using SurveyNetwork.Functions.Storage;

namespace SurveyNetwork.Benchmarks.Reports;

/// <summary>
/// Report runs through the queue with 1, 2, 3… worker processes: seeds synthetic organizations (sizes
/// drawn uniformly between the bounds, seeded) with one open cycle each into a SQLite store, then for
/// each worker count starts from a fresh copy of that store, runs the schedule's enqueueing in this
/// process (timed: the timer's own duration), starts that many LocalHost processes on the shared store
/// and queue (the embedded SQLite queue, or Azurite's with <c>--azurite</c>), and times until the queue
/// is empty. The baseline is one worker: the ratios say how throughput grows with workers on this machine.
/// </summary>
internal static class QueueBenchmark
{
    /// <summary>Flex Consumption's scale-out maximum per app (learn.microsoft.com/azure/azure-functions/flex-consumption-plan: "Scale-out instances (max) 1000").</summary>
    private const int PlatformInstanceLimit = 1000;

    /// <summary>The Bicep template's default maximumInstanceCount (infra/main.bicep).</summary>
    private const int TemplateInstanceLimit = 40;

    private const int ProjectedOrganizations = 10_000;

    public const string Usage = "queue [--orgs 2000] [--min-people 50] [--max-people 5000] [--seed 42] [--workers 1,2,3] [--minutes M] [--azurite CONNECTION_STRING] [--keep]";

    /// <param name="Minutes">Stop each round after this long (null: when the queue is empty).</param>
    private sealed record Options(int Orgs, int MinPeople, int MaxPeople, int Seed, int[] Workers, int? Minutes, string? Azurite, bool Keep);

    /// <param name="People">The people of the cycles published, so rounds that finished different cycles compare.</param>
    private sealed record Round(int Workers, TimeSpan Enqueue, TimeSpan Startup, TimeSpan Run, int Published, long People);

    public static int Run(string[] args)
    {
        Options options;
        try
        {
            options = Parse(args);
        }
        catch (FormatException e)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine("usage: SurveyNetwork.Benchmarks " + Usage);
            return 2;
        }

        return RunAsync(options).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(Options options)
    {
        var folder = Directory.CreateTempSubdirectory("surveynetwork-queue-bench-").FullName;
        Console.WriteLine($"# queue benchmark — {Environment.ProcessorCount} cores, .NET {Environment.Version}, seed {options.Seed}, " +
                          $"{options.Orgs:N0} organizations of {options.MinPeople:N0}–{options.MaxPeople:N0} people, queue: {(options.Azurite is null ? "embedded SQLite" : "Azurite")}, data in {folder}");
        try
        {
            var seed = Path.Combine(folder, "seed.db");
            var clock = Stopwatch.StartNew();
            var sizes = await SeedAsync(seed, options);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools(); // the file is complete (WAL checked in) before it is copied
            Console.WriteLine($"seeded {sizes.Length:N0} organizations, {sizes.Sum():N0} people (mean {sizes.Average():F0}, largest {sizes.Max():N0}) in {clock.Elapsed.TotalSeconds:F0} s (not measured)");

            var rounds = new List<Round>();
            foreach (var workers in options.Workers)
            {
                var round = await RunRoundAsync(folder, seed, workers, options, sizes);
                if (round.Published != options.Orgs && options.Minutes is null)
                {
                    Console.WriteLine($"{workers} worker(s): only {round.Published} of {options.Orgs} cycles have a finished run");
                    return 1;
                }

                rounds.Add(round);
                var stopped = round.Published == options.Orgs ? $"{options.Orgs:N0} cycles" : $"stopped after {options.Minutes} min with {round.Published:N0} of {options.Orgs:N0} cycles published";
                Console.WriteLine($"{workers} worker(s): {stopped} in {round.Run.TotalSeconds:F1} s = {PerMinute(round):F1} cycles/min, {PeoplePerMinute(round):N0} people/min " +
                                  $"(timer enqueued them in {round.Enqueue.TotalSeconds:F2} s; workers ready after {round.Startup.TotalSeconds:F1} s, not counted)");
            }

            var baseline = rounds[0];
            Console.WriteLine();
            foreach (var r in rounds)
                Console.WriteLine($"ratio {r.Workers} / {baseline.Workers} worker(s): {PerMinute(r) / PerMinute(baseline):F2}× the cycles per minute, {PeoplePerMinute(r) / PeoplePerMinute(baseline):F2}× the people per minute");

            // One instance runs one cycle at a time (host.json batchSize 1), like one worker process here.
            // Per instance in people per minute, so a round stopped early projects by what it did, not by which cycles came first.
            var perInstance = PeoplePerMinute(baseline) / baseline.Workers;
            var meanSize = sizes.Average();
            var enqueue = TimeSpan.FromTicks(rounds.Min(r => r.Enqueue.Ticks)) * ((double)ProjectedOrganizations / options.Orgs);
            Console.WriteLine();
            Console.WriteLine($"timer: enqueueing {options.Orgs:N0} cycles took {rounds.Min(r => r.Enqueue.TotalSeconds):F2} s (fastest round); " +
                              $"{ProjectedOrganizations:N0} would take about {enqueue.TotalSeconds:F1} s");
            foreach (var (limit, what) in new[] { (PlatformInstanceLimit, "Flex Consumption's maximum instance count"), (TemplateInstanceLimit, "the template's default maximumInstanceCount") })
            {
                var minutes = ProjectedOrganizations * meanSize / (perInstance * limit);
                Console.WriteLine($"projected: {ProjectedOrganizations:N0} organizations (mean {meanSize:F0} people) at {limit:N0} instances ({what}), each as fast as one worker here " +
                                  $"({perInstance:N0} people/min, {perInstance / meanSize:F1} cycles/min): {minutes:F1} min after {enqueue.TotalSeconds:F0} s of enqueueing");
            }

            Console.WriteLine($"(instance limit: learn.microsoft.com/azure/azure-functions/flex-consumption-plan, \"Scale-out instances (max) 1000\"; " +
                              "the projection assumes the stores keep up and one instance is as fast as one worker process on this machine)");
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (!options.Keep)
                Directory.Delete(folder, recursive: true);
        }
    }

    private static double PerMinute(Round r) => r.Published / r.Run.TotalMinutes;

    private static double PeoplePerMinute(Round r) => r.People / r.Run.TotalMinutes;

    private static async Task<Round> RunRoundAsync(string folder, string seed, int workers, Options options, int[] sizes)
    {
        var round = Path.Combine(folder, $"workers-{workers}");
        Directory.CreateDirectory(round);
        var database = Path.Combine(round, "surveynetwork.db");
        File.Copy(seed, database);
        var settings = new Dictionary<string, string?>
        {
            [Settings.StoreKind] = "sqlite",
            [Settings.SqlitePath] = database,
            [Settings.ReportPublisher] = "folder",
            [Settings.ReportFolder] = Path.Combine(round, "reports"),
            [Settings.ReportQueueConnectionString] = options.Azurite,
        };

        await using var services = Services(settings);
        await services.GetRequiredService<ISurveyStore>().InitializeAsync();
        await services.GetRequiredService<IReportStore>().InitializeAsync();
        var queue = services.GetRequiredService<IQueueBackend>();
        foreach (var name in new[] { ReportQueues.Runs, ReportQueues.Poison })
        {
            await queue.CreateIfMissingAsync(name);
            if (await queue.CountAsync(name) > 0)
                throw new InvalidOperationException($"The queue {name} is not empty; use a fresh Azurite.");
        }

        // The timer's work, alone on the machine: one message per due cycle.
        var clock = Stopwatch.StartNew();
        var scheduled = await services.GetRequiredService<ReportRequests>().EnqueueDueAsync();
        var enqueue = clock.Elapsed;
        if (scheduled.Queued != options.Orgs)
            throw new InvalidOperationException($"The schedule queued {scheduled.Queued} cycles, not {options.Orgs}.");

        var processes = new List<Process>();
        try
        {
            clock.Restart();
            var ready = new List<Task>();
            for (var w = 0; w < workers; w++)
            {
                var (process, banner) = StartWorker(Path.Combine(round, $"worker-{w}"), settings);
                processes.Add(process);
                ready.Add(banner);
            }

            await Task.WhenAny(ready);
            var startup = clock.Elapsed;
            clock.Restart();
            var limit = options.Minutes is { } m ? TimeSpan.FromMinutes(m) : TimeSpan.MaxValue;
            while (await queue.CountAsync(ReportQueues.Runs) > 0 && clock.Elapsed < limit)
            {
                if (processes.FirstOrDefault(p => p.HasExited) is { } dead)
                    throw new InvalidOperationException($"A worker exited with code {dead.ExitCode}.");
                await Task.Delay(200);
            }

            var run = clock.Elapsed;
            foreach (var p in processes.Where(p => !p.HasExited))
                p.Kill(entireProcessTree: true); // a round stopped by time counts only what was published by then
            var reports = services.GetRequiredService<IReportStore>();
            var published = 0;
            var people = 0L;
            for (var i = 0; i < options.Orgs; i++)
            {
                if (await reports.GetLastRunAsync(OrgId(i), "cycle") is null)
                    continue;
                published++;
                people += sizes[i];
            }
            if (await queue.CountAsync(ReportQueues.Poison) is > 0 and var poisoned)
                Console.WriteLine($"{workers} worker(s): {poisoned} message(s) in the poison queue");
            return new Round(workers, enqueue, startup, run, published, people);
        }
        finally
        {
            foreach (var p in processes)
            {
                if (!p.HasExited)
                    p.Kill(entireProcessTree: true);
                await p.WaitForExitAsync();
                p.Dispose();
            }

            // A round publishes every report twice (report store and folder), about 90 KB per person:
            // its folder goes before the next round starts, so the disk holds one round at a time.
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (!options.Keep)
                Directory.Delete(round, recursive: true);

            if (options.Azurite is not null)
            {
                // Leave Azurite's queues as found for the next round.
                foreach (var name in new[] { ReportQueues.Runs, ReportQueues.Poison })
                {
                    while (await queue.ReceiveAsync(name, 32, TimeSpan.FromMinutes(1)) is { Count: > 0 } left)
                    {
                        foreach (var m in left)
                            await queue.DeleteAsync(m);
                    }
                }
            }
        }
    }

    /// <summary>A LocalHost process on the shared store and queue; the task completes when it prints its banner.</summary>
    private static (Process Process, Task Ready) StartWorker(string dataFolder, Dictionary<string, string?> settings)
    {
        Directory.CreateDirectory(dataFolder);
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = dataFolder,
        };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "SurveyNetwork.LocalHost.dll"), "--urls", "http://127.0.0.1:0", "--data", dataFolder })
            psi.ArgumentList.Add(a);
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        psi.Environment[Settings.ReportSchedule] = "0 0 0 1 1 *"; // the benchmark enqueues itself
        // host.json's values, stated here so the run does not depend on the file being next to the program.
        psi.Environment["AzureFunctionsJobHost__extensions__queues__batchSize"] = "1";
        psi.Environment["AzureFunctionsJobHost__extensions__queues__newBatchThreshold"] = "0";
        psi.Environment["AzureFunctionsJobHost__extensions__queues__maxPollingInterval"] = "00:00:02";
        foreach (var (name, value) in settings)
        {
            if (value is not null)
                psi.Environment[name] = value;
        }

        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = Process.Start(psi) ?? throw new InvalidOperationException("dotnet did not start.");
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.StartsWith("SurveyNetwork LocalHost:", StringComparison.Ordinal) == true)
                ready.TrySetResult();
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line)
                Console.Error.WriteLine($"  worker {process.Id}: {line}");
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (process, ready.Task.WaitAsync(TimeSpan.FromMinutes(2)));
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection()
            .AddLogging()
            .AddSingleton(TimeProvider.System)
            .AddStores(configuration)
            .AddReports(configuration)
            .BuildServiceProvider();
    }

    private static string OrgId(int i) => $"org{i:D5}";

    /// <summary>Organizations with one open cycle "cycle" and everyone's answers; returns their sizes.</summary>
    private static async Task<int[]> SeedAsync(string database, Options options)
    {
        var random = new Random(options.Seed);
        var sizes = Enumerable.Range(0, options.Orgs).Select(_ => random.Next(options.MinPeople, options.MaxPeople + 1)).ToArray();
        await using var services = Services(new Dictionary<string, string?>
        {
            [Settings.StoreKind] = "sqlite",
            [Settings.SqlitePath] = database,
            [Settings.ReportPublisher] = "folder",
            [Settings.ReportFolder] = Path.Combine(Path.GetDirectoryName(database)!, "seed-reports"),
        });
        var store = services.GetRequiredService<ISurveyStore>();
        await store.InitializeAsync();
        await services.GetRequiredService<IReportStore>().InitializeAsync();
        var now = DateTimeOffset.UtcNow;
        var done = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, options.Orgs), new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (i, ct) =>
        {
            var orgId = OrgId(i);
            var (roster, answers) = SyntheticOrganization.Generate(sizes[i], options.Seed + i, popularitySpread: 1);
            await store.ReplaceRosterAsync(roster with { OrgId = orgId }, ct);
            await store.CreateCycleAsync(new Cycle
            {
                OrgId = orgId,
                Id = "cycle",
                Title = "Synthetic cycle",
                OpensAt = now.AddDays(-7),
                ClosesAt = now.AddDays(7),
                CreatedAt = now.AddDays(-8),
            }, ct);
            // Many answers in flight at once, so the store's group commit writes them in large transactions.
            foreach (var chunk in answers.Chunk(512))
                await Task.WhenAll(chunk.Select(s => store.UpsertSubmissionAsync(s with { OrgId = orgId }, ct)));
            if (Interlocked.Increment(ref done) % 100 == 0)
                Console.WriteLine($"  seeded {done:N0} organizations");
        });
        return sizes;
    }

    private static Options Parse(string[] args)
    {
        int orgs = 2_000, min = 50, max = 5_000, seed = 42;
        int[] workers = [1, 2, 3];
        string? azurite = null;
        var keep = false;
        int? minutes = null;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new FormatException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--orgs": orgs = PositiveInt(Next()); break;
                case "--min-people": min = PositiveInt(Next()); break;
                case "--max-people": max = PositiveInt(Next()); break;
                case "--seed": seed = PositiveInt(Next()); break;
                case "--workers": workers = Next().Split(',').Select(PositiveInt).ToArray(); break;
                case "--minutes": minutes = PositiveInt(Next()); break;
                case "--azurite": azurite = Next(); break;
                case "--keep": keep = true; break;
                default: throw new FormatException($"unknown option {args[i]}");
            }
        }

        if (min > max)
            throw new FormatException("--min-people must not exceed --max-people");
        return new Options(orgs, min, max, seed, workers, minutes, azurite, keep);

        static int PositiveInt(string s) =>
            int.TryParse(s.Replace("_", "", StringComparison.Ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v > 0
                ? v
                : throw new FormatException($"not a positive integer: {s}");
    }
}
