using System.Text.RegularExpressions;
using MimeKit;
using SurveyNetwork.LocalHost;

namespace SurveyNetwork.Functions.Tests.EndToEnd;

/// <summary><c>--demo</c> emails the demo's invitations to the outbox folder and says where.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed partial class DemoOutboxTests
{
    [Fact]
    public async Task Demo_writes_its_invitations_to_the_outbox_folder_and_names_the_folder()
    {
        await using var host = await LocalHostProcess.StartAsync(LocalHostApp.DemoFlag);
        var line = await host.WaitForLineAsync("Invitations", TimeSpan.FromSeconds(120));
        await host.WaitForLineAsync("SIGTERM stops it", TimeSpan.FromSeconds(10));

        var outbox = Path.Combine(host.DataFolder, "outbox");
        Assert.Contains($"outbox folder {outbox}", line, StringComparison.Ordinal);
        var sent = int.Parse(SentCount().Match(line).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var files = Directory.GetFiles(outbox, "*.eml");
        Assert.True(sent > 0, line);
        Assert.Equal(sent, files.Count(f => MimeMessage.Load(f).Subject?.StartsWith("Invitation:", StringComparison.Ordinal) == true));

        var invitation = MimeMessage.Load(files.First(f => MimeMessage.Load(f).Subject?.StartsWith("Invitation:", StringComparison.Ordinal) == true));
        Assert.EndsWith("@demo.example", invitation.To.Mailboxes.Single().Address, StringComparison.Ordinal);
        var token = Token().Match(invitation.TextBody ?? "").Groups[1].Value;
        using var http = new HttpClient();
        var survey = new HttpRequestMessage(HttpMethod.Get, host.BaseUrl + "/api/survey");
        survey.Headers.Authorization = new("Bearer", token);
        Assert.True((await http.SendAsync(survey)).IsSuccessStatusCode, "the emailed link works");
    }

    [GeneratedRegex(@"(\d+) emailed now")]
    private static partial Regex SentCount();

    [GeneratedRegex(@"/api/survey/page#token=([A-Za-z0-9_\-]+)")]
    private static partial Regex Token();
}
