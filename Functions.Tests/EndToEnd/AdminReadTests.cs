using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace SurveyNetwork.Functions.Tests.EndToEnd;

/// <summary>The admin reads over HTTP against LocalHost on SQLite: organizations, roster pages and CSV, cycles, respondents, runs, ETags.</summary>
public sealed class AdminReadTests
{
    private static JsonNode Roster(int eng, int ops) => new JsonObject
    {
        ["teams"] = new JsonArray(new JsonObject { ["id"] = "eng", ["name"] = "Engineering" }, new JsonObject { ["id"] = "ops", ["name"] = "Operations" }),
        ["people"] = new JsonArray([.. Enumerable.Range(1, eng + ops).Select(i => (JsonNode)new JsonObject
        {
            ["id"] = $"p{i:D3}", ["name"] = $"Person {i}", ["teamId"] = i <= eng ? "eng" : "ops", ["function"] = "F", ["level"] = 1, ["location"] = "L",
        })]),
    };

    private static async Task<JsonObject> JsonAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private static object Answer(params string[] ids) => new
    {
        contacts = ids.Select(id => new { personId = id, frequency = "weekly", benefits = new[] { "solutions" }, personal = false, giveBack = "rarely" }).ToArray(),
    };

    [Fact]
    public async Task Organizations_list_those_with_a_roster_and_revalidate_with_their_etag()
    {
        await using var server = await LocalHostServer.StartAsync();
        (await server.AdminAsync(HttpMethod.Put, "orgs/beta/roster", Roster(2, 1))).EnsureSuccessStatusCode();
        (await server.AdminAsync(HttpMethod.Put, "orgs/acme/roster", Roster(1, 1))).EnsureSuccessStatusCode();

        var first = await server.AdminAsync(HttpMethod.Get, "orgs");
        var body = await JsonAsync(first);
        Assert.Equal(["acme", "beta"], body["organizations"]!.AsArray().Select(o => o!.GetValue<string>()));
        var etag = first.Headers.ETag!;

        var again = server.Admin(HttpMethod.Get, "orgs");
        again.Headers.IfNoneMatch.Add(etag);
        var notModified = await server.Client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());

