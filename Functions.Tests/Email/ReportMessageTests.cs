using Microsoft.Extensions.Configuration;
using MimeKit;
using SurveyNetwork.Domain.Survey;
using SurveyNetwork.Functions.Email;
using SurveyNetwork.Functions.Reports;
using SurveyNetwork.Functions.Security;
using SurveyNetwork.Functions.Storage;
using SurveyNetwork.Functions.Tests.Validation;

namespace SurveyNetwork.Functions.Tests.Email;

/// <summary>
/// The report run's messages: "your profile is ready" to each respondent and "team report
/// published" to the team's report recipients, at a real SMTP server and in the outbox folder,
/// each once however often the run repeats.
/// </summary>
[Collection(MaildevCollection.Name)]
public sealed class ReportMessageTests(MaildevFixture maildev)
{
    /// <summary>p1 to p3 answer; team eng has a report recipient; anonymity threshold 1 so team reports publish.</summary>
    private static async Task PrepareAsync(EmailApp app, string domain)
    {
        await app.SeedAsync(domain);
        var store = app.Get<ISurveyStore>();
        var roster = (await store.GetRosterAsync("acme"))!;
        await store.ReplaceRosterAsync(roster with
        {
            Teams = roster.Teams.Select(t => t.Id == "eng" ? t with { ReportRecipients = [$"lead@{domain}"] } : t).ToArray(),
        });
        var cycle = (await store.GetCycleAsync("acme", "c1"))!;
        await store.ReplaceCycleAsync(cycle with { AnonymityThreshold = 1 });
        foreach (var (id, other) in new[] { ("p1", "p2"), ("p2", "p1"), ("p3", "p4") })
        {
            await store.UpsertSubmissionAsync(new Submission
            {
                OrgId = "acme", CycleId = "c1", RespondentId = id, Contacts = [TestData.Contact(other)], SubmittedAt = app.Time.GetUtcNow(), Version = 1,
            });
        }
    }

    [Fact]
    public async Task Profile_and_team_report_messages_arrive_once_each_at_a_real_smtp_server_however_often_the_run_repeats()
    {
        var domain = $"{Guid.NewGuid():N}.example.org";
        await using var app = new EmailApp(maildev.Configuration().AsEnumerable().ToDictionary(kv => kv.Key, kv => kv.Value));
        await PrepareAsync(app, domain);
        var job = app.Get<ReportJob>();
        var queue = app.Get<EmailDelivery>();

        var first = await job.RunAllAsync();
        Assert.Equal(CycleRunStatus.Published, Assert.Single(first.Cycles).Status);
        Assert.Equal(new EmailDelivery.Drained(4, 0, 0), await queue.DrainAsync(TimeSpan.FromMinutes(1), default));

        // The same inputs again, forced (same report ids), and a retry of the drain: nothing new.
        var cycle = (await app.Get<ISurveyStore>().GetCycleAsync("acme", "c1"))!;
        Assert.Equal(CycleRunStatus.Published, (await job.RunCycleAsync(cycle, force: true)).Status);
        Assert.Equal(CycleRunStatus.Unchanged, Assert.Single((await job.RunAllAsync()).Cycles).Status);
        Assert.Equal(new EmailDelivery.Drained(0, 0, 0), await queue.DrainAsync(TimeSpan.FromMinutes(1), default));

        foreach (var id in new[] { "p1", "p2", "p3" })
        {
            var message = Assert.Single(await maildev.WaitForAsync($"{id}@{domain}", 1));
            Assert.StartsWith("Your network profile is ready", message.GetProperty("subject").GetString(), StringComparison.Ordinal);
            var text = message.GetProperty("text").GetString()!;
            var token = text.Split("/api/survey/profile/page#token=")[1].Split('\n')[0].Trim();
            Assert.Equal(id, app.Get<InvitationTokens>().Validate(token, out _)!.PersonId);
            Assert.Contains("/api/email/unsubscribe?token=", text, StringComparison.Ordinal);
        }

        Assert.Empty(await maildev.MessagesToAsync($"p4@{domain}")); // no address
        var lead = Assert.Single(await maildev.WaitForAsync($"lead@{domain}", 1));
        Assert.Equal("Team report published: Engineering, Spring network survey", lead.GetProperty("subject").GetString());
        var records = await app.Get<IMessageStore>().ListAsync("acme", "c1");
        Assert.Equal(4, records.Count);
        Assert.All(records, r => Assert.Equal((MessageState.Sent, 1), (r.State, r.Attempts)));
        Assert.DoesNotContain(records, r => r.Key.PersonId.Contains(domain, StringComparison.Ordinal)); // no address in the ledger
    }

    [Fact]
    public async Task The_outbox_sender_writes_the_report_messages_once()
    {
        var domain = $"{Guid.NewGuid():N}.example.org";
        var outbox = Path.Combine(Path.GetTempPath(), "surveynetwork-tests", Guid.NewGuid().ToString("N"));
        try
        {
            await using var app = new EmailApp(new Dictionary<string, string?>
            {
                [Settings.EmailSender] = "outbox",
                [Settings.EmailOutboxFolder] = outbox,
                [Settings.EmailFrom] = "surveys@example.org",
            });
            await PrepareAsync(app, domain);
            for (var run = 0; run < 2; run++)
            {
                var cycle = (await app.Get<ISurveyStore>().GetCycleAsync("acme", "c1"))!;
                await app.Get<ReportJob>().RunCycleAsync(cycle, force: true);
                await app.Get<EmailDelivery>().DrainAsync(TimeSpan.FromMinutes(1), default);
            }

            var messages = new List<MimeMessage>();
            foreach (var file in Directory.GetFiles(outbox, "*.eml"))
                messages.Add(await MimeMessage.LoadAsync(file));
            Assert.Equal(4, messages.Count);
            Assert.Equal(["lead", "p1", "p2", "p3"], messages.Select(m => m.To.Mailboxes.Single().Address.Split('@')[0]).Order());
            Assert.Equal(3, messages.Count(m => m.Subject?.StartsWith("Your network profile is ready", StringComparison.Ordinal) == true));
            var profile = messages.First(m => m.Subject?.StartsWith("Your network profile", StringComparison.Ordinal) == true);
            Assert.Equal("List-Unsubscribe=One-Click", profile.Headers["List-Unsubscribe-Post"]!);
            Assert.Contains("/api/email/unsubscribe?token=", profile.Headers[HeaderId.ListUnsubscribe]!, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(outbox))
                Directory.Delete(outbox, recursive: true);
        }
    }
}
