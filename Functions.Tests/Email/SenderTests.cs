using MimeKit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SurveyNetwork.Domain.Survey;
using SurveyNetwork.Functions.Email;
using SurveyNetwork.Functions.Security;
using SurveyNetwork.Functions.Tests.Reports;

namespace SurveyNetwork.Functions.Tests.Email;

internal static class SenderTestData
{
    public static EmailMessage Invitation(string address, string personId = "p1", long slot = 1) => Messages.Invitation(
        new MessageKey("acme", "c1", personId, MessageKind.Invitation, slot),
        new Messages.Context(ReportTestData.Cycle(), new Person(personId, "Ana Silva", "t1", "Eng", 1, "Lisbon", Email: address), "people@example.org", null),
        "https://surveys.example.org/api/survey/page#token=" + personId);

    public static string UniqueAddress() => $"{Guid.NewGuid():N}@example.org";
}

public sealed class OutboxSenderTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "surveynetwork-tests", Guid.NewGuid().ToString("N"), "outbox");

    [Fact]
    public async Task Each_message_is_one_owner_only_eml_file_named_by_its_key()
    {
        var sender = new OutboxFolderSender(_folder, MailboxAddress.Parse("surveys@example.org"));
        var message = SenderTestData.Invitation("ana@example.org");
        await sender.SendAsync(message, default);
        await sender.SendAsync(message, default);
        await sender.SendAsync(SenderTestData.Invitation("bo@example.org", "p2"), default);

        var files = Directory.GetFiles(_folder);
        Assert.Equal(2, files.Length);
        Assert.All(files, f => Assert.EndsWith(".eml", f, StringComparison.Ordinal));
        var path = sender.PathOf(message.Key);
        var mime = await MimeMessage.LoadAsync(path);
        Assert.Equal("ana@example.org", mime.To.Mailboxes.Single().Address);
        Assert.Equal(message.Subject, mime.Subject);
        Assert.Contains("#token=p1", mime.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("#token=p1", mime.TextBody, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(OwnerOnlyFiles.FilePermissions, File.GetUnixFileMode(path));
            Assert.Equal(OwnerOnlyFiles.FolderPermissions, File.GetUnixFileMode(_folder));
        }
    }

    [Fact]
    public void The_setting_chooses_the_sender()
    {
        IEmailSender? Resolve(Dictionary<string, string?> settings)
        {
            var config = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
            return new ServiceCollection().AddEmail(config).BuildServiceProvider().GetService<IEmailSender>();
        }

        Assert.Null(Resolve([]));
        Assert.Null(Resolve(new() { [Settings.EmailSender] = "none" }));
        Assert.IsType<OutboxFolderSender>(Resolve(new() { [Settings.EmailSender] = "outbox", [Settings.EmailOutboxFolder] = _folder, [Settings.EmailFrom] = "s@example.org" }));
        Assert.IsType<SmtpEmailSender>(Resolve(new() { [Settings.EmailSender] = "smtp", [Settings.SmtpHost] = "smtp.example.org", [Settings.EmailFrom] = "s@example.org" }));
        Assert.Throws<InvalidOperationException>(() => Resolve(new() { [Settings.EmailSender] = "pigeon" }));
        Assert.Throws<InvalidOperationException>(() => Resolve(new() { [Settings.EmailSender] = "smtp", [Settings.SmtpHost] = "smtp.example.org" }));
    }

    [Fact]
    public void Plain_smtp_is_refused_for_a_relay_that_is_not_loopback()
    {
        SmtpOptions Options(string host, string tls) => SmtpOptions.From(new ConfigurationBuilder().AddInMemoryCollection(
            new Dictionary<string, string?> { [Settings.SmtpHost] = host, [Settings.SmtpTls] = tls }).Build());

        Assert.Equal(MailKit.Security.SecureSocketOptions.StartTls, Options("smtp.example.org", "").Tls);
        Assert.Equal(MailKit.Security.SecureSocketOptions.SslOnConnect, Options("smtp.example.org", "tls").Tls);
        Assert.Equal(MailKit.Security.SecureSocketOptions.None, Options("127.0.0.1", "none").Tls);
        Assert.Equal(SmtpOptions.DefaultPort, Options("smtp.example.org", "").Port);
        Assert.Contains("loopback", Assert.Throws<InvalidOperationException>(() => Options("smtp.example.org", "none")).Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path.GetDirectoryName(_folder)!, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}

[Collection(MaildevCollection.Name)]
public sealed class SmtpSenderTests(MaildevFixture maildev)
{
    [Fact]
    public async Task A_message_arrives_at_a_real_smtp_server_with_both_parts()
    {
        var address = SenderTestData.UniqueAddress();
        var message = SenderTestData.Invitation(address);
        await using (var sender = new SmtpEmailSender(SmtpOptions.From(maildev.Configuration()), SmtpOptions.Sender(maildev.Configuration())))
        {
            await sender.SendAsync(message, default);
        }

        var received = Assert.Single(await maildev.WaitForAsync(address, 1));
        Assert.Equal(message.Subject, received.GetProperty("subject").GetString());
        Assert.Contains("#token=p1", received.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains("#token=p1", received.GetProperty("html").GetString(), StringComparison.Ordinal);
        Assert.Equal("surveys@example.org", received.GetProperty("from")[0].GetProperty("address").GetString());
        var source = await maildev.SourceAsync(received);
        Assert.Contains($"{message.Key.Digest}@{MimeMessages.MessageIdDomain}", source, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connections_are_reused_across_many_concurrent_messages()
    {
        var address = SenderTestData.UniqueAddress();
        await using (var sender = new SmtpEmailSender(SmtpOptions.From(maildev.Configuration(connections: 3)), SmtpOptions.Sender(maildev.Configuration())))
        {
            await Task.WhenAll(Enumerable.Range(0, 30).Select(i => sender.SendAsync(SenderTestData.Invitation(address, $"p{i}"), default)));
        }

        var received = await maildev.WaitForAsync(address, 30);
        Assert.Equal(30, received.Count);
        Assert.Equal(30, received.Select(m => m.GetProperty("text").GetString()).Distinct().Count());
    }
}