        (await server.AdminAsync(HttpMethod.Put, "orgs/gamma/roster", Roster(1, 1))).EnsureSuccessStatusCode();
        var changed = server.Admin(HttpMethod.Get, "orgs");
        changed.Headers.IfNoneMatch.Add(etag);
        Assert.Equal(HttpStatusCode.OK, (await server.Client.SendAsync(changed)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Client.GetAsync("orgs")).StatusCode);
    }

    [Fact]
    public async Task A_roster_is_read_page_by_page_with_cursors_searched_and_downloaded_as_csv_that_puts_back_unchanged()
    {
        await using var server = await LocalHostServer.StartAsync();
        (await server.AdminAsync(HttpMethod.Put, "orgs/acme/roster", Roster(7, 5))).EnsureSuccessStatusCode();

        var ids = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await JsonAsync(await server.AdminAsync(HttpMethod.Get, $"orgs/acme/roster?limit=5{(cursor is null ? "" : "&cursor=" + cursor)}"));
            Assert.Equal(12, page["totalPeople"]!.GetValue<int>());
            ids.AddRange(page["people"]!.AsArray().Select(p => p!["id"]!.GetValue<string>()));
            cursor = page["nextCursor"]?.GetValue<string>();
            pages++;
        }
        while (cursor is not null);
        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(1, 12).Select(i => $"p{i:D3}"), ids);

        var search = await JsonAsync(await server.AdminAsync(HttpMethod.Get, "orgs/acme/roster?q=operations"));
        Assert.Equal(5, search["matching"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.BadRequest, (await server.AdminAsync(HttpMethod.Get, "orgs/acme/roster?cursor=%%%")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await server.AdminAsync(HttpMethod.Get, "orgs/acme/roster?limit=0")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await server.AdminAsync(HttpMethod.Get, "orgs/nobody/roster")).StatusCode);

        var csvRequest = server.Admin(HttpMethod.Get, "orgs/acme/roster");
        csvRequest.Headers.Accept.ParseAdd("text/csv");
        var csv = await server.Client.SendAsync(csvRequest);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var text = await csv.Content.ReadAsStringAsync();
        Assert.StartsWith("id,name,teamId,teamName,function,level,location,managerId,active,performance,email\r\np001,Person 1,eng,Engineering,F,1,L,,true,", text);
        Assert.Equal(text, await (await server.AdminAsync(HttpMethod.Get, "orgs/acme/roster?format=csv")).Content.ReadAsStringAsync());

        var before = await server.Store.GetRosterAsync("acme");
        (await server.AdminRawAsync(HttpMethod.Put, "orgs/acme/roster", text, "text/csv")).EnsureSuccessStatusCode();
        var after = await server.Store.GetRosterAsync("acme");
        Assert.Equal(before!.People, after!.People);
        Assert.Equal(before.Teams, after.Teams);
    }

    [Fact]
    public async Task A_dry_run_reports_row_errors_or_the_summary_and_writes_nothing()
    {
        await using var server = await LocalHostServer.StartAsync();
        (await server.AdminAsync(HttpMethod.Put, "orgs/acme/roster", Roster(3, 2))).EnsureSuccessStatusCode();
        var before = await server.SnapshotAsync();

        const string bad = "id,name,teamId,function,level,location\nq1,Ann,eng,F,1,L\nq2,Bo,eng,F,high,L\n";
        var refused = await server.AdminRawAsync(HttpMethod.Put, "orgs/acme/roster?dryRun=true", bad, "text/csv");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("rows[3].level", await refused.Content.ReadAsStringAsync());

        var ok = await JsonAsync(await server.AdminRawAsync(HttpMethod.Put, "orgs/acme/roster?dryRun=true", bad.Replace("high", "2"), "text/csv"));
        Assert.Equal(2, ok["people"]!.GetValue<int>());
        Assert.Equal(before, await server.SnapshotAsync());
    }

    [Fact]
    public async Task Cycles_respondents_and_runs_follow_the_answers_with_names_only_in_a_named_cycle()
    {
        await using var server = await LocalHostServer.StartAsync();
        (await server.AdminAsync(HttpMethod.Put, "orgs/acme/roster", Roster(3, 2))).EnsureSuccessStatusCode();
        var closes = DateTimeOffset.UtcNow.AddDays(7).ToString("O");
        (await server.AdminAsync(HttpMethod.Post, "orgs/acme/cycles", JsonNode.Parse($$"""{"id":"anon","title":"Anonymous","closesAt":"{{closes}}","anonymityThreshold":3}"""))).EnsureSuccessStatusCode();
        (await server.AdminAsync(HttpMethod.Post, "orgs/acme/cycles", JsonNode.Parse($$"""{"id":"named","title":"Named","closesAt":"{{closes}}","anonymityThreshold":3,"namedReports":true}"""))).EnsureSuccessStatusCode();
        (await server.AdminAsync(HttpMethod.Post, "orgs/acme/cycles/named/close")).EnsureSuccessStatusCode();

        var cycles = await JsonAsync(await server.AdminAsync(HttpMethod.Get, "orgs/acme/cycles"));
        var statuses = cycles["cycles"]!.AsArray().ToDictionary(c => c!["id"]!.GetValue<string>(), c => c!["status"]!.GetValue<string>());
        Assert.Equal("open", statuses["anon"]);
        Assert.Equal("closed", statuses["named"]);

        var invitations = await JsonAsync(await server.AdminAsync(HttpMethod.Post, "orgs/acme/cycles/anon/invitations"));
        var tokens = invitations["invitations"]!.AsArray().ToDictionary(i => i!["personId"]!.GetValue<string>(), i => i!["token"]!.GetValue<string>());
        var none = await JsonAsync(await server.AdminAsync(HttpMethod.Get, "orgs/acme/cycles/anon/respondents"));
        Assert.Equal(0, none["respondents"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.NotFound, (await server.AdminAsync(HttpMethod.Get, "orgs/acme/cycles/nope/respondents")).StatusCode);

        foreach (var id in new[] { "p001", "p002", "p003", "p004" })
        {
            (await server.AsRespondentAsync(HttpMethod.Put, "survey/response", tokens[id], Answer(id == "p001" ? "p002" : "p001"))).EnsureSuccessStatusCode();
        }

        var anon = await JsonAsync(await server.AdminAsync(HttpMethod.Get, "orgs/acme/cycles/anon/respondents"));
        Assert.Equal(0.8, anon["responseRate"]!.GetValue<double>());
        Assert.Equal("high", anon["confidence"]!.GetValue<string>());
        var eng = anon["teams"]!.AsArray().Single(t => t!["teamId"]!.GetValue<string>() == "eng")!;
        var ops = anon["teams"]!.AsArray().Single(t => t!["teamId"]!.GetValue<string>() == "ops")!;
        Assert.Equal(1.0, eng["responseRate"]!.GetValue<double>());
        Assert.True(eng["reportable"]!.GetValue<bool>());
        Assert.Equal(0.5, ops["responseRate"]!.GetValue<double>());
        Assert.Equal("caution", ops["confidence"]!.GetValue<string>());
        Assert.Null(eng["answered"]);
        Assert.DoesNotContain("Person", anon.ToJsonString());

        var named = await JsonAsync(await server.AdminAsync(HttpMethod.Get, "orgs/acme/cycles/named/respondents"));
        var namedEng = named["teams"]!.AsArray().Single(t => t!["teamId"]!.GetValue<string>() == "eng")!;
        Assert.Equal(["Person 1", "Person 2", "Person 3"], namedEng["notAnswered"]!.AsArray().Select(p => p!.GetValue<string>()));

        var noRun = await JsonAsync(await server.AdminAsync(HttpMethod.Get, "orgs/acme/cycles/anon/runs"));
        Assert.Null(noRun["completedAt"]);
        await server.RunReportsAsync("orgs/acme/cycles/anon/reports?force=true");
        var runs = await JsonAsync(await server.AdminAsync(HttpMethod.Get, "orgs/acme/cycles/anon/runs"));
        Assert.NotNull(runs["completedAt"]);
        var scopes = runs["scopes"]!.AsArray().ToDictionary(s => s!["name"]!.GetValue<string>(), s => s!);
        Assert.Equal("published", scopes["Organization"]["status"]!.GetValue<string>());
        Assert.Equal("published", scopes["Engineering"]["status"]!.GetValue<string>());
        Assert.Equal("heldBack", scopes["Operations"]["status"]!.GetValue<string>());
        Assert.Contains("1 of 2 answered", scopes["Operations"]["reason"]!.GetValue<string>());
    }
}
