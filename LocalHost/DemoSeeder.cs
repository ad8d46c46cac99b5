using SurveyNetwork.Domain.Demo;
using SurveyNetwork.Domain.Survey;
using SurveyNetwork.Functions;
using SurveyNetwork.Functions.App;
using SurveyNetwork.Functions.Email;
using SurveyNetwork.Functions.Reports;
using SurveyNetwork.Functions.Storage;

namespace SurveyNetwork.LocalHost;

/// <summary>
/// <c>--demo</c>: loads a generated organization "demo" with an open cycle and answers for most
/// people, and a closed cycle half a year earlier that the open one follows (so its reports show
/// change since the last cycle) — once; later runs reuse them — emails the invitations (to the outbox folder by default;
/// demo addresses are under the reserved <c>example</c> domain), publishes its reports, and prints
/// where to look: the report pages and a few survey links. The links are working credentials, so
/// they are printed only on a terminal; otherwise they go to an owner-only file whose path is printed instead.
/// </summary>
public static class DemoSeeder
{
    public const string OrgId = "demo";
    public const string CycleId = "demo-cycle";

    /// <summary>The closed cycle <see cref="CycleId"/> follows, with fewer answers, for "change since the last cycle".</summary>
    public const string PreviousCycleId = "demo-previous";

    /// <summary>The file in the data folder that holds the demo's survey links when output is redirected.</summary>
    public const string LinksFile = "demo-links.txt";

    public static async Task SeedAsync(IServiceProvider services, string baseUrl, TextWriter output, CancellationToken ct, bool toTerminal = false)
    {
        var store = services.GetRequiredService<ISurveyStore>();
        var config = services.GetRequiredService<IConfiguration>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var roster = await store.GetRosterAsync(OrgId, ct);
        var cycle = await store.GetCycleAsync(OrgId, CycleId, ct);
        var seeded = roster is null || cycle is null;
        if (seeded)
        {
            roster = DemoOrganization.Roster(OrgId, now);
            roster = roster with { People = roster.People.Select(p => p with { Email = $"{p.Id}@demo.example" }).ToArray() };
            await store.ReplaceRosterAsync(roster, ct);
            var previous = await store.GetCycleAsync(OrgId, PreviousCycleId, ct) ?? await store.CreateCycleAsync(new Cycle
            {
                OrgId = OrgId,
                Id = PreviousCycleId,
                Title = "Demo network survey, autumn",
                Options = new CycleOptions { AskEnergy = true },
                OpensAt = now.AddDays(-200),
                ClosesAt = now.AddDays(-180),
                CreatedAt = now.AddDays(-201),
            }, ct);
            foreach (var s in DemoOrganization.Answers(roster, PreviousCycleId, now.AddDays(-190), seed: 7, responseRate: 0.7))
            {
                await store.UpsertSubmissionAsync(s, ct);
            }

            await services.GetRequiredService<ReportJob>().RunCycleAsync(previous, force: false, ct);
            cycle = await store.CreateCycleAsync(new Cycle
            {
                OrgId = OrgId,
                Id = CycleId,
                Title = "Demo network survey",
                Options = new CycleOptions { AskEnergy = true },
                OpensAt = now.AddDays(-7),
                ClosesAt = now.AddDays(21),
                CreatedAt = now,
                PreviousCycleId = PreviousCycleId,
            }, ct);
            foreach (var s in DemoOrganization.Answers(roster, CycleId, now))
            {
                await store.UpsertSubmissionAsync(s, ct);
            }
        }

        var answered = (await store.ListSubmissionsAsync(OrgId, CycleId, ct)).Select(s => s.RespondentId).ToHashSet();
        var rates = ResponseRates.Count(roster!, answered);
        var email = services.GetRequiredService<EmailDelivery>();
        string? emailed = null;
        if (email.Enabled)
        {
            var queued = await email.QueueInvitationsAsync(OrgId, CycleId, roster!.ActivePeople, null, ct);
            var drained = await email.DrainAsync(TimeSpan.FromMinutes(2), ct);
            emailed = $"{drained.Sent} emailed now, {queued.AlreadyQueued} on an earlier run, via {services.GetRequiredService<MessageDispatch>().Describe()}";
        }

        var run = await services.GetRequiredService<ReportJob>().RunCycleAsync(cycle!, force: false, ct);

        var cycleUrl = $"{baseUrl}/api/orgs/{OrgId}/cycles/{CycleId}";
        output.WriteLine($"Demo organization '{OrgId}' {(seeded ? "seeded" : "already seeded")}: {roster!.People.Count} people in {roster.Teams.Count} teams, "
            + $"cycle '{CycleId}' (after '{PreviousCycleId}', so reports show change since the last cycle), {rates.Respondents} answered ({rates.ResponseRate:P0}); reports {run.Status.ToString().ToLowerInvariant()}.");
        output.WriteLine($"  Organization report  {cycleUrl}/report?format=html");
        output.WriteLine($"  Team report          {cycleUrl}/teams/{LargestTeam(roster)}/report?format=html");
        output.WriteLine("                       (admin routes: add &code=<admin key>, or send it as x-functions-key)");
        output.WriteLine($"  Report files         {Path.Combine(config[Settings.ReportFolder] ?? "", OrgId, CycleId)}");
        if (emailed is not null)
        {
            output.WriteLine($"  Invitations          {emailed}");
        }

        var shown = roster.ActivePeople.OrderBy(p => answered.Contains(p.Id)).Take(3).Select(p => p.Id).ToArray();
        // Issued like any invitation, so the cycle's status counts them.
        var issued = await services.GetRequiredService<Invitations>().IssueAsync(OrgId, CycleId, shown, ct);
        var links = (issued.Succeeded ? issued.Value.Tokens : [])
            .Select(t => $"{t.Person.Name,-22} {baseUrl}/api/survey/page#token={t.Value}")
            .ToArray();
        if (toTerminal)
        {
            output.WriteLine("  Survey links (open one in a browser):");
            foreach (var link in links)
            {
                output.WriteLine($"    {link}");
            }
        }
        else
        {
            var path = Path.Combine(config[LocalHostApp.DataFolderSetting] ?? ".", LinksFile);
            WriteOwnerOnly(path, links);
            output.WriteLine($"  Survey links         not shown because output is redirected; {links.Length} are in {path} (owner-only)");
        }
    }

    /// <summary>The team with the most active people: the one most likely to be over the anonymity threshold.</summary>
    private static string LargestTeam(Roster roster) =>
        roster.Teams.OrderByDescending(t => roster.ActivePeople.Count(p => p.TeamId == t.Id)).ThenBy(t => t.Id, StringComparer.Ordinal).First().Id;

    /// <summary>Writes the lines to a file that only its owner can read, from the moment it exists.</summary>
    private static void WriteOwnerOnly(string path, IEnumerable<string> lines)
    {
        File.Delete(path);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var writer = new StreamWriter(path, options);
        foreach (var line in lines)
        {
            writer.WriteLine(line);
        }
    }
}
