using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SurveyNetwork.Functions.Security;

namespace SurveyNetwork.Functions.Tests.EndToEnd;

/// <summary>
/// Each bad input gets a 4xx problem+json that names the field or the problem, and leaves the
/// store exactly as it was.
/// </summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private LocalHostServer _server = null!;
    private Dictionary<string, string> _tokens = null!;

    public sealed record Case(string Name, int Status, string Names, Func<LocalHostServer, Dictionary<string, string>, Task<HttpResponseMessage>> Send)
    {
        public override string ToString() => Name;
    }

    private static object Contact(string? personId = "p1", string frequency = "weekly") =>
        new { personId, frequency, benefits = Array.Empty<string>(), personal = false, giveBack = "never" };

    private static Task<HttpResponseMessage> Submit(LocalHostServer s, string token, object body) =>
        s.AsRespondentAsync(HttpMethod.Put, "survey/response", token, body);

    private static Task<HttpResponseMessage> SubmitRaw(LocalHostServer s, string token, string raw) =>
        s.AsRespondentAsync(HttpMethod.Put, "survey/response", token, raw: raw);

    private static Task<HttpResponseMessage> PutRoster(LocalHostServer s, string json) =>
        s.AdminRawAsync(HttpMethod.Put, "orgs/acme/roster", json, "application/json");

    private static string RosterWith(string person) =>
        $$"""{"teams":[{"id":"eng","name":"Engineering"}],"people":[{{person}}]}""";

    private const string Ok = """{"id":"a","name":"A","teamId":"eng","function":"Eng","level":2,"location":"Lisbon"}""";

    public static TheoryData<Case> Cases() =>
    [
        new("malformed JSON roster", 400, "body", (s, _) => PutRoster(s, """{"teams": [""")),
        new("wrong type for level", 400, "people[0].level", (s, _) => PutRoster(s, RosterWith("""{"id":"a","name":"A","teamId":"eng","function":"Eng","level":"three","location":"L"}"""))),
        new("unknown field in roster", 400, "people[0].nickname", (s, _) => PutRoster(s, RosterWith("""{"id":"a","name":"A","teamId":"eng","function":"Eng","level":2,"location":"L","nickname":"x"}"""))),
        new("duplicate person id", 400, "people[1].id", (s, _) => PutRoster(s, RosterWith(Ok + "," + Ok))),
        new("unknown team", 400, "people[0].teamId", (s, _) => PutRoster(s, RosterWith(Ok.Replace("\"eng\"", "\"nope\"")))),
        new("manager not on roster", 400, "people[0].managerId", (s, _) => PutRoster(s, RosterWith(Ok.Replace("}", ",\"managerId\":\"ghost\"}")))),
        new("management cycle", 400, "managerId", (s, _) => PutRoster(s, RosterWith(
            Ok.Replace("}", ",\"managerId\":\"b\"}") + "," + Ok.Replace("\"a\"", "\"b\"").Replace("}", ",\"managerId\":\"a\"}")))),
        new("bad CSV row", 400, "rows[3].level", (s, _) => s.AdminRawAsync(HttpMethod.Put, "orgs/acme/roster",
            "id,name,teamId,function,level,location\na,A,eng,Eng,2,L\nb,B,eng,Eng,high,L\n", "text/csv")),
        new("CSV without a required column", 400, "header.location", (s, _) => s.AdminRawAsync(HttpMethod.Put, "orgs/acme/roster",
            "id,name,teamId,function,level\na,A,eng,Eng,2\n", "text/csv")),
        new("unsupported media type", 415, "content-type", (s, _) => s.AdminRawAsync(HttpMethod.Put, "orgs/acme/roster", "hello", "text/plain")),
        new("admin route without key", 401, "admin key", (s, _) => s.Client.PutAsync("orgs/acme/roster", new StringContent(RosterWith(Ok), Encoding.UTF8, "application/json"))),
        new("admin route with a wrong key", 401, "admin key", (s, _) =>
        {
            var r = new HttpRequestMessage(HttpMethod.Get, "orgs/acme/cycles/c1");
            r.Headers.Add("x-functions-key", "wrong");
            return s.Client.SendAsync(r);
        }),
        new("bad route id", 400, "orgId", (s, _) => s.AdminAsync(HttpMethod.Get, "orgs/bad%20id/cycles/c1")),
        new("cycle closing before it opens", 400, "closesAt", (s, _) => s.AdminRawAsync(HttpMethod.Post, "orgs/acme/cycles",
            """{"id":"c2","title":"T","opensAt":"2026-12-01T00:00:00Z","closesAt":"2026-11-01T00:00:00Z"}""", "application/json")),
        new("duplicate cycle id", 409, "id", (s, _) => s.AdminRawAsync(HttpMethod.Post, "orgs/acme/cycles",
            """{"id":"c1","title":"Again","closesAt":"2030-01-01T00:00:00Z"}""", "application/json")),
        new("invitation for an unknown person", 400, "personIds[0]", (s, _) => s.AdminAsync(HttpMethod.Post, "orgs/acme/cycles/c1/invitations", new { personIds = new[] { "ghost" } })),
        new("missing token", 401, "token", (s, _) => s.Client.PutAsync("survey/response", JsonContent.Create(new { contacts = Array.Empty<object>() }))),
        new("forged token", 401, "not valid", (s, t) => Submit(s, t["p2"][..^4] + "AAAA", new { contacts = Array.Empty<object>() })),
        new("expired token", 401, "expired", (s, _) =>
            Submit(s, s.Services.GetRequiredService<InvitationTokens>().Issue("acme", "c1", "p2", DateTimeOffset.UtcNow.AddMinutes(-1)), new { contacts = Array.Empty<object>() })),
        new("token for another cycle", 401, "no longer valid", (s, _) =>
            Submit(s, s.Services.GetRequiredService<InvitationTokens>().Issue("acme", "other", "p2", DateTimeOffset.UtcNow.AddDays(1)), new { contacts = Array.Empty<object>() })),
        new("token for another organization", 401, "no longer valid", (s, _) =>
            Submit(s, s.Services.GetRequiredService<InvitationTokens>().Issue("globex", "c1", "p2", DateTimeOffset.UtcNow.AddDays(1)), new { contacts = Array.Empty<object>() })),
        new("closed cycle", 409, "closed", async (s, t) =>
        {
            var token = s.Services.GetRequiredService<InvitationTokens>().Issue("acme", "closed", "p2", DateTimeOffset.UtcNow.AddDays(1));
            return await Submit(s, token, new { contacts = new[] { Contact() } });
        }),
        new("self-nomination", 400, "contacts[0].personId", (s, t) => Submit(s, t["p2"], new { contacts = new[] { Contact("p2") } })),
        new("duplicate contact", 400, "contacts[1].personId", (s, t) => Submit(s, t["p2"], new { contacts = new[] { Contact("p1"), Contact("p1") } })),
        new("too many contacts", 400, "contacts", (s, t) => Submit(s, t["p2"], new { contacts = new[] { Contact("p1"), Contact("p3"), Contact("p4") } })),
        new("unknown roster id", 400, "contacts[0].personId", (s, t) => Submit(s, t["p2"], new { contacts = new[] { Contact("nobody") } })),
        new("inactive roster id", 400, "contacts[0].personId", (s, t) => Submit(s, t["p2"], new { contacts = new[] { Contact("p5") } })),
        new("enum value out of range", 400, "contacts[0].frequency", (s, t) => Submit(s, t["p2"], new { contacts = new[] { Contact(frequency: "hourly") } })),
        new("enum given as a number", 400, "contacts[0].frequency", (s, t) => SubmitRaw(s, t["p2"],
            """{"contacts":[{"personId":"p1","frequency":7,"benefits":[],"personal":false,"giveBack":"never"}]}""")),
        new("contacts of the wrong type", 400, "contacts", (s, t) => SubmitRaw(s, t["p2"], """{"contacts":"p1"}""")),
        new("huge number", 400, "contacts[0].energy", (s, t) => SubmitRaw(s, t["p2"],
            """{"contacts":[{"personId":"p1","frequency":"weekly","benefits":[],"personal":false,"giveBack":"never","energy":1e999}]}""")),
        new("deep nesting", 400, "contacts[0]", (s, t) => SubmitRaw(s, t["p2"], "{\"contacts\":" + new string('[', 200) + new string(']', 200) + "}")),
        new("oversized body", 413, "body", (s, t) => SubmitRaw(s, t["p2"], "{\"contacts\":[],\"pad\":\"" + new string('x', 400_000) + "\"}")),
        new("empty body", 400, "body", (s, t) => SubmitRaw(s, t["p2"], "")),
        new("invalid UTF-8", 400, "UTF-8", (s, t) =>
        {
            var r = new HttpRequestMessage(HttpMethod.Put, "survey/response");
            r.Headers.Authorization = new("Bearer", t["p2"]);
            r.Content = new ByteArrayContent([(byte)'{', 0xC3, 0x28, (byte)'}']);
            r.Content.Headers.ContentType = new("application/json");
            return s.Client.SendAsync(r);
        }),
        new("outside label too long", 400, "contacts[0].outsideLabel", (s, t) => Submit(s, t["p2"], new
        {
            contacts = new[] { new { outsideKind = "customer", outsideLabel = new string('x', 200), frequency = "weekly", benefits = Array.Empty<string>(), personal = false, giveBack = "never" } },
        })),
        new("energy not asked in this cycle", 400, "contacts[0].energy", (s, t) => SubmitRaw(s, t["p2"],
            """{"contacts":[{"personId":"p1","frequency":"weekly","benefits":[],"personal":false,"giveBack":"never","energy":4}]}""")),
        new("import for an unknown respondent", 400, "responses[0].respondentId", (s, _) => s.AdminAsync(HttpMethod.Post, "orgs/acme/cycles/c1/responses",
            new { responses = new[] { new { respondentId = "ghost", contacts = new[] { Contact() } } } })),
        new("import CSV with a bad enum", 400, "rows[2].frequency", (s, _) => s.AdminRawAsync(HttpMethod.Post, "orgs/acme/cycles/c1/responses",
            "respondentId,personId,frequency,personal,giveBack\np3,p4,sometimes,false,never\n", "text/csv")),
    ];

    public async Task InitializeAsync()
    {
        _server = await LocalHostServer.StartAsync();
        _tokens = await _server.SeedAsync(cycle: new JsonObject
        {
            ["id"] = "c1", ["title"] = "Test", ["closesAt"] = DateTimeOffset.UtcNow.AddDays(7), ["options"] = new JsonObject { ["maxContacts"] = 2 },
        });
        var closed = JsonNode.Parse($$"""{"id":"closed","title":"Closed","opensAt":"{{DateTimeOffset.UtcNow.AddDays(-9):O}}","closesAt":"{{DateTimeOffset.UtcNow.AddDays(1):O}}"}""");
        (await _server.AdminAsync(HttpMethod.Post, "orgs/acme/cycles", closed)).EnsureSuccessStatusCode();
        (await _server.AdminAsync(HttpMethod.Post, "orgs/acme/cycles/closed/close")).EnsureSuccessStatusCode();
        Assert.True((await Submit(_server, _tokens["p3"], new { contacts = new[] { Contact("p4") } })).IsSuccessStatusCode);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public void There_are_at_least_25_distinct_bad_inputs() => Assert.True(Cases().Count >= 25);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_bad_input_gets_a_problem_naming_it_and_changes_nothing(Case bad)
    {
        var before = await _server.SnapshotAsync();
        var response = await bad.Send(_server, _tokens);

        Assert.Equal(bad.Status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(bad.Status, problem!["status"]!.GetValue<int>());
        var named = (problem["errors"]?.AsObject().Select(e => e.Key) ?? []).Contains(bad.Names)
            || (problem["detail"]?.GetValue<string>() ?? "").Contains(bad.Names, StringComparison.OrdinalIgnoreCase)
            || problem["title"]!.GetValue<string>().Contains(bad.Names, StringComparison.OrdinalIgnoreCase);
        Assert.True(named, $"The problem should name '{bad.Names}': {problem.ToJsonString()}");
        Assert.Equal(before, await _server.SnapshotAsync());
    }

    [Fact]
    public async Task An_unknown_enum_value_is_answered_with_the_allowed_values()
    {
        var response = await Submit(_server, _tokens["p2"], new { contacts = new[] { Contact(frequency: "sometimes") } });
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("Must be one of: lessThanMonthly, monthly, weekly, daily.", problem!["errors"]!["contacts[0].frequency"]![0]!.GetValue<string>());
    }
}
