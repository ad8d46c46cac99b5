using System.Diagnostics;
using System.Globalization;
using SurveyNetwork.Benchmarks.Analytics;
using SurveyNetwork.Domain.Demo;
using SurveyNetwork.Domain.Network;
using SurveyNetwork.Domain.Reports.Analysis;
using SurveyNetwork.Domain.Reports.Rendering;
using SurveyNetwork.Domain.Survey;

namespace SurveyNetwork.Benchmarks.Reports;

/// <summary>
/// "reports demo &lt;folder&gt; [--k N]" renders the demo organization's reports (every format) into a
/// folder, with anonymity threshold N (5 by default; 6 leaves some demo teams under it);
/// "reports [--sizes 1000,10000]" times the whole report job on synthetic organizations — analyze,
/// the organization report and every team report in every format — and prints it as a ratio to the
/// analytics engine alone on the same network, measured in the same run; "team cpu ms" is the CPU time
/// of one team report in every format (single-threaded; ReportAnalysis may be shared across threads).
/// </summary>
internal static class ReportsBenchmark
{
    public static int Run(string[] args)
    {
        if (args.FirstOrDefault() == "demo")
        {
            var k = args.SkipWhile(a => a != "--k").Skip(1).FirstOrDefault() is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : 5;
            var folder = args.Length > 1 && !args[1].StartsWith("--", StringComparison.Ordinal) ? args[1] : Path.Combine(Path.GetTempPath(), "surveynetwork-demo-reports");
            return Demo(folder, k);
        }

        var sizes = args.SkipWhile(a => a != "--sizes").Skip(1).FirstOrDefault()?.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray() ?? [1000, 10000];
        Console.WriteLine("people  teams  engine s  analyze s  org s  teams s  formats s  total s  total/engine  team cpu ms  KiB/team html");
        foreach (var n in sizes)
        {
            var (roster, submissions) = SyntheticOrganization.Generate(n, 42, 1.0);
            roster = roster with { People = roster.People.Select((p, i) => p with { Performance = 1 + (i * 7919 % 100) / 25.0 }).ToArray() };
            var cycle = new Cycle { OrgId = "org", Id = "cycle", Title = "Synthetic", OpensAt = roster.UpdatedAt.AddDays(-14), ClosesAt = roster.UpdatedAt.AddDays(1) };
            var inputs = new ReportInputs(roster, cycle, submissions);

            var clock = Stopwatch.StartNew();
            NetworkAnalysis.Compute(NetworkGraphBuilder.FromSurvey(roster, submissions));
            var engine = clock.Elapsed.TotalSeconds;

            clock.Restart();
            var analysis = ReportBuilder.Analyze(inputs);
            var analyze = clock.Elapsed.TotalSeconds;

            clock.Restart();
            var org = ReportBuilder.BuildOrganization(analysis);
            long bytes = ReportFormats.Html(org).Length + ReportFormats.Json(org).Length + ReportFormats.GraphMl(org).Length + ReportFormats.CsvEdges(org).Length;
            var orgTime = clock.Elapsed.TotalSeconds;

            clock.Restart();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var teams = analysis.TeamIds.Select(t => ReportBuilder.BuildTeam(analysis, t)).ToArray();
            var teamTime = clock.Elapsed.TotalSeconds;

            clock.Restart();
            long html = 0;
            foreach (var t in teams)
            {
                var page = ReportFormats.Html(t);
                html += page.Length;
                bytes += page.Length + ReportFormats.Json(t).Length + ReportFormats.GraphMl(t).Length + ReportFormats.CsvEdges(t).Length;
            }

            var formats = clock.Elapsed.TotalSeconds;
            var perTeam = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / teams.Length;

            var total = analyze + orgTime + teamTime + formats;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{n,6}  {teams.Length,5}  {engine,8:F2}  {analyze,9:F2}  {orgTime,5:F2}  {teamTime,7:F2}  {formats,9:F2}  {total,7:F2}  {total / engine,12:F2}  {perTeam,11:F1}  {html / 1024.0 / teams.Length,13:F1}"));
            GC.KeepAlive(bytes);
        }

        return 0;
    }

    private static int Demo(string folder, int k)
    {
        Directory.CreateDirectory(folder);
        var at = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
        var roster = DemoOrganization.Roster("acme", at);
        var cycle = new Cycle { OrgId = "acme", Id = "2026-q1", Title = "Spring 2026 network survey", OpensAt = at.AddDays(-14), ClosesAt = at, CreatedAt = at.AddDays(-20), AnonymityThreshold = k };
        var previousCycle = cycle with { Id = "2025-q3", Title = "Autumn 2025 network survey", OpensAt = at.AddDays(-200), ClosesAt = at.AddDays(-186), CreatedAt = at.AddDays(-210) };
        var previous = new PreviousCycle(previousCycle, roster, DemoOrganization.Answers(roster, previousCycle.Id, at.AddDays(-190), seed: 7, responseRate: 0.75));
        var inputs = new ReportInputs(roster, cycle, DemoOrganization.Answers(roster, cycle.Id, at.AddDays(-3)), previous);
        var analysis = ReportBuilder.Analyze(inputs);
        var org = ReportBuilder.BuildOrganization(analysis);
        File.WriteAllBytes(Path.Combine(folder, "organization.html"), ReportFormats.Html(org));
        File.WriteAllBytes(Path.Combine(folder, "organization.json"), ReportFormats.Json(org));
        File.WriteAllBytes(Path.Combine(folder, "organization.graphml"), ReportFormats.GraphMl(org));
        File.WriteAllBytes(Path.Combine(folder, "organization.csv"), ReportFormats.CsvEdges(org));
        foreach (var teamId in analysis.TeamIds)
        {
            var team = ReportBuilder.BuildTeam(analysis, teamId);
            File.WriteAllBytes(Path.Combine(folder, $"team-{teamId}.html"), ReportFormats.Html(team));
            File.WriteAllBytes(Path.Combine(folder, $"team-{teamId}.json"), ReportFormats.Json(team));
            File.WriteAllBytes(Path.Combine(folder, $"team-{teamId}.graphml"), ReportFormats.GraphMl(team));
            File.WriteAllBytes(Path.Combine(folder, $"team-{teamId}.csv"), ReportFormats.CsvEdges(team));
            Console.WriteLine($"{teamId}: {team.Coverage.Respondents}/{team.Coverage.Members} respondents, {(team.Published ? "published" : "coverage only")}");
        }

        var person = inputs.Submissions[0].RespondentId;
        var profile = ReportBuilder.BuildProfile(analysis, person);
        File.WriteAllBytes(Path.Combine(folder, "profile.html"), ReportFormats.Html(profile));
        File.WriteAllBytes(Path.Combine(folder, "profile.json"), ReportFormats.Json(profile));
        Console.WriteLine($"written to {folder}");
        return 0;
    }
}
