using SurveyNetwork.Benchmarks.Load;

// Benchmarks are whole-job console timings that print ratios against a baseline measured in the same run.
// Usage: dotnet run -c Release --project Benchmarks -- <subcommand> [options]
return args.FirstOrDefault() switch
{
    "load" => LoadBenchmark.Run(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: SurveyNetwork.Benchmarks load " + LoadOptions.Usage);
    return 2;
}
