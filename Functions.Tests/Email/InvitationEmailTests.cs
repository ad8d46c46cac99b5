using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using SurveyNetwork.Domain.Survey;
using SurveyNetwork.Functions.App;
using SurveyNetwork.Functions.Email;
using SurveyNetwork.Functions.Hosting;
using SurveyNetwork.Functions.Security;
using SurveyNetwork.Functions.Storage;
using SurveyNetwork.Functions.Tests.Validation;

namespace SurveyNetwork.Functions.Tests.Email;

/// <summary>The app wired as in production over SQLite, with the given email settings, at <see cref="TestData.Now"/>.</summary>
internal sealed class EmailApp : IAsyncDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "surveynetwork-tests", Guid.NewGuid().ToString("N"));
    private readonly ServiceProvider _services;

    public EmailApp(IReadOnlyDictionary<string, string?> email)
    {
        var settings = new Dictionary<string, string?>(email)
        {
            [Settings.StoreKind] = "sqlite",
            [Settings.SqlitePath] = Path.Combine(_folder, "store.db"),
            [Settings.TokenSigningKey] = InvitationTokens.NewKey(),
            [Settings.PublicBaseUrl] = "https://surveys.example.org",
            [Settings.EmailContact] = "People team <people@example.org>",
            [Settings.ReportFolder] = Path.Combine(_folder, "reports"),
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        _services = new ServiceCollection()
            .AddSingleton<TimeProvider>(Time)
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddSurveyNetwork(configuration)
            .BuildServiceProvider();
    }

    public FakeTimeProvider Time { get; } = new(TestData.Now);

    public string Folder => _folder;

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    /// <summary>Initializes the stores and stores the test roster — p1 to p3 with addresses, p4 without, p5 inactive — and cycle c1.</summary>
    public async Task SeedAsync(string domain, CycleOptions? options = null)
    {
        await Get<ISurveyStore>().InitializeAsync();
        await Get<IReportStore>().InitializeAsync();
        await Get<IMessageStore>().InitializeAsync();
        var roster = TestData.Roster();
        roster = roster with { People = roster.People.Select(p => p.Id == "p4" ? p : p with { Email = $"{p.Id}@{domain}" }).ToArray() };
        await Get<ISurveyStore>().ReplaceRosterAsync(roster);
        await Get<ISurveyStore>().CreateCycleAsync(TestData.Cycle(options: options) with { Title = "Spring network survey" });
    }

    public async Task<EmailDelivery.Queued> InviteByEmailAsync(string? contact = null)
    {
        var issued = await Get<Invitations>().IssueAsync("acme", "c1", null, default);
        return await Get<EmailDelivery>().QueueInvitationsAsync("acme", "c1", issued.Value!.Tokens.Select(t => t.Person), contact, default);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

[Collection(MaildevCollection.Name)]
public sealed class InvitationEmailTests(MaildevFixture maildev)
{
    private static readonly Regex TokenInLink = new("#token=([A-Za-z0-9_.\\-]+)", RegexOptions.CultureInvariant);

    private Dictionary<string, string?> Smtp() => maildev.Configuration().AsEnumerable().ToDictionary(kv => kv.Key, kv => kv.Value);

    [Fact]
    public async Task Invitations_are_queued_then_sent_by_the_timer_once_each_to_a_real_smtp_server()
    {
        var domain = $"{Guid.NewGuid():N}.example.org";
        await using var app = new EmailApp(Smtp());
        await app.SeedAsync(domain);

        var queued = await app.InviteByEmailAsync();
        Assert.Equal(new EmailDelivery.Queued(3, 0, 1), queued);
        Assert.Equal(new EmailDelivery.Queued(0, 3, 1), await app.InviteByEmailAsync());

        var drained = await app.Get<EmailDelivery>().DrainAsync(TimeSpan.FromMinutes(1), default);
        Assert.Equal(new EmailDelivery.Drained(3, 0, 0), drained);
        Assert.Equal(new EmailDelivery.Drained(0, 0, 0), await app.Get<EmailDelivery>().DrainAsync(TimeSpan.FromMinutes(1), default));

        foreach (var (id, name) in new[] { ("p1", "Ana Silva"), ("p2", "Ben Okafor"), ("p3", "Chloé Martin") })
        {
            var message = Assert.Single(await maildev.WaitForAsync($"{id}@{domain}", 1));
            Assert.Contains("Spring network survey", message.GetProperty("subject").GetString(), StringComparison.Ordinal);
            var text = message.GetProperty("text").GetString()!;
            Assert.Contains($"Hello {name},", text, StringComparison.Ordinal);
            Assert.Contains("People team <people@example.org>", text, StringComparison.Ordinal);
            Assert.Contains("UTC", text, StringComparison.Ordinal);
            Assert.Contains("https://surveys.example.org/api/survey/page#token=", text, StringComparison.Ordinal);
            var token = TokenInLink.Match(text).Groups[1].Value;
            var claims = app.Get<InvitationTokens>().Validate(token, out _);
            Assert.Equal(("acme", "c1", id), (claims!.OrgId, claims.CycleId, claims.PersonId));
        }

        Assert.Empty(await maildev.MessagesToAsync($"p5@{domain}"));
        var records = await app.Get<IMessageStore>().ListAsync("acme", "c1");
        Assert.Equal(3, records.Count);
        Assert.All(records, r => Assert.Equal(MessageState.Sent, r.State));
    }

    [Fact]
    public async Task A_person_who_lost_their_address_before_sending_gets_nothing_and_the_record_says_why()
    {
        var domain = $"{Guid.NewGuid():N}.example.org";
        await using var app = new EmailApp(Smtp());
        await app.SeedAsync(domain);
        await app.InviteByEmailAsync("Jo <jo@example.org>");
        var roster = (await app.Get<ISurveyStore>().GetRosterAsync("acme"))!;
        await app.Get<ISurveyStore>().ReplaceRosterAsync(roster with { People = roster.People.Select(p => p.Id == "p2" ? p with { Email = null } : p).ToArray() });
        app.Time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(new EmailDelivery.Drained(2, 0, 1), await app.Get<EmailDelivery>().DrainAsync(TimeSpan.FromMinutes(1), default));

        Assert.Empty(await maildev.MessagesToAsync($"p2@{domain}"));
        Assert.Contains("Jo <jo@example.org>", Assert.Single(await maildev.WaitForAsync($"p1@{domain}", 1)).GetProperty("text").GetString(), StringComparison.Ordinal);
        var p2 = (await app.Get<IMessageStore>().GetAsync(new MessageKey("acme", "c1", "p2", MessageKind.Invitation, EmailDelivery.InvitationSlot)))!;
        Assert.Equal((MessageState.Failed, "The person has no email address."), (p2.State, p2.LastError));
    }

    [Fact]
    public async Task The_outbox_sender_writes_the_invitations_as_eml_files()
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
            await app.SeedAsync(domain);
            await app.InviteByEmailAsync();
            await app.Get<EmailDelivery>().DrainAsync(TimeSpan.FromMinutes(1), default);

            var files = Directory.GetFiles(outbox, "*.eml");
            Assert.Equal(3, files.Length);
            var recipients = new List<string>();
            foreach (var file in files)
            {
                var mime = await MimeMessage.LoadAsync(file);
                recipients.Add(mime.To.Mailboxes.Single().Address);
                Assert.Contains("#token=", mime.HtmlBody, StringComparison.Ordinal);
            }

            Assert.Equal(["p1", "p2", "p3"], recipients.Select(r => r.Split('@')[0]).Order());
        }
        finally
        {
            Directory.Delete(outbox, recursive: true);
        }
    }

    [Fact]
    public async Task Without_a_sender_nothing_is_sent_and_sending_is_not_offered()
    {
        await using var app = new EmailApp(new Dictionary<string, string?>());
        await app.SeedAsync("example.org");
        Assert.False(app.Get<EmailDelivery>().Enabled);
        Assert.Equal(new EmailDelivery.Drained(0, 0, 0), await app.Get<EmailDelivery>().DrainAsync(TimeSpan.FromMinutes(1), default));
    }
}
