using SurveyNetwork.Domain.Demo;
using SurveyNetwork.Domain.Survey;
using SurveyNetwork.Functions;
using SurveyNetwork.Functions.App;
using SurveyNetwork.Functions.Email;
using SurveyNetwork.Functions.Reports;
using SurveyNetwork.Functions.Security;
using SurveyNetwork.Functions.Storage;

namespace SurveyNetwork.LocalHost;

/// <summary>
/// <c>--demo</c>: loads a generated organization "demo" with an open cycle and answers for most
/// people (once; later runs reuse it), emails the invitations (to the outbox folder by default;
/// demo addresses are under the reserved <c>example</c> domain), then prints a few survey links.
/// </summary>
public static class DemoSeeder
{
    public const string OrgId = "demo";
    public const string CycleId = "demo-cycle";

    public static async Task SeedAsync(IServiceProvider services, string baseUrl, TextWriter output, CancellationToken ct)
    {
        var store = services.GetRequiredService<ISurveyStore>();
        var tokens = services.GetRequiredService<InvitationTokens>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var roster = await store.GetRosterAsync(OrgId, ct);
        var cycle = await store.GetCycleAsync(OrgId, CycleId, ct);
        if (roster is null || cycle is null)
        {
            roster = DemoOrganization.Roster(OrgId, now);
            roster = roster with { People = roster.People.Select(p => p with { Email = $"{p.Id}@demo.example" }).ToArray() };
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
        foreach (var p in roster.ActivePeople.OrderBy(p => answered.Contains(p.Id)).Take(3))
        {
            var token = tokens.Issue(OrgId, CycleId, p.Id, cycle.ClosesAt + Invitations.TokenLifetimeAfterClose);
            output.WriteLine($"  {p.Name,-22} {baseUrl}/api/survey/page#token={token}");
        }

        var email = services.GetRequiredService<EmailQueue>();
        if (email.Enabled)
        {
            var queued = await email.QueueInvitationsAsync(OrgId, CycleId, roster.ActivePeople, null, ct);
            var drained = await email.DrainAsync(TimeSpan.FromMinutes(2), ct);
            output.WriteLine($"Invitations: {drained.Sent} emailed now, {queued.AlreadyQueued} emailed on an earlier run, via {services.GetRequiredService<MessageDispatch>().Describe()}.");
        }

        var run = await services.GetRequiredService<ReportJob>().RunCycleAsync(cycle, force: false, ct);
        var folder = services.GetRequiredService<IConfiguration>()[Settings.ReportFolder];
        output.WriteLine($"Reports: {run.Status.ToString().ToLowerInvariant()}; team pages under {Path.Combine(folder ?? "", OrgId, CycleId)}");
        output.WriteLine($"Cycle status: curl -H \"x-functions-key: <admin key>\" {baseUrl}/api/orgs/{OrgId}/cycles/{CycleId}");
    }
}
