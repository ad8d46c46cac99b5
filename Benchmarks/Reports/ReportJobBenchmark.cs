using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SurveyNetwork.Benchmarks.Analytics;
using SurveyNetwork.Domain.Reports.Analysis;
using SurveyNetwork.Domain.Reports.Rendering;
using SurveyNetwork.Domain.Survey;
using SurveyNetwork.Functions.Reports;
using SurveyNetwork.Functions.Storage;
using SurveyNetwork.Functions;

namespace SurveyNetwork.Benchmarks.Reports;

/// <summary>
/// Times the whole report job on a seeded synthetic organization as the app runs it locally: read
/// roster and answers from the SQLite store, fingerprint, analyze, build, render and publish every
/// team report and the organization summary to a report folder, and store them. The baseline,
/// measured in the same run on the same inputs, is the analysis alone (<see cref="ReportBuilder.Analyze"/>):
/// the ratio says what delivery costs on top of the measures; a second baseline builds and renders every
/// report in memory with the job's parallelism, so the ratio to it is the cost of reading, storing and
/// publishing. Each timing is the best of <c>--repeat</c> interleaved rounds. A rerun with unchanged inputs is timed too.
/// </summary>
internal static class ReportJobBenchmark
{
    private const double TargetSeconds = 30;

    private sealed record Options(int People, int Seed, double Popularity, int Repeat, bool Keep);

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
            Console.Error.WriteLine("usage: SurveyNetwork.Benchmarks report-job [--people 10000] [--seed 42] [--popularity 1.0] [--repeat 3] [--keep]");
            return 2;
        }

        return RunAsync(options).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(Options options)
    {
        var folder = Directory.CreateTempSubdirectory("surveynetwork-reports-bench-").FullName;
        Console.WriteLine($"# report-job benchmark — {Environment.ProcessorCount} cores, .NET {Environment.Version}, seed {options.Seed}, data in {folder}");
        try
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                [Settings.StoreKind] = "sqlite",
                [Settings.SqlitePath] = Path.Combine(folder, "surveynetwork.db"),
                [Settings.ReportPublisher] = "folder",
                [Settings.ReportFolder] = Path.Combine(folder, "reports"),
            }).Build();
            var phases = new JobPhases();
            var collection = new ServiceCollection()
                .AddLogging()
                .AddSingleton(TimeProvider.System)
                .AddStores(configuration)
                .AddReports(configuration);
            Decorate<IReportStore>(collection, inner => new TimedReportStore(inner, phases));
            Decorate<IReportPublisher>(collection, inner => new TimedReportPublisher(inner, phases));
            await using var services = collection.BuildServiceProvider();
            var store = services.GetRequiredService<ISurveyStore>();
            await store.InitializeAsync();
            await services.GetRequiredService<IReportStore>().InitializeAsync();
            var job = services.GetRequiredService<ReportJob>();

            var clock = Stopwatch.StartNew();
            await SeedAsync(store, "warmup", 1_000, options.Seed + 1, options.Popularity);
            await job.RunAllAsync();
            Console.WriteLine($"warm-up (JIT): whole job on a 1,000-person organization in {clock.Elapsed.TotalSeconds:F2} s");

            clock.Restart();
            var (roster, cycle, submissions) = await SeedAsync(store, "org", options.People, options.Seed, options.Popularity);
            Console.WriteLine($"seeded {roster.People.Count:N0} people in {roster.Teams.Count:N0} teams, {submissions.Count:N0} submissions, " +
                              $"{submissions.Sum(s => s.Contacts.Count):N0} contacts in {clock.Elapsed.TotalSeconds:F1} s (not measured)");

            // Rounds interleave the three timings so that load from other processes falls on all of them alike; each is the best of its rounds.
            var inputs = new ReportInputs(roster, cycle with { ETag = null }, submissions);
            var parallelism = services.GetRequiredService<ReportJobOptions>().MaxDegreeOfParallelism;
            var (analyze, content, whole, wholeCpu) = (TimeSpan.MaxValue, TimeSpan.MaxValue, TimeSpan.MaxValue, TimeSpan.MaxValue);
            var (read, digests, people) = (TimeSpan.MaxValue, TimeSpan.MaxValue, TimeSpan.MaxValue);
            CycleRunSummary? summary = null;
            FormatTally? rendered = null;
            for (var round = 1; round <= options.Repeat; round++)
            {
                // Baseline 1: the analysis alone, on the same inputs, in memory.
                clock.Restart();
                var analysis = ReportBuilder.Analyze(inputs);
                analyze = Min(analyze, clock.Elapsed);

                // Baseline 2: the same reports built and rendered in memory, as parallel as the job, nothing stored or written.
                clock.Restart();
                analysis = ReportBuilder.Analyze(inputs);
                var tally = RenderAll(analysis, parallelism);
                if (clock.Elapsed < content)
                {
                    content = clock.Elapsed;
                    rendered = tally;
                }

                analysis = null;
                GC.Collect();

                // Parts of the job timed on their own, in memory: reading the inputs, the answer digests the differencing rule compares, the people tables.
                clock.Restart();
                var stored = await store.ListSubmissionsAsync("org", "cycle");
                _ = await store.GetRosterAsync("org");
                read = Min(read, clock.Elapsed);
                clock.Restart();
                _ = AnswerChanges.Of(inputs with { Submissions = stored });
                digests = Min(digests, clock.Elapsed);
                clock.Restart();
                analysis = ReportBuilder.Analyze(inputs);
                var peopleBytes = RenderPeople(analysis, parallelism);
                people = Min(people, clock.Elapsed);
                analysis = null;
                GC.Collect();

                // The whole job: the first round finds new inputs, later ones are forced to redo everything.
                phases.Reset();
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                clock.Restart();
                summary = await job.RunCycleAsync((await store.GetCycleAsync("org", "cycle"))!, force: round > 1);
                var elapsed = clock.Elapsed;
                cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
                whole = Min(whole, elapsed);
                wholeCpu = Min(wholeCpu, cpu);
                if (summary.Status != CycleRunStatus.Published)
                {
                    Console.WriteLine($"the job ended {summary.Status}: {summary.Detail}");
                    return 1;
                }

                GC.Collect();
                Console.WriteLine($"round {round}: whole job {elapsed.TotalSeconds:F2} s wall, {cpu.TotalSeconds:F2} s CPU ({(round > 1 ? "forced, over its own output" : "first publication")}); " +
                                  $"best so far: analysis {analyze.TotalSeconds:F2} s, in memory {content.TotalSeconds:F2} s, whole job {whole.TotalSeconds:F2} s wall, {wholeCpu.TotalSeconds:F2} s CPU");
                foreach (var line in phases.Describe())
                    Console.WriteLine($"  {line}");
                Console.WriteLine($"  in memory, on their own: read inputs {read.TotalSeconds:F2} s, answer digests {digests.TotalSeconds:F2} s, analysis + build + people tables {people.TotalSeconds:F2} s ({peopleBytes / 1e6:F1} MB) (best so far)");
            }

            var outcomes = summary!.Outcomes ?? [];
            var files = Directory.EnumerateFiles(Path.Combine(folder, "reports", "org"), "*", SearchOption.AllDirectories).Select(f => new FileInfo(f)).ToArray();
            Console.WriteLine();
            Console.WriteLine($"baseline — analysis only (ReportBuilder.Analyze): {analyze.TotalSeconds:F2} s");
            Console.WriteLine($"baseline — reports built and rendered in memory ({parallelism} at once, {rendered!.TotalBytes / 1e6:F1} MB, nothing written): {content.TotalSeconds:F2} s");
            Console.WriteLine($"  per format in its best round (time summed over threads): {rendered.Describe()}");
            Console.WriteLine($"whole job — {outcomes.Count(o => o.Status == ScopeStatus.Published):N0} reports published " +
                              $"({outcomes.Count(o => o.Status == ScopeStatus.Failed)} failed), {files.Length:N0} files, {files.Sum(f => f.Length) / 1e6:F1} MB: {whole.TotalSeconds:F2} s");

            clock.Restart();
            var rerun = await job.RunCycleAsync((await store.GetCycleAsync("org", "cycle"))!, force: false);
            var unchanged = clock.Elapsed;
            Console.WriteLine($"rerun with unchanged inputs — {rerun.Status}: {unchanged.TotalSeconds:F2} s");
            Console.WriteLine($"whole job CPU time (all threads of this process, best of {options.Repeat}): {wholeCpu.TotalSeconds:F2} s");

            Console.WriteLine();
            Console.WriteLine($"ratio whole job / analysis only: {whole / analyze:F2}×");
            Console.WriteLine($"ratio whole job / reports in memory: {whole / content:F2}× (the cost of reading, storing and publishing)");
            Console.WriteLine($"ratio unchanged rerun / analysis only: {unchanged / analyze:F3}×");
            var met = whole.TotalSeconds < TargetSeconds;
            Console.WriteLine($"target: whole job for {options.People:N0} people under {TargetSeconds:F0} s — {(met ? "met" : "NOT met")} ({whole.TotalSeconds:F1} s, best of {options.Repeat})");
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (!options.Keep)
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>Replaces the last registration of <typeparamref name="T"/> with <paramref name="wrap"/> around it.</summary>
    private static void Decorate<T>(IServiceCollection services, Func<T, T> wrap)
        where T : class
    {
        var original = services.Last(d => d.ServiceType == typeof(T));
        services.Remove(original);
        services.AddSingleton(sp => wrap((T)(original.ImplementationInstance
            ?? original.ImplementationFactory?.Invoke(sp)
            ?? ActivatorUtilities.CreateInstance(sp, original.ImplementationType!))));
    }

    /// <summary>Every scope's people table, in memory, as parallel as the job; returns the bytes rendered.</summary>
    private static long RenderPeople(ReportAnalysis analysis, int parallelism)
    {
        long rendered = 0;
        Parallel.ForEach(new[] { ReportScope.Organization }.Concat(analysis.TeamIds), new ParallelOptions { MaxDegreeOfParallelism = parallelism }, scope =>
            Interlocked.Add(ref rendered, scope == ReportScope.Organization
                ? ReportFormats.CsvPeople(ReportBuilder.BuildOrganization(analysis)).Length
                : ReportFormats.CsvPeople(ReportBuilder.BuildTeam(analysis, scope)).Length));
        return rendered;
    }

    /// <summary>Bytes and thread time per output format of one in-memory round (build is the report model).</summary>
    internal sealed class FormatTally
    {
        public static readonly string[] Names = ["build", "json", "html", "graphml", "csv"];
        private readonly long[] _bytes = new long[Names.Length];
        private readonly long[] _ticks = new long[Names.Length];

        public long TotalBytes => _bytes.Sum();

        /// <summary>Runs one step, adding its output length and its elapsed time to the format's totals.</summary>
        public T Time<T>(int format, Func<T> step, Func<T, long> length)
        {
            var start = Stopwatch.GetTimestamp();
            var result = step();
            Interlocked.Add(ref _ticks[format], Stopwatch.GetTimestamp() - start);
            Interlocked.Add(ref _bytes[format], length(result));
            return result;
        }

        public string Describe() => string.Join(", ", Names.Select((n, k) =>
            k == 0 ? $"{n} {TimeSpan.FromTicks(_ticks[k] * TimeSpan.TicksPerSecond / Stopwatch.Frequency).TotalSeconds:F2} s"
                   : $"{n} {_bytes[k] / 1e6:F1} MB in {TimeSpan.FromTicks(_ticks[k] * TimeSpan.TicksPerSecond / Stopwatch.Frequency).TotalSeconds:F2} s"));
    }

    /// <summary>
    /// The organization report as the job makes it for a large organization: JSON and HTML in memory,
    /// GraphML and the edge list written as streams and measured as the job measures them (here to a
    /// stream that keeps nothing, where the job's publisher writes a file or a blob), so no export is
    /// ever held whole.
    /// </summary>
    internal static FormatTally RenderOrganizationStreamed(ReportAnalysis analysis)
    {
        var tally = new FormatTally();
        var o = tally.Time(0, () => ReportBuilder.BuildOrganization(analysis), _ => 0);
        tally.Time(1, () => ReportFormats.Json(o), b => b.Length);
        tally.Time(2, () => ReportFormats.Html(o), b => b.Length);
        tally.Time(3, () => WriteStreamed(ReportFormat.GraphMl, s => ReportFormats.WriteGraphMl(o, s)), b => b);
        tally.Time(4, () => WriteStreamed(ReportFormat.Csv, s => ReportFormats.WriteCsvEdges(o, s)), b => b);
        return tally;
    }

    /// <summary>Writes a streamed file as a publisher would, to a stream that keeps nothing; its length (and digest) measured on the way.</summary>
    private static long WriteStreamed(string format, Action<Stream> write)
    {
        var file = ReportFile.Streamed(format, write);
        file.WriteTo(Stream.Null);
        return file.Length;
    }

    /// <summary>Every report of the cycle in every format, in memory; returns the bytes and time per format (summed over threads).</summary>
    /// <param name="scopes">The reports to render (team ids and <see cref="ReportScope.Organization"/>); all of them by default.</param>
    internal static FormatTally RenderAll(ReportAnalysis analysis, int parallelism, IEnumerable<string>? scopes = null)
    {
        var tally = new FormatTally();
        Parallel.ForEach(scopes ?? new[] { ReportScope.Organization }.Concat(analysis.TeamIds), new ParallelOptions { MaxDegreeOfParallelism = parallelism }, scope =>
        {
            if (scope == ReportScope.Organization)
            {
                var o = tally.Time(0, () => ReportBuilder.BuildOrganization(analysis), _ => 0);
                tally.Time(1, () => ReportFormats.Json(o), b => b.Length);
                tally.Time(2, () => ReportFormats.Html(o), b => b.Length);
                tally.Time(3, () => ReportFormats.GraphMl(o), b => b.Length);
                tally.Time(4, () => ReportFormats.CsvEdges(o), b => b.Length);
            }
            else
            {
                var t = tally.Time(0, () => ReportBuilder.BuildTeam(analysis, scope), _ => 0);
                tally.Time(1, () => ReportFormats.Json(t), b => b.Length);
                tally.Time(2, () => ReportFormats.Html(t), b => b.Length);
                tally.Time(3, () => ReportFormats.GraphMl(t), b => b.Length);
                tally.Time(4, () => ReportFormats.CsvEdges(t), b => b.Length);
            }
        });
        return tally;
    }

    /// <summary>A synthetic organization with an open cycle "cycle", everyone answering, stored as the app stores it.</summary>
    private static async Task<(Roster Roster, Cycle Cycle, IReadOnlyList<Submission> Submissions)> SeedAsync(
        ISurveyStore store, string orgId, int people, int seed, double popularity)
    {
        var (generated, answers) = SyntheticOrganization.Generate(people, seed, popularity);
        var roster = generated with { OrgId = orgId };
        var submissions = answers.Select(s => s with { OrgId = orgId }).ToArray();
        var now = DateTimeOffset.UtcNow;
        await store.ReplaceRosterAsync(roster);
        var cycle = await store.CreateCycleAsync(new Cycle
        {
            OrgId = orgId,
            Id = "cycle",
            Title = "Synthetic cycle",
            OpensAt = now.AddDays(-7),
            ClosesAt = now.AddDays(7),
            CreatedAt = now.AddDays(-8),
        });
        await Parallel.ForEachAsync(submissions, new ParallelOptions { MaxDegreeOfParallelism = 4 },
            async (s, ct) => await store.UpsertSubmissionAsync(s, ct));
        return (roster, cycle, submissions);
    }

    private static Options Parse(string[] args)
    {
        var people = 10_000;
        var seed = 42;
        var popularity = 1.0;
        var keep = false;
        var repeat = 3;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new FormatException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--people": people = PositiveInt(Next()); break;
                case "--seed": seed = PositiveInt(Next()); break;
                case "--popularity": popularity = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--repeat": repeat = PositiveInt(Next()); break;
                case "--keep": keep = true; break;
                default: throw new FormatException($"unknown option {args[i]}");
            }
        }

        return new Options(people, seed, popularity, repeat, keep);

        static int PositiveInt(string s) =>
            int.TryParse(s.Replace("_", "", StringComparison.Ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v > 0
                ? v
                : throw new FormatException($"not a positive integer: {s}");
    }
}
