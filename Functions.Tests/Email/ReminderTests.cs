using Microsoft.Extensions.Configuration;
using SurveyNetwork.Domain.Survey;
using SurveyNetwork.Functions.Email;
using SurveyNetwork.Functions.Storage;
using SurveyNetwork.Functions.Tests.Validation;

namespace SurveyNetwork.Functions.Tests.Email;

/// <summary>Reminders on the cycle's days before closing, to a real SMTP server: never after answering or closing, at most the set number.</summary>
[Collection(MaildevCollection.Name)]
public sealed class ReminderTests(MaildevFixture maildev)
{
    private static Task AnswerAsync(EmailApp app, string personId) => app.Get<ISurveyStore>().UpsertSubmissionAsync(new Submission
    {
        OrgId = "acme",
        CycleId = "c1",
        RespondentId = personId,
        Contacts = [TestData.Contact("p4")],
        SubmittedAt = app.Time.GetUtcNow(),
        Version = 1,
    });

    [Fact]
    public async Task People_who_have_not_answered_are_reminded_on_the_set_days_at_most_the_set_number_of_times()
    {
        var domain = $"{Guid.NewGuid():N}.example.org";
        await using var app = new EmailApp(maildev.Configuration().AsEnumerable().ToDictionary(kv => kv.Key, kv => kv.Value));
        await app.SeedAsync(domain, new CycleOptions { ReminderDays = [7, 3, 1], MaxReminders = 2 });
        var queue = app.Get<EmailDelivery>();
        var close = TestData.Cycle().ClosesAt;
        await app.InviteByEmailAsync();
        Assert.Equal(3, (await queue.DrainAsync(TimeSpan.FromMinutes(1), default)).Sent);
        await AnswerAsync(app, "p1");

        Assert.Equal(0, await queue.QueueRemindersAsync(default)); // 10 days before closing

        app.Time.SetUtcNow(close.AddDays(-7).AddHours(1));
        Assert.Equal(2, await queue.QueueRemindersAsync(default)); // p2, p3
        Assert.Equal(0, await queue.QueueRemindersAsync(default));
        await AnswerAsync(app, "p2"); // answers before the reminder goes out
        Assert.Equal(new EmailDelivery.Drained(1, 0, 1), await queue.DrainAsync(TimeSpan.FromMinutes(1), default));

        app.Time.SetUtcNow(close.AddDays(-3).AddHours(1));
        Assert.Equal(1, await queue.QueueRemindersAsync(default)); // p3 only
        Assert.Equal(1, (await queue.DrainAsync(TimeSpan.FromMinutes(1), default)).Sent);

        app.Time.SetUtcNow(close.AddDays(-1).AddHours(1));
        Assert.Equal(0, await queue.QueueRemindersAsync(default)); // p3 had the 2 allowed

        app.Time.SetUtcNow(close.AddHours(1));
        Assert.Equal(0, await queue.QueueRemindersAsync(default));

        Assert.Single(await maildev.WaitForAsync($"p1@{domain}", 1));
        Assert.Single(await maildev.WaitForAsync($"p2@{domain}", 1));
        var p3 = await maildev.WaitForAsync($"p3@{domain}", 3);
        Assert.Equal(3, p3.Count);
        Assert.Equal(2, p3.Count(m => m.GetProperty("subject").GetString()!.StartsWith("Reminder:", StringComparison.Ordinal)));
        var p2Reminder = (await app.Get<IMessageStore>().GetAsync(new MessageKey("acme", "c1", "p2", MessageKind.Reminder, 7)))!;
        Assert.Equal((MessageState.Failed, "The person answered."), (p2Reminder.State, p2Reminder.LastError));
    }

    [Fact]
    public async Task A_timer_that_missed_days_sends_one_reminder_for_the_nearest_day()
    {
        var domain = $"{Guid.NewGuid():N}.example.org";
        await using var app = new EmailApp(maildev.Configuration().AsEnumerable().ToDictionary(kv => kv.Key, kv => kv.Value));
        await app.SeedAsync(domain);
        var queue = app.Get<EmailDelivery>();
        await app.InviteByEmailAsync();
        await queue.DrainAsync(TimeSpan.FromMinutes(1), default);

        app.Time.SetUtcNow(TestData.Cycle().ClosesAt.AddDays(-2));
        Assert.Equal(3, await queue.QueueRemindersAsync(default));
        var records = await app.Get<IMessageStore>().ListAsync("acme", "c1");
        Assert.All(records.Where(r => r.Key.Kind == MessageKind.Reminder), r => Assert.Equal(3, r.Key.Slot));
    }
}
