using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace SurveyNetwork.Functions.Tests.EndToEnd;

/// <summary>
/// Teams under the anonymity threshold, warned about before a cycle opens: on the check route (before
/// the cycle exists) and in the cycle's status, over HTTP against LocalHost.
/// </summary>
public sealed class ThresholdCheckTests : IAsyncLifetime
{
    private LocalHostServer _server = null!;

    /// <summary>Five people in Big, one (and an inactive one) in Tiny, two in Pair.</summary>
    private static JsonNode Roster()
    {
        var people = new JsonArray();
        void Add(string id, string team, bool active = true) =>
            people.Add(new JsonObject { ["id"] = id, ["name"] = "Person " + id, ["teamId"] = team, ["function"] = "Ops", ["level"] = 1, ["location"] = "Lisbon", ["active"] = active });
        for (var i = 0; i < 5; i++)
        {
            Add("b" + i, "big");
        }

        Add("t0", "tiny");
        Add("t1", "tiny", active: false);
        Add("p0", "pair");
        Add("p1", "pair");
        return new JsonObject
        {
            ["teams"] = new JsonArray(
                new JsonObject { ["id"] = "big", ["name"] = "Big" },
                new JsonObject { ["id"] = "tiny", ["name"] = "Tiny" },
                new JsonObject { ["id"] = "pair", ["name"] = "Pair" }),
            ["people"] = people,
        };
    }

    public async Task InitializeAsync() => _server = await LocalHostServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Before_a_cycle_exists_the_check_names_the_small_teams_and_says_their_answers_would_be_left_out()
    {
        (await _server.AdminAsync(HttpMethod.Put, "orgs/acme/roster", Roster())).EnsureSuccessStatusCode();

        var response = await _server.AdminAsync(HttpMethod.Get, "orgs/acme/threshold-check?anonymityThreshold=5");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var check = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(5, check["anonymityThreshold"]!.GetValue<int>());
        var teams = check["teams"]!.AsArray();
        Assert.Equal(["tiny", "pair"], teams.Select(t => (string)t!["teamId"]!));
        Assert.Equal([1, 2], teams.Select(t => t!["members"]!.GetValue<int>()));
        Assert.All(teams, t => Assert.Null(t!["respondents"]));
        Assert.Equal(3, check["peopleInTeamsUnderThreshold"]!.GetValue<int>());
        Assert.Equal("leftOutOfEveryFigure", (string?)check["theirAnswers"]);
        var warnings = string.Join(" ", check["warnings"]!.AsArray().Select(w => (string)w!));
        Assert.Contains("Tiny (1 person), Pair (2 people)", warnings, StringComparison.Ordinal);
        Assert.Contains("left out of every figure", warnings, StringComparison.Ordinal);

        // With k = 3 the two small teams together could reach it: their answers count if 3 of them answer.
        var three = (await (await _server.AdminAsync(HttpMethod.Get, "orgs/acme/threshold-check?anonymityThreshold=3")).Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(["tiny", "pair"], three["teams"]!.AsArray().Select(t => (string)t!["teamId"]!));
        Assert.Equal("countOnlyIfEnoughAnswer", (string?)three["theirAnswers"]);

        // With the default (5) when no threshold is given.
        var byDefault = (await (await _server.AdminAsync(HttpMethod.Get, "orgs/acme/threshold-check")).Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(5, byDefault["anonymityThreshold"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_scheduled_cycles_status_carries_the_warning_for_its_threshold_with_the_answers_so_far()
    {
        (await _server.AdminAsync(HttpMethod.Put, "orgs/acme/roster", Roster())).EnsureSuccessStatusCode();
        var cycle = new JsonObject
        {
            ["id"] = "autumn",
            ["title"] = "Autumn",
            ["opensAt"] = DateTimeOffset.UtcNow.AddDays(3).ToString("O"),
            ["closesAt"] = DateTimeOffset.UtcNow.AddDays(20).ToString("O"),
            ["anonymityThreshold"] = 2,
        };
        var bad = await _server.AdminAsync(HttpMethod.Post, "orgs/acme/cycles", cycle);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode); // 2 is below the minimum; 3 is allowed
        cycle["anonymityThreshold"] = 3;
        var created = await _server.AdminAsync(HttpMethod.Post, "orgs/acme/cycles", cycle);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var createdCheck = (await created.Content.ReadFromJsonAsync<JsonObject>())!["thresholdCheck"]!;
        Assert.Equal(["tiny", "pair"], createdCheck["teams"]!.AsArray().Select(t => (string)t!["teamId"]!));

        var status = (await (await _server.AdminAsync(HttpMethod.Get, "orgs/acme/cycles/autumn")).Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("scheduled", (string?)status["status"]);
        var check = status["thresholdCheck"]!;
        Assert.Equal(3, check["anonymityThreshold"]!.GetValue<int>());
        Assert.Equal("countOnlyIfEnoughAnswer", (string?)check["theirAnswers"]);
        Assert.All(check["teams"]!.AsArray(), t => Assert.Equal(0, t!["respondents"]!.GetValue<int>()));
        Assert.NotEmpty(check["warnings"]!.AsArray());

        // The list of cycles stays light: no per-cycle check there.
        var list = (await (await _server.AdminAsync(HttpMethod.Get, "orgs/acme/cycles")).Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Null(list["cycles"]![0]!["thresholdCheck"]);
    }

    [Fact]
    public async Task Every_team_at_the_threshold_gives_no_warning()
    {
        var roster = Roster();
        roster["teams"] = new JsonArray(new JsonObject { ["id"] = "big", ["name"] = "Big" });
        roster["people"] = new JsonArray(roster["people"]!.AsArray().Where(p => (string)p!["teamId"]! == "big").Select(p => p!.DeepClone()).ToArray());
        (await _server.AdminAsync(HttpMethod.Put, "orgs/acme/roster", roster)).EnsureSuccessStatusCode();

        var check = (await (await _server.AdminAsync(HttpMethod.Get, "orgs/acme/threshold-check?anonymityThreshold=5")).Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Empty(check["teams"]!.AsArray());
        Assert.Empty(check["warnings"]!.AsArray());
        Assert.Equal("nothingHeldBack", (string?)check["theirAnswers"]);
        var six = (await (await _server.AdminAsync(HttpMethod.Get, "orgs/acme/threshold-check?anonymityThreshold=6")).Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(5, Assert.Single(six["teams"]!.AsArray())!["members"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("2")]
    [InlineData("101")]
    [InlineData("five")]
    [InlineData("-4")]
    public async Task A_threshold_out_of_range_is_a_problem_naming_the_field(string value)
    {
        (await _server.AdminAsync(HttpMethod.Put, "orgs/acme/roster", Roster())).EnsureSuccessStatusCode();
        var response = await _server.AdminAsync(HttpMethod.Get, "orgs/acme/threshold-check?anonymityThreshold=" + value);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.NotNull(problem["errors"]!["anonymityThreshold"]);
    }

    [Fact]
    public async Task Without_a_roster_the_check_is_not_found_and_without_the_key_unauthorized()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await _server.AdminAsync(HttpMethod.Get, "orgs/nobody/threshold-check")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _server.Client.GetAsync("orgs/acme/threshold-check")).StatusCode);
    }
}
