using System.Globalization;
using Microsoft.Extensions.Logging;

namespace SurveyNetwork.Benchmarks.Load;

/// <summary>Command-line options of the <c>load</c> subcommand.</summary>
public sealed record LoadOptions
{
    public const string Usage =
        "[--store sqlite|cosmos] [--respondents 5000] [--concurrency 200] [--resubmit 0.2] [--max-resubmits 2] " +
        "[--rounds 7] [--warmup 2000] [--baseline-repeat 3] [--gc server|workstation] [--seed 1] [--fault-at 0.4 --fault-until 0.6] [--fault-status 503|429] [--log-level Error]";

    /// <summary>"sqlite" (embedded, default) or "cosmos" (the local emulator in tools/cosmos-emulator).</summary>
    public string Store { get; init; } = "sqlite";

    /// <summary>Distinct respondents (roster size), each with their own invitation.</summary>
    public int Respondents { get; init; } = 5_000;

    /// <summary>Requests in flight at once (one HTTP connection each).</summary>
    public int Concurrency { get; init; } = 200;

    /// <summary>Share of respondents who answer again after their first answer (sequentially, never concurrently).</summary>
    public double ResubmitShare { get; init; } = 0.2;

    /// <summary>Most extra answers one resubmitting respondent sends.</summary>
    public int MaxResubmits { get; init; } = 2;

    /// <summary>Measured rounds, each a baseline phase then a service phase on a cycle of its own; medians are reported.</summary>
    public int Rounds { get; init; } = 7;

    /// <summary>
    /// The baseline phase sends each round's requests this many times over, so that it lasts about
    /// as long as the service's phase: a phase of a tenth of a second is at the mercy of one
    /// garbage collection or one tiering burst. Its throughput is requests per second either way.
    /// </summary>
    public int BaselineRepeat { get; init; } = 3;

    /// <summary>"server" (what LocalHost ships with, the default) or "workstation" garbage collection.</summary>
    public string Gc { get; init; } = "server";

    /// <summary>Warm-up batch: requests sent to each endpoint per batch until the JIT settles (the service's go to a separate cycle); 0 = none.</summary>
    public int Warmup { get; init; } = 2_000;

    public int Seed { get; init; } = 1;

    /// <summary>Cosmos only: the emulator goes down when this share of the requests has completed (null = no fault).</summary>
    public double? FaultAt { get; init; }

    /// <summary>Cosmos only: the emulator comes back when this share of the requests has completed.</summary>
    public double FaultUntil { get; init; } = 0.6;

    /// <summary>What the emulator answers while down: 503 (unavailable) or 429 (throttled).</summary>
    public int FaultStatus { get; init; } = 503;

    public LogLevel LogLevel { get; init; } = LogLevel.Error;

    public static LoadOptions Parse(string[] args)
    {
        var o = new LoadOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            o = args[i] switch
            {
                "--store" => o with { Store = OneOf(Next(), "--store", "sqlite", "cosmos") },
                "--respondents" => o with { Respondents = Positive(Next(), "--respondents") },
                "--concurrency" => o with { Concurrency = Positive(Next(), "--concurrency") },
                "--resubmit" => o with { ResubmitShare = Share(Next(), "--resubmit") },
                "--max-resubmits" => o with { MaxResubmits = Positive(Next(), "--max-resubmits") },
                "--rounds" => o with { Rounds = Positive(Next(), "--rounds") },
                "--baseline-repeat" => o with { BaselineRepeat = Positive(Next(), "--baseline-repeat") },
                "--gc" => o with { Gc = OneOf(Next(), "--gc", "server", "workstation") },
                "--warmup" => o with { Warmup = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--seed" => o with { Seed = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--fault-at" => o with { FaultAt = Share(Next(), "--fault-at") },
                "--fault-until" => o with { FaultUntil = Share(Next(), "--fault-until") },
                "--fault-status" => o with { FaultStatus = int.Parse(OneOf(Next(), "--fault-status", "503", "429"), CultureInfo.InvariantCulture) },
                "--log-level" => o with { LogLevel = Enum.Parse<LogLevel>(Next(), ignoreCase: true) },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }

        if (o.FaultAt > o.FaultUntil)
        {
            throw new ArgumentException("--fault-until must not come before --fault-at.");
        }

        if (o.FaultAt is not null && o.Store != "cosmos")
        {
            throw new ArgumentException("--fault-at needs --store cosmos (the fault switch is the emulator's).");
        }

        return o;
    }

    private static string OneOf(string value, string name, params string[] allowed) =>
        allowed.Contains(value) ? value : throw new ArgumentException($"{name} is one of {string.Join(", ", allowed)}.");

    private static int Positive(string value, string name) =>
        int.TryParse(value, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new ArgumentException($"{name} must be a positive integer.");

    private static double Share(string value, string name) =>
        double.TryParse(value, CultureInfo.InvariantCulture, out var d) && d is >= 0 and <= 1 ? d : throw new ArgumentException($"{name} must be from 0 to 1.");
}
