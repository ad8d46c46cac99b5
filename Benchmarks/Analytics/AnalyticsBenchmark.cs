using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;
using SurveyNetwork.Benchmarks.Reports;
using SurveyNetwork.Domain.Network;
using SurveyNetwork.Domain.Reports.Analysis;
using SurveyNetwork.Domain.Survey;
using SurveyNetwork.Functions.Reports;

namespace SurveyNetwork.Benchmarks.Analytics;

/// <summary>
/// Times the network analytics on seeded synthetic organizations and, on the same graph in the same
/// run, python-igraph (Debian python3-igraph under /usr/bin/python3) as the baseline. Each size runs
/// in its own child process so that its peak memory is its own.
/// </summary>
internal static class AnalyticsBenchmark
{
    /// <summary>Debian's interpreter, where python3-igraph installs; <c>--python</c> overrides it.</summary>
    private static string Python { get; set; } = "/usr/bin/python3";

    private sealed record Options(
        int[] Sizes,
        int Seed,
        int ExactMax,
        bool Igraph,
        int[] PivotSweep,
        bool SingleThread,
        int Repeat,
        double Popularity,
        string? ExactCache,
        int? One,
        bool ReportJob,
        bool ReportOnly,
        double HeapLimitGigabytes);

    /// <summary>Samples memory in a size's own process (null in the parent).</summary>
    private static MemoryProbe? _probe;

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
            return 2;
        }

        if (options.One is { } n)
        {
            using var probe = _probe = new MemoryProbe();
            return options.ReportOnly ? RunReportJob(n, options) : RunOne(n, options);
        }

        Console.WriteLine($"# analytics benchmark — {Environment.ProcessorCount} cores, .NET {Environment.Version}, seed {options.Seed}, popularity spread σ = {options.Popularity}");
        var defaults = new BetweennessOptions();
        Console.WriteLine($"# exact betweenness (ours and igraph's) up to {options.ExactMax:N0} people; NetworkAnalysis is exact when n·(n + m) · {defaults.CpuNanosecondsPerStep} ns CPU / {defaults.BudgetCores} cores ≤ {defaults.BudgetSeconds} s, else as many pivots as fit the budget ({defaults.MinPivots:N0}–{defaults.Pivots:N0})");
        Console.WriteLine($"# machine load average at start: {LoadAverage()} (other processes share these cores: compare CPU times, wall times are inflated under load)");
        Console.WriteLine(options.HeapLimitGigabytes > 0
            ? $"# each size runs in its own process with the GC heap limited to {options.HeapLimitGigabytes} GB (DOTNET_GCHeapHardLimit={HeapLimitHex(options.HeapLimitGigabytes)}, as on a 4 GB Flex Consumption instance); an out-of-memory there fails the size"
            : "# each size runs in its own process, GC heap not limited (--heap-limit 0)");
        Console.WriteLine("# memory: peak resident set = VmHWM; peak GC heap = largest GC heap sampled every 20 ms during the phase (including garbage not yet collected); live = after a full collection at the phase's end, not timed");
        if (options.Igraph && IgraphVersion() is null)
        {
            Console.WriteLine($"# igraph baseline skipped: python-igraph is not installed for {Python} (Debian: apt-get install python3-igraph)");
        }

        foreach (var size in options.Sizes)
        {
            var code = RunChild(args, size, reportOnly: false, options.HeapLimitGigabytes);
            if (code == 0 && options.ReportJob)
            {
                code = RunChild(args, size, reportOnly: true, options.HeapLimitGigabytes);
            }

            if (code != 0)
            {
                Console.WriteLine($"# size {size}: child process failed with exit code {code}");
                return code;
            }
        }

        return 0;
    }

    private static int RunOne(int n, Options options)
    {
        Console.WriteLine();
        Console.WriteLine($"== {n:N0} people ==");
        var clock = Stopwatch.StartNew();
        WarmUp(options);
        Console.WriteLine($"  warm-up (JIT) on a 1,000-person organization: {clock.Elapsed.TotalSeconds:F2} s");
        var (roster, network) = GenerateAndBuild(n, options);
        Console.WriteLine($"  survey answers released: live GC heap {MemoryProbe.Mb(MemoryProbe.LiveAfterFullCollection())} MB (roster and network)");
        var g = network.Graph;
        Console.WriteLine($"  n = {g.NodeCount:N0}, m = {g.ArcCount:N0} arcs ({(double)g.ArcCount / g.NodeCount:F1} per person), teams = {roster.Teams.Count:N0}");
        var plan = BetweennessPlan.Choose(g.NodeCount, g.ArcCount, new BetweennessOptions());
        Console.WriteLine($"  betweenness plan: exact estimated at {plan.EstimatedExactSeconds:F0} s on {new BetweennessOptions().BudgetCores} cores (budget {new BetweennessOptions().BudgetSeconds} s) → " +
                          (plan.Exact ? "exact" : $"sampled, k = {plan.Sources:N0}, every normalized value within ±{plan.ErrorBound:G3} with 95% probability"));

        double[]? exact = null;
        double exactSeconds = 0;
        double exactCpuSeconds = 0;
        var cacheFile = options.ExactCache is null
            ? null
            : Path.Combine(options.ExactCache, FormattableString.Invariant($"exact-betweenness-{n}-{options.Seed}-{options.Popularity}.bin"));
        if (n <= options.ExactMax && cacheFile is not null && File.Exists(cacheFile))
        {
            exact = MemoryMarshal.Cast<byte, double>(File.ReadAllBytes(cacheFile)).ToArray();
            Console.WriteLine($"  exact betweenness read from {cacheFile} (not timed)");
        }
        else if (n <= options.ExactMax)
        {
            exact = Phase("exact betweenness (Brandes, parallel)", () => Betweenness.Raw(g), out exactSeconds, options.Repeat);
            exactCpuSeconds = _lastCpuSeconds;
            var ranked = exact.OrderDescending().ToArray();
            Console.WriteLine(
                $"    raw betweenness at rank 1 / 50 / 100 / median: {ranked[0]:F0} / {ranked[Math.Min(49, n - 1)]:F0} / {ranked[Math.Min(99, n - 1)]:F0} / {ranked[n / 2]:F0}");
            if (cacheFile is not null)
            {
                Directory.CreateDirectory(options.ExactCache!);
                File.WriteAllBytes(cacheFile, MemoryMarshal.AsBytes(exact.AsSpan()).ToArray());
            }

            if (options.SingleThread)
            {
                var sequential = Phase("exact betweenness (Brandes, 1 thread)", () => Betweenness.Raw(g, 1), out _);
                Console.WriteLine($"    parallel and 1-thread results identical: {sequential.AsSpan().SequenceEqual(exact)}");
            }
        }

        // Constraint takes milliseconds: at least 5 runs (here and in the baseline) keep noise out of the ratio.
        var holes = Phase("constraint + effective size + efficiency", () => Constraint.Compute(g), out var constraintSeconds, Math.Max(5, options.Repeat));
        var analysis = Phase("whole measure set (NetworkAnalysis.Compute)", () => NetworkAnalysis.Compute(network), out _);
        var m = analysis.Network;
        Console.WriteLine(m.BetweennessIsExact
            ? "    betweenness in the measure set: exact"
            : $"    betweenness in the measure set: estimate from k = {m.BetweennessSampleSize:N0} pivots (seed {m.BetweennessSeed}), error bound ±{m.BetweennessErrorBound:G3}");
        if (exactSeconds > 0)
        {
            var cpuNs = exactCpuSeconds * 1e9 / ((double)n * (n + g.ArcCount));
            Console.WriteLine($"    cost model: exact betweenness took {cpuNs:F2} ns of CPU per step n·(n + m) (setting: {new BetweennessOptions().CpuNanosecondsPerStep} ns)");
        }

        if (exact is not null)
        {
            var pivots = options.PivotSweep.Length > 0 ? options.PivotSweep : [2_000, 4_000, new BetweennessOptions().Pivots];
            foreach (var k in pivots.Where(k => k < n))
            {
                var sw = Stopwatch.StartNew();
                var sampled = Betweenness.SampledRaw(g, k, new BetweennessOptions().Seed);
                var seconds = sw.Elapsed.TotalSeconds;
                Console.WriteLine(
                    $"    sampled k = {k,5:N0}: {seconds,6:F2} s, top-50 overlap with exact {Stats.TopOverlap(exact, sampled, 50):P0}, " +
                    $"Spearman {Stats.Spearman(exact, sampled):F4}, median relative error of top 50 {Stats.MedianRelativeErrorOfTop(exact, sampled, 50):P1}");
            }
        }

        Console.WriteLine($"  peak working set of this size's process (everything above): {PeakMegabytes():F0} MB; {GcSummary()}");
        Console.WriteLine($"  memory of the measure set's process (everything above): {_probe!.Describe(live: false)}; GC limit {MemoryProbe.Mb(MemoryProbe.GcAvailable)} MB");
        if (options.Igraph)
        {
            CompareWithIgraph(g, exact, exactSeconds, holes, constraintSeconds, options.Repeat);
        }

        return 0;
    }

    /// <summary>
    /// Generates the organization and times building its network. The answers are this method's alone:
    /// the measures need only the network, so they are garbage once it returns, as in the analysis.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (Roster Roster, OrgNetwork Network) GenerateAndBuild(int n, Options options)
    {
        var clock = Stopwatch.StartNew();
        var (roster, submissions) = SyntheticOrganization.Generate(n, options.Seed, options.Popularity);
        Console.WriteLine($"  generated survey data in {clock.Elapsed.TotalSeconds:F2} s (not a measured phase); {_probe!.Describe(live: true)}");
        var network = Phase("graph building (roster + submissions → CSR)", () => NetworkGraphBuilder.FromSurvey(roster, submissions), out _);
        return (roster, network);
    }

    /// <summary>Runs every measured code path once on a small organization, so timings exclude JIT compilation.</summary>
    private static void WarmUp(Options options)
    {
        var (roster, submissions) = SyntheticOrganization.Generate(1_000, options.Seed + 1, options.Popularity);
        var network = NetworkGraphBuilder.FromSurvey(roster, submissions);
        Betweenness.Raw(network.Graph);
        Betweenness.SampledRaw(network.Graph, 100, 1);
        Constraint.Compute(network.Graph);
        NetworkAnalysis.Compute(network);
    }

    private static void CompareWithIgraph(NetworkGraph g, double[]? exact, double exactSeconds, StructuralHoles holes, double constraintSeconds, int repeat)
    {
        if (IgraphVersion() is null)
        {
            Console.WriteLine($"  igraph: skipped (python-igraph is not installed for {Python})");
            return;
        }

        var script = Path.Combine(AppContext.BaseDirectory, "Analytics", "igraph_baseline.py");
        var dir = Directory.CreateTempSubdirectory("surveynetwork-bench-");
        try
        {
            var edges = Path.Combine(dir.FullName, "edges.txt");
            using (var writer = new StreamWriter(edges))
            {
                foreach (var (from, to) in g.Arcs())
                {
                    writer.Write(from);
                    writer.Write(' ');
                    writer.WriteLine(to);
                }
            }

            var psi = new ProcessStartInfo(Python)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var a in new[] { script, edges, g.NodeCount.ToString(CultureInfo.InvariantCulture), exact is null ? "0" : "1", dir.FullName, repeat.ToString(CultureInfo.InvariantCulture) })
            {
                psi.ArgumentList.Add(a);
            }

            using var process = Process.Start(psi)!;
            var stdout = process.StandardOutput.ReadToEnd();
            var stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                Console.WriteLine($"  igraph: failed ({process.ExitCode}): {stderr.Trim()} {stdout.Trim()}");
                return;
            }

            using var json = JsonDocument.Parse(stdout);
            var root = json.RootElement;
            Console.WriteLine($"  igraph {root.GetProperty("igraph").GetString()} (single-threaded C core), same graph:");
            if (exact is not null && root.TryGetProperty("betweenness", out var b))
            {
                var theirs = ReadValues(Path.Combine(dir.FullName, "betweenness.txt"));
                Console.WriteLine(
                    $"    exact betweenness: igraph {b.GetDouble():F2} s, ours {exactSeconds:F2} s → ours / igraph = {exactSeconds / b.GetDouble():F3}" +
                    $"   (max |difference| of raw values {Stats.MaxAbsDifference(exact, theirs):E1})");
            }

            var c = root.GetProperty("constraint").GetDouble();
            var theirConstraint = ReadValues(Path.Combine(dir.FullName, "constraint.txt"));
            Console.WriteLine(
                $"    constraint: igraph {c:F3} s, ours (with effective size and efficiency) {constraintSeconds:F3} s → ours / igraph = {constraintSeconds / c:F3}" +
                $"   (max |difference| {Stats.MaxAbsDifference(holes.Constraint, theirConstraint):E1})");
            Console.WriteLine($"    igraph graph load {root.GetProperty("load").GetDouble():F2} s, igraph peak RSS {root.GetProperty("peak_rss_mb").GetDouble():F0} MB");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static double[] ReadValues(string path) =>
        File.ReadAllLines(path).Select(l => double.Parse(l, CultureInfo.InvariantCulture)).ToArray();

    private static string? _igraphVersion;

    private static string? IgraphVersion()
    {
        if (_igraphVersion is not null)
        {
            return _igraphVersion.Length == 0 ? null : _igraphVersion;
        }

        _igraphVersion = "";
        var psi = new ProcessStartInfo(Python, ["-c", "import igraph; print(igraph.__version__)"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Process process;
        try
        {
            process = Process.Start(psi)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }

        using var _ = process;
        var output = process.StandardOutput.ReadToEnd().Trim();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        _igraphVersion = process.ExitCode == 0 ? output : "";
        return _igraphVersion.Length == 0 ? null : _igraphVersion;
    }

    /// <summary>Runs <paramref name="work"/> <paramref name="repeat"/> times and reports the fastest (allocation of one run).</summary>
    private static T Phase<T>(string name, Func<T> work, out double seconds, int repeat = 1)
    {
        T result = default!;
        seconds = double.MaxValue;
        var cpu = double.MaxValue;
        double allocated = 0;
        _probe?.ResetPeak();
        for (var r = 0; r < repeat; r++)
        {
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var cpuBefore = Environment.CpuUsage.TotalTime;
            var clock = Stopwatch.StartNew();
            result = work();
            seconds = Math.Min(seconds, clock.Elapsed.TotalSeconds);
            cpu = Math.Min(cpu, (Environment.CpuUsage.TotalTime - cpuBefore).TotalSeconds);
            allocated = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / 1048576.0;
        }

        _lastCpuSeconds = cpu;
        var best = repeat > 1 ? $" (best of {repeat})" : "";
        Console.WriteLine($"  {name + best,-52} {seconds,8:F3} s (cpu {cpu,7:F2} s)   allocated {allocated,7:F1} MB   peak working set so far {PeakMegabytes(),6:F0} MB");
        if (_probe is not null)
        {
            Console.WriteLine($"    memory: peak GC heap in this phase {MemoryProbe.Mb(_probe.PeakHeap)} MB, {_probe.Describe(live: true)}");
        }

        return result;
    }

    /// <summary>CPU seconds of the last <see cref="Phase"/> (the fastest run).</summary>
    private static double _lastCpuSeconds;

    /// <summary>
    /// The report job's work for one cycle without the store: analysis, then every team report and the
    /// organization report built and rendered in every format with the job's parallelism. Runs in its
    /// own process, so the peak working set is the job's alone (plus the survey data it would read).
    /// </summary>
    private static int RunReportJob(int n, Options options)
    {
        Console.WriteLine();
        Console.WriteLine($"== report job for {n:N0} people (analysis + every report rendered in memory, own process) ==");
        var (analysis, digests) = AnalyzeAndRelease(n, options);
        var parallelism = 2 * Environment.ProcessorCount;
        // Team reports first, then the organization's (its export holds every arc): each phase's memory is its own.
        var bytes = Phase($"{analysis.TeamIds.Count:N0} team reports, 4 formats ({parallelism} at once)", () => ReportJobBenchmark.RenderAll(analysis, parallelism, analysis.TeamIds), out _);
        Console.WriteLine($"    rendered {bytes.TotalBytes / 1e6:F0} MB ({bytes.Describe()})");
        try
        {
            bytes = Phase("organization report: JSON and HTML, exports streamed", () => ReportJobBenchmark.RenderOrganizationStreamed(analysis), out _);
            Console.WriteLine($"    rendered {bytes.TotalBytes / 1e6:F0} MB ({bytes.Describe()})");
        }
        catch (AggregateException e) when (e.InnerException is OutOfMemoryException)
        {
            Console.WriteLine($"  organization report: out of memory (GC limit {MemoryProbe.Mb(MemoryProbe.GcAvailable)} MB); {_probe!.Describe(live: true)}");
            Console.WriteLine($"  memory of the report job's process (everything above): {_probe.Describe(live: false)}");
            return 3;
        }

        Console.WriteLine($"  peak working set of the report job's process: {PeakMegabytes():F0} MB; {GcSummary()}");
        Console.WriteLine($"  memory of the report job's process (everything above): {_probe!.Describe(live: false)}; GC limit {MemoryProbe.Mb(MemoryProbe.GcAvailable)} MB");
        GC.KeepAlive(analysis);
        GC.KeepAlive(digests);
        return 0;
    }

    /// <summary>
    /// The job's first half: the survey data as the store hands it over; the answer digests a first
    /// publication records (the differencing rule compares them next time), which the job holds until
    /// it saves the run record; then the analysis with <see cref="ReportOptions.ReleaseAnswers"/>, as
    /// the job runs it, which lets go of the answers once it has the network. The analysis gets the
    /// only reference to them; compiled optimized, so that no local of this frame keeps them alive.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (ReportAnalysis Analysis, IReadOnlyList<CountedAnswer> Digests) AnalyzeAndRelease(int n, Options options)
    {
        ReportInputs? inputs = SyntheticInputs(n, options);
        Console.WriteLine($"  survey data in memory: peak working set so far {PeakMegabytes():F0} MB; {_probe!.Describe(live: true)}");
        var digests = Phase("answer digests for the run record (AnswerChanges.Of)", () => AnswerChanges.Of(inputs!), out _);
        var analysis = Phase("analysis (ReportBuilder.Analyze, answers released)",
            [MethodImpl(MethodImplOptions.AggressiveOptimization)] () => ReportBuilder.Analyze(Interlocked.Exchange(ref inputs, null)!, new ReportOptions { ReleaseAnswers = true }),
            out _);
        Console.WriteLine($"    betweenness: {(analysis.Method.BetweennessExact ? "exact" : $"estimate from {analysis.Method.BetweennessSampleSize:N0} pivots, ±{analysis.Method.BetweennessErrorBound:G3}")}");
        return (analysis, digests);
    }

    private static ReportInputs SyntheticInputs(int n, Options options)
    {
        var (roster, submissions) = SyntheticOrganization.Generate(n, options.Seed, options.Popularity);
        var cycle = new Cycle
        {
            OrgId = roster.OrgId,
            Id = "cycle",
            Title = "Synthetic cycle",
            OpensAt = roster.UpdatedAt.AddDays(-7),
            ClosesAt = roster.UpdatedAt.AddDays(7),
            CreatedAt = roster.UpdatedAt.AddDays(-8),
        };
        return new ReportInputs(roster, cycle, submissions);
    }

    private static string GcSummary()
    {
        var info = GC.GetGCMemoryInfo(GCKind.Any);
        return $"GC heap after last collection {info.HeapSizeBytes / 1048576.0:F0} MB, committed {info.TotalCommittedBytes / 1048576.0:F0} MB, total allocated {GC.GetTotalAllocatedBytes() / 1048576.0:F0} MB";
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static double PeakMegabytes()
    {
        using var self = Process.GetCurrentProcess();
        return self.PeakWorkingSet64 / 1048576.0;
    }

    /// <summary>The hard limit as DOTNET_GCHeapHardLimit takes it: hexadecimal bytes (3.5 GB = 3,500,000,000 bytes = 0xD09DC300).</summary>
    private static string HeapLimitHex(double gigabytes) => "0x" + ((long)Math.Round(gigabytes * 1e9)).ToString("X", CultureInfo.InvariantCulture);

    private static int RunChild(string[] args, int size, bool reportOnly, double heapLimitGigabytes)
    {
        var psi = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false };
        if (heapLimitGigabytes > 0)
        {
            psi.Environment["DOTNET_GCHeapHardLimit"] = HeapLimitHex(heapLimitGigabytes);
        }

        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
        {
            psi.ArgumentList.Add(typeof(AnalyticsBenchmark).Assembly.Location);
        }

        psi.ArgumentList.Add("analytics");
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.ArgumentList.Add("--one");
        psi.ArgumentList.Add(size.ToString(CultureInfo.InvariantCulture));
        if (reportOnly)
        {
            psi.ArgumentList.Add("--report-only");
        }
        using var child = Process.Start(psi)!;
        child.WaitForExit();
        return child.ExitCode;
    }

    private static Options Parse(string[] args)
    {
        var sizes = new[] { 1_000, 5_000, 10_000, 50_000 };
        var seed = 42;
        var exactMax = 10_000;
        var igraph = true;
        var sweep = Array.Empty<int>();
        var singleThread = false;
        var repeat = 1;
        var popularity = 1.0;
        string? exactCache = null;
        int? one = null;
        var reportJob = false;
        var reportOnly = false;
        var heapLimit = 3.5;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new FormatException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--sizes": sizes = Ints(Next()); break;
                case "--people": sizes = Ints(Next()); break;
                case "--report-job": reportJob = true; break;
                case "--report-only": reportOnly = true; break;
                case "--seed": seed = Ints(Next())[0]; break;
                case "--exact-max": exactMax = Ints(Next())[0]; break;
                case "--no-igraph": igraph = false; break;
                case "--pivot-sweep": sweep = Ints(Next()); break;
                case "--single-thread": singleThread = true; break;
                case "--repeat": repeat = Ints(Next())[0]; break;
                case "--popularity": popularity = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--exact-cache": exactCache = Next(); break;
                case "--python": Python = Next(); break;
                case "--heap-limit": heapLimit = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--one": one = Ints(Next())[0]; break;
                default: throw new FormatException($"unknown option {args[i]}");
            }
        }

        return new Options(sizes, seed, exactMax, igraph, sweep, singleThread, repeat, popularity, exactCache, one, reportJob, reportOnly, heapLimit);

        static int[] Ints(string s) =>
            s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(x => int.TryParse(x.Replace("_", "", StringComparison.Ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v > 0
                    ? v
                    : throw new FormatException($"not a positive integer: {x}"))
                .ToArray();
    }
}
