using SurveyNetwork.Benchmarks.Analytics;
using SurveyNetwork.Benchmarks.Email;
using SurveyNetwork.Benchmarks.Reports;
using SurveyNetwork.Benchmarks.Load;

// Benchmarks are whole-job console timings that print ratios against a baseline measured in the same run.
// Usage: dotnet run -c Release --project Benchmarks -- <subcommand> [options]
return args.FirstOrDefault() switch
{
    "analytics" => AnalyticsBenchmark.Run(args[1..]),
    "reports" => ReportsBenchmark.Run(args[1..]),
    "report-job" => ReportJobBenchmark.Run(args[1..]),
    "queue" => QueueBenchmark.Run(args[1..]),
    "load" => LoadBenchmark.Run(args[1..]),
    "email" => EmailBenchmark.Run(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: SurveyNetwork.Benchmarks analytics [--sizes 1000,5000,10000,50000] [--seed N] [--exact-max N] [--no-igraph] [--python PATH] [--repeat N] [--single-thread] [--pivot-sweep 250,500,1000,2000] [--people N] [--report-job] [--heap-limit GB]");
    Console.Error.WriteLine("       SurveyNetwork.Benchmarks reports [demo <folder> [--k N]] [--sizes 1000,10000]");
    Console.Error.WriteLine("       SurveyNetwork.Benchmarks report-job [--people 10000] [--seed N] [--popularity S] [--repeat 3] [--keep]");
    Console.Error.WriteLine("       SurveyNetwork.Benchmarks " + QueueBenchmark.Usage);
    Console.Error.WriteLine("       SurveyNetwork.Benchmarks load " + LoadOptions.Usage);
    Console.Error.WriteLine("       SurveyNetwork.Benchmarks " + EmailBenchmark.Usage);
    return 2;
}
