using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using SurveyNetwork.Functions.Tests.EndToEnd;
using SurveyNetwork.LocalHost;
using Xunit.Abstractions;

namespace SurveyNetwork.Functions.Tests.Validation;

/// <summary>
/// The API treats the same thing the same way wherever it meets it: a cycle's dates, an export and
/// its re-import, a JSON and a CSV roster, a team's report and the run that wrote it, the demo's links
/// and the cycle status, and imports larger than a survey answer.
/// </summary>
public sealed class ConsistencyTests(ITestOutputHelper output) : IAsyncLifetime
{
    private LocalHostServer _server = null!;

    public async Task InitializeAsync() => _server = await LocalHostServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_cycle_that_closes_in_the_past_is_refused_whether_or_not_it_names_its_opening(bool withOpensAt)
    {
        (await _server.AdminAsync(HttpMethod.Put, "orgs/acme/roster", LocalHostServer.TestRoster)).EnsureSuccessStatusCode();
        var now = DateTimeOffset.UtcNow;
        var cycle = new JsonObject { ["id"] = "late", ["title"] = "Too late", ["closesAt"] = now.AddDays(-1).ToString("O") };
        if (withOpensAt)
        {
            cycle["opensAt"] = now.AddDays(-10).ToString("O");
        }

        var response = await _server.AdminAsync(HttpMethod.Post, "orgs/acme/cycles", cycle);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("closesAt", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await _server.AdminAsync(HttpMethod.Get, "orgs/acme/cycles/late")).StatusCode);
    }

    [Fact]
    public async Task An_exported_edge_list_of_a_named_report_imports_into_the_next_cycle_unchanged()
    {
        // One team of four, so that a threshold of three publishes its ties.
        var roster = LocalHostServer.TestRoster.DeepClone();
        foreach (var person in roster["people"]!.AsArray())
        {
            person!["teamId"] = "eng";
        }

        (await _server.AdminAsync(HttpMethod.Put, "orgs/acme/roster", roster)).EnsureSuccessStatusCode();
        var closes = DateTimeOffset.UtcNow.AddDays(7).ToString("O");
        foreach (var id in new[] { "c1", "c2" })
        {
            var cycle = new JsonObject { ["id"] = id, ["title"] = id, ["closesAt"] = closes, ["namedReports"] = true, ["anonymityThreshold"] = 3 };
            (await _server.AdminAsync(HttpMethod.Post, "orgs/acme/cycles", cycle)).EnsureSuccessStatusCode();
        }

        var answers = new Dictionary<string, (string To, string Frequency, string GiveBack)[]>
        {
            ["p1"] = [("p2", "daily", "often"), ("p3", "lessThanMonthly", "never")],
            ["p2"] = [("p1", "weekly", "sometimes")],
            ["p3"] = [("p4", "monthly", "rarely"), ("p1", "weekly", "often")],
            ["p4"] = [("p3", "daily", "sometimes")],
        };
        var import = new JsonObject
        {
            ["responses"] = new JsonArray([.. answers.Select(a => (JsonNode)new JsonObject
            {
                ["respondentId"] = a.Key,
                ["contacts"] = new JsonArray([.. a.Value.Select(c => (JsonNode)new JsonObject
                {
                    ["personId"] = c.To, ["frequency"] = c.Frequency, ["benefits"] = new JsonArray(), ["personal"] = c.To == "p1", ["giveBack"] = c.GiveBack,
                })]),
            })]),
        };
        (await _server.AdminAsync(HttpMethod.Post, "orgs/acme/cycles/c1/responses", import)).EnsureSuccessStatusCode();
        await _server.RunReportsAsync("orgs/acme/cycles/c1/reports");
        var exported = await (await _server.AdminAsync(HttpMethod.Get, "orgs/acme/cycles/c1/report?format=csv")).Content.ReadAsStringAsync();
        Assert.StartsWith("source,target,frequency,personal,giveBack,reciprocated,energy\n", exported, StringComparison.Ordinal);

        var reimported = await _server.AdminRawAsync(HttpMethod.Post, "orgs/acme/cycles/c2/responses", exported, "text/csv");

        Assert.True(reimported.StatusCode == HttpStatusCode.OK, await reimported.Content.ReadAsStringAsync());
        var before = await _server.Store.ListSubmissionsAsync("acme", "c1");
        var after = (await _server.Store.ListSubmissionsAsync("acme", "c2")).ToDictionary(s => s.RespondentId);
        Assert.Equal(before.Count, after.Count);
        foreach (var s in before)
        {
            Assert.Equal(
                s.Contacts.Select(c => (c.PersonId, c.Frequency, c.Personal, c.GiveBack)).OrderBy(c => c.PersonId),
                after[s.RespondentId].Contacts.Select(c => (c.PersonId, c.Frequency, c.Personal, c.GiveBack)).OrderBy(c => c.PersonId));
        }
    }

    [Fact]
    public async Task A_json_roster_without_teams_gets_the_teams_a_csv_roster_would()
    {
        var people = LocalHostServer.TestRoster["people"]!.DeepClone();
        var json = await _server.AdminAsync(HttpMethod.Put, "orgs/fromjson/roster", new JsonObject { ["people"] = people });
        Assert.True(json.StatusCode == HttpStatusCode.OK, await json.Content.ReadAsStringAsync());

        var csv = new StringBuilder("id,name,teamId,function,level,location,managerId,active\n");
        foreach (var p in people.AsArray())
        {
            csv.Append(CultureInfo.InvariantCulture, $"{p!["id"]},{p["name"]},{p["teamId"]},{p["function"]},{p["level"]},{p["location"]},{p["managerId"]},{p["active"]?.ToString() ?? "true"}\n");
        }

        (await _server.AdminRawAsync(HttpMethod.Put, "orgs/fromcsv/roster", csv.ToString(), "text/csv")).EnsureSuccessStatusCode();
        var fromJson = await _server.Store.GetRosterAsync("fromjson");
        var fromCsv = await _server.Store.GetRosterAsync("fromcsv");
        Assert.Equal(["eng", "ops"], fromJson!.Teams.Select(t => t.Id).Order());
        Assert.Equal(fromCsv!.Teams.Select(t => (t.Id, t.Name)), fromJson.Teams.Select(t => (t.Id, t.Name)));

        // The same roster separated by semicolons, as spreadsheets save it where the decimal mark is a comma.
        var semicolons = await _server.AdminRawAsync(HttpMethod.Put, "orgs/semicolons/roster", csv.ToString().Replace(',', ';'), "text/csv");
        Assert.True(semicolons.StatusCode == HttpStatusCode.OK, await semicolons.Content.ReadAsStringAsync());
        Assert.Equal(fromCsv.People.Select(p => (p.Id, p.TeamId, p.ManagerId, p.Active)), (await _server.Store.GetRosterAsync("semicolons"))!.People.Select(p => (p.Id, p.TeamId, p.ManagerId, p.Active)));
    }

    [Fact]
    public async Task The_report_run_names_a_team_under_the_threshold_as_its_report_does()
    {
        var tokens = await _server.SeedAsync();
        foreach (var (person, named) in new[] { ("p1", "p2"), ("p2", "p1"), ("p3", "p4"), ("p4", "p3") })
        {
            var answer = new { contacts = new[] { new { personId = named, frequency = "weekly", benefits = Array.Empty<string>(), personal = true, giveBack = "often" } } };
            (await _server.AsRespondentAsync(HttpMethod.Put, "survey/response", tokens[person], answer)).EnsureSuccessStatusCode();
        }

        var run = await _server.RunReportsAsync("orgs/acme/cycles/c1/reports");

        foreach (var outcome in run!["outcomes"]!.AsArray().Where(o => (string?)o!["scope"] != "_organization"))
        {
            var report = await (await _server.AdminAsync(HttpMethod.Get, $"orgs/acme/cycles/c1/teams/{outcome!["scope"]}/report")).Content.ReadFromJsonAsync<JsonObject>();
            Assert.False(report!["published"]!.GetValue<bool>()); // two respondents, threshold 5
            Assert.Equal("withheld", (string?)outcome["status"]);
        }
    }

    [Fact]
    public async Task The_demo_records_the_invitations_it_prints()
    {
        var printed = new StringWriter();
        await DemoSeeder.SeedAsync(_server.Services, _server.BaseUrl, printed, CancellationToken.None, toTerminal: true);
        var links = printed.ToString().Split('\n').Count(l => l.Contains("#token=", StringComparison.Ordinal));

        var status = await (await _server.AdminAsync(HttpMethod.Get, $"orgs/{DemoSeeder.OrgId}/cycles/{DemoSeeder.CycleId}")).Content.ReadFromJsonAsync<JsonObject>();

        Assert.True(links > 0);
        Assert.Equal(links, status!["invitationsIssued"]!.GetValue<int>());
    }

    [Fact]
    public async Task An_import_may_name_more_contacts_than_the_survey_up_to_the_cycles_import_cap()
    {
        (await _server.AdminAsync(HttpMethod.Put, "orgs/acme/roster", LocalHostServer.TestRoster)).EnsureSuccessStatusCode();
        var closes = DateTimeOffset.UtcNow.AddDays(7).ToString("O");
        var cycle = new JsonObject { ["id"] = "c1", ["title"] = "Caps", ["closesAt"] = closes, ["options"] = new JsonObject { ["maxContacts"] = 2, ["maxImportContacts"] = 3 } };
        (await _server.AdminAsync(HttpMethod.Post, "orgs/acme/cycles", cycle)).EnsureSuccessStatusCode();
        string Csv(params string[] contacts) =>
            "respondentId,personId,frequency,benefits,personal,giveBack\n" + string.Concat(contacts.Select(c => $"p1,{c},3,,false,2\n"));

        var three = await _server.AdminRawAsync(HttpMethod.Post, "orgs/acme/cycles/c1/responses", Csv("p2", "p3", "p4"), "text/csv");
        Assert.True(three.StatusCode == HttpStatusCode.OK, await three.Content.ReadAsStringAsync());
        var survey = await _server.AsRespondentAsync(HttpMethod.Put, "survey/response", await TokenAsync("p1"), new
        {
            contacts = new[] { "p2", "p3", "p4" }.Select(p => new { personId = p, frequency = "weekly", benefits = Array.Empty<string>(), personal = false, giveBack = "often" }),
        });
        Assert.Equal(HttpStatusCode.BadRequest, survey.StatusCode);

        cycle["id"] = "c2";
        cycle["options"]!["maxImportContacts"] = 2;
        (await _server.AdminAsync(HttpMethod.Post, "orgs/acme/cycles", cycle)).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.BadRequest, (await _server.AdminRawAsync(HttpMethod.Post, "orgs/acme/cycles/c2/responses", Csv("p2", "p3", "p4"), "text/csv")).StatusCode);

        cycle["id"] = "c3";
        cycle["options"]!["maxImportContacts"] = 1001;
        Assert.Equal(HttpStatusCode.BadRequest, (await _server.AdminAsync(HttpMethod.Post, "orgs/acme/cycles", cycle)).StatusCode);
    }

    [Fact]
    public async Task An_import_of_email_like_data_with_25000_arcs_over_1000_people_is_accepted()
    {
        const int People = 1000, Arcs = 25_000;
        var random = new Random(18);
        var roster = new JsonObject
        {
            ["people"] = new JsonArray([.. Enumerable.Range(0, People).Select(i => (JsonNode)new JsonObject
            {
                ["id"] = $"u{i}", ["name"] = $"User {i}", ["teamId"] = $"t{i / 25}", ["function"] = "Staff", ["level"] = 1, ["location"] = "Remote",
            })]),
        };
        (await _server.AdminAsync(HttpMethod.Put, "orgs/mail/roster", roster)).EnsureSuccessStatusCode();
        var cycle = new JsonObject
        {
            ["id"] = "c1", ["title"] = "Mail", ["closesAt"] = DateTimeOffset.UtcNow.AddDays(7).ToString("O"),
            ["options"] = new JsonObject { ["maxImportContacts"] = 1000 },
        };
        (await _server.AdminAsync(HttpMethod.Post, "orgs/mail/cycles", cycle)).EnsureSuccessStatusCode();

        // Heavy-tailed out-degrees, as in mail: a few people write to hundreds, most to a handful.
        var weights = Enumerable.Range(0, People).Select(i => 1.0 / (i + 10)).ToArray();
        var degrees = weights.Select(w => Math.Max(1, (int)Math.Round(w / weights.Sum() * Arcs))).ToArray();
        var csv = new StringBuilder("respondentId,personId,frequency,benefits,personal,giveBack\n");
        var total = 0;
        for (var i = 0; i < People; i++)
        {
            foreach (var j in Enumerable.Range(0, People).Where(j => j != i).OrderBy(_ => random.Next()).Take(Math.Min(degrees[i], People - 1)))
            {
                csv.Append(CultureInfo.InvariantCulture, $"u{i},u{j},{random.Next(1, 5)},,false,{random.Next(0, 4)}\n");
                total++;
            }
        }

        var clock = Stopwatch.StartNew();
        var response = await _server.AdminRawAsync(HttpMethod.Post, "orgs/mail/cycles/c1/responses", csv.ToString(), "text/csv");
        output.WriteLine($"import of {total} arcs over {People} people: {clock.ElapsedMilliseconds} ms, max out-degree {degrees.Max()}");

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var stored = await _server.Store.ListSubmissionsAsync("mail", "c1");
        Assert.Equal(People, stored.Count);
        Assert.Equal(total, stored.Sum(s => s.Contacts.Count));
        Assert.InRange(total, Arcs * 0.95, Arcs * 1.05);

        clock.Restart();
        var run = await _server.RunReportsAsync("orgs/mail/cycles/c1/reports");
        output.WriteLine($"report run on that network: {clock.ElapsedMilliseconds} ms");
        Assert.Equal("published", (string?)run["status"]);
    }

    private async Task<string> TokenAsync(string personId)
    {
        var issued = await (await _server.AdminAsync(HttpMethod.Post, "orgs/acme/cycles/c1/invitations", new { personIds = new[] { personId } })).Content.ReadFromJsonAsync<JsonObject>();
        return (string)issued!["invitations"]![0]!["token"]!;
    }
}
