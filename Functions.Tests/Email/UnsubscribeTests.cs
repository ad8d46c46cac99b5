using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using SurveyNetwork.Functions.Email;
using SurveyNetwork.Functions.Storage;
using SurveyNetwork.Functions.Tests.EndToEnd;

namespace SurveyNetwork.Functions.Tests.Email;

/// <summary>
/// Over HTTP on LocalHost (outbox sender): invitations with <c>"send": true</c>, the one-click
/// "no more reminders" link of every message, and a tampered link refused with problem+json.
/// </summary>
public sealed class UnsubscribeTests
{
    private static JsonNode Roster => JsonNode.Parse("""
        {"teams":[{"id":"eng","name":"Engineering"},{"id":"ops","name":"Operations"}],
         "people":[
          {"id":"p1","name":"Ana Silva","teamId":"eng","function":"Engineering","level":3,"location":"Lisbon","email":"p1@example.org"},
          {"id":"p2","name":"Ben Okafor","teamId":"eng","function":"Engineering","level":2,"location":"Lisbon","email":"p2@example.org"},
          {"id":"p3","name":"Chloé Martin","teamId":"ops","function":"Operations","level":2,"location":"Berlin","email":"p3@example.org"},
          {"id":"p4","name":"Dmitri Petrov","teamId":"ops","function":"Operations","level":1,"location":"Berlin"}]}
        """)!;

    /// <summary>Roster with addresses, a cycle closing in two days (so the 3-day reminder is due), invitations sent over HTTP.</summary>
    private static async Task<Dictionary<string, MimeMessage>> InviteAsync(LocalHostServer server)
    {
        (await server.AdminAsync(HttpMethod.Put, "orgs/acme/roster", Roster)).EnsureSuccessStatusCode();
        var cycle = JsonNode.Parse($$"""{"id":"c1","title":"Spring survey","closesAt":"{{DateTimeOffset.UtcNow.AddDays(2):O}}"}""");
        (await server.AdminAsync(HttpMethod.Post, "orgs/acme/cycles", cycle)).EnsureSuccessStatusCode();
        var response = await server.AdminAsync(HttpMethod.Post, "orgs/acme/cycles/c1/invitations", new { send = true, contact = "Jo <jo@example.org>" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(4, body["count"]!.GetValue<int>());
        Assert.Equal(3, body["email"]!["queued"]!.GetValue<int>());
        Assert.Equal(1, body["email"]!["withoutAddress"]!.GetValue<int>());

        Assert.Equal(3, (await server.Services.GetRequiredService<EmailDelivery>().DrainAsync(TimeSpan.FromMinutes(1), default)).Sent);
        var messages = new Dictionary<string, MimeMessage>();
        foreach (var file in Directory.GetFiles(Path.Combine(server.DataFolder, "outbox"), "*.eml"))
        {
            var message = await MimeMessage.LoadAsync(file);
            messages[message.To.Mailboxes.Single().Address.Split('@')[0]] = message;
        }

        return messages;
    }

    private static string UnsubscribeLink(MimeMessage message) => message.Headers[HeaderId.ListUnsubscribe]!.Trim('<', '>');

    [Fact]
    public async Task Invitations_sent_over_http_carry_a_one_click_link_that_stops_reminders_without_the_admin()
    {
        await using var server = await LocalHostServer.StartAsync();
        var messages = await InviteAsync(server);
        Assert.Equal(["p1", "p2", "p3"], messages.Keys.Order());
        Assert.Contains("Jo <jo@example.org>", messages["p1"].TextBody, StringComparison.Ordinal);
        Assert.Equal("List-Unsubscribe=One-Click", messages["p2"].Headers["List-Unsubscribe-Post"]);
        var link = UnsubscribeLink(messages["p2"]);
        Assert.StartsWith(server.BaseUrl.TrimEnd('/') + "/api/email/unsubscribe?token=", link, StringComparison.Ordinal);
        Assert.Contains(link, messages["p2"].TextBody, StringComparison.Ordinal);

        using var anonymous = new HttpClient();
        var page = await anonymous.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<form method=\"post\"", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var opt = ReminderOptOut.Key("acme", "c1", "p2");
        Assert.Null(await server.Services.GetRequiredService<IMessageStore>().GetAsync(opt)); // looking changes nothing

        // What a mail client sends for List-Unsubscribe-Post (RFC 8058), twice.
        for (var i = 0; i < 2; i++)
        {
            var oneClick = await anonymous.PostAsync(link, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
            Assert.Equal(HttpStatusCode.OK, oneClick.StatusCode);
        }

        Assert.NotNull(await server.Services.GetRequiredService<IMessageStore>().GetAsync(opt));
        var delivery = server.Services.GetRequiredService<EmailDelivery>();
        Assert.Equal(2, await delivery.QueueRemindersAsync(default)); // p1 and p3, not p2
        var reminders = (await server.Services.GetRequiredService<IMessageStore>().ListAsync("acme", "c1"))
            .Where(r => r.Key.Kind == MessageKind.Reminder).Select(r => r.Key.PersonId).Order();
        Assert.Equal(["p1", "p3"], reminders);
        Assert.Equal(2, (await delivery.DrainAsync(TimeSpan.FromMinutes(1), default)).Sent);
    }

    [Fact]
    public async Task A_tampered_or_misused_unsubscribe_link_is_refused_with_problem_json()
    {
        await using var server = await LocalHostServer.StartAsync();
        var messages = await InviteAsync(server);
        var link = UnsubscribeLink(messages["p1"]);
        var at = link.IndexOf("token=", StringComparison.Ordinal) + 12;
        var tampered = link[..at] + (link[at] == 'A' ? 'B' : 'A') + link[(at + 1)..];
        var surveyToken = messages["p1"].TextBody!.Split("#token=")[1].Split('\n')[0].Trim();
        var unsubscribeToken = link.Split("token=")[1];

        using var anonymous = new HttpClient();
        foreach (var bad in new[] { tampered, $"{server.BaseUrl.TrimEnd('/')}/api/email/unsubscribe?token={surveyToken}", $"{server.BaseUrl.TrimEnd('/')}/api/email/unsubscribe" })
        {
            foreach (var response in new[] { await anonymous.GetAsync(bad), await anonymous.PostAsync(bad, new StringContent("List-Unsubscribe=One-Click")) })
            {
                Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }

        // An unsubscribe token opens no survey.
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.AsRespondentAsync(HttpMethod.Get, "survey", unsubscribeToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.AsRespondentAsync(HttpMethod.Get, "survey", surveyToken)).StatusCode);
        Assert.DoesNotContain(await server.Services.GetRequiredService<IMessageStore>().ListAsync("acme", "c1"), r => r.Key.Kind == MessageKind.RemindersOff);
    }
}
