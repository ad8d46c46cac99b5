using SurveyNetwork.Domain.Demo;
using SurveyNetwork.Domain.Survey;
using SurveyNetwork.Functions;
using SurveyNetwork.Functions.App;
using SurveyNetwork.Functions.Reports;
using SurveyNetwork.Functions.Storage;

namespace SurveyNetwork.LocalHost;

/// <summary>
/// <c>--demo</c>: loads a generated organization "demo" with an open cycle and answers for most
/// people (once; later runs reuse it), then prints a few survey links.
/// </summary>
public static class DemoSeeder
{
    public const string OrgId = "demo";
    public const string CycleId = "demo-cycle";

    public static async Task SeedAsync(IServiceProvider services, string baseUrl, TextWriter output, CancellationToken ct)
    {
        var store = services.GetRequiredService<ISurveyStore>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var roster = await store.GetRosterAsync(OrgId, ct);
        var cycle = await store.GetCycleAsync(OrgId, CycleId, ct);
        if (roster is null || cycle is null)
        {
            roster = DemoOrganization.Roster(OrgId, now);
            await store.ReplaceRosterAsync(roster, ct);
            cycle = await store.CreateCycleAsync(new Cycle
            {
                OrgId = OrgId,
                Id = CycleId,
                Title = "Demo network survey",
                OpensAt = now.AddDays(-7),
                ClosesAt = now.AddDays(21),
                CreatedAt = now,
            }, ct);
            foreach (var s in DemoOrganization.Answers(roster, CycleId, now))
            {
                await store.UpsertSubmissionAsync(s, ct);
            }

            output.WriteLine($"Demo organization '{OrgId}' seeded: {roster.People.Count} people in {roster.Teams.Count} teams, cycle '{CycleId}'.");
        }
        else
        {
            output.WriteLine($"Demo organization '{OrgId}' already seeded.");
        }

        var answered = (await store.ListSubmissionsAsync(OrgId, CycleId, ct)).Select(s => s.RespondentId).ToHashSet();
        var rates = ResponseRates.Count(roster, answered);
        output.WriteLine($"Responses: {rates.Respondents} of {rates.People} ({rates.ResponseRate:P0}).");
        output.WriteLine("Survey links (open one in a browser):");
        var shown = roster.ActivePeople.OrderBy(p => answered.Contains(p.Id)).Take(3).Select(p => p.Id).ToArray();
        // Issued like any invitation, so the cycle's status counts them.
        var issued = await services.GetRequiredService<Invitations>().IssueAsync(OrgId, CycleId, shown, ct);
        foreach (var t in issued.Succeeded ? issued.Value.Tokens : [])
        {
            output.WriteLine($"  {t.Person.Name,-22} {baseUrl}/api/survey/page#token={t.Value}");
        }

        var run = await services.GetRequiredService<ReportJob>().RunCycleAsync(cycle, force: false, ct);
        var folder = services.GetRequiredService<IConfiguration>()[Settings.ReportFolder];
        output.WriteLine($"Reports: {run.Status.ToString().ToLowerInvariant()}; team pages under {Path.Combine(folder ?? "", OrgId, CycleId)}");
        output.WriteLine($"Cycle status: curl -H \"x-functions-key: <admin key>\" {baseUrl}/api/orgs/{OrgId}/cycles/{CycleId}");
    }
}
