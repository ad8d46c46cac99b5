using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SurveyNetwork.Domain.Validation;
using SurveyNetwork.Functions.Tests.EndToEnd;

namespace SurveyNetwork.Functions.Tests.Trust;

/// <summary>Inputs the hostile-input suite found answered with a 500, each pinned down on its own.</summary>
public sealed class HostileInputRegressionTests
{
    [Theory]
    [InlineData("Ana\uFFFE Silva", "Ana Silva")]
    [InlineData("Ana\uFFFF", "Ana")]
    [InlineData("Ana \uD83D\uDE00", "Ana \uD83D\uDE00")] // a surrogate pair is text and stays
    [InlineData("Jose\u0301", "José")]
    public void Text_that_unicode_normalization_refuses_is_cleaned_rather_than_thrown_on(string raw, string normalized) =>
        Assert.Equal(normalized, Text.Normalize(raw));

    [Fact]
    public void Unpaired_surrogates_are_removed() =>
        Assert.Equal("Ana", Text.Normalize(new string(['\uD800', 'A', 'n', 'a', '\uDC00']))); // built here: attribute data cannot carry them

    [Fact]
    public async Task A_roster_name_holding_a_noncharacter_is_stored_without_it_instead_of_failing_with_500()
    {
        await using var server = await LocalHostServer.StartAsync();
        var roster = TrustData.Roster(3);
        roster["people"]![1]!["name"] = "Ben\uFFFE Okafor";
        roster["teams"]![0]!["name"] = "\uFFFFTeam";

        var response = await server.AdminAsync(HttpMethod.Put, "orgs/acme/roster", roster);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = await server.Store.GetRosterAsync("acme");
        Assert.Equal("Ben Okafor", stored!.People[1].Name);
        Assert.Equal("Team", stored.Teams[0].Name);
    }

    private const string Person = """{"id":"a","name":"A","teamId":"t0","function":"Eng","level":2,"location":"Lisbon"}""";
    private const string Team = """{"id":"t0","name":"Team"}""";

    [Theory]
    [InlineData("""{"teams":[""" + Team + """],"people":[null]}""", "people[0]")]
    [InlineData("""{"teams":[""" + Team + """],"people":[""" + Person + """,null]}""", "people[1]")]
    [InlineData("""{"teams":[null],"people":[""" + Person + """]}""", "teams[0]")]
    [InlineData("""{"teams":[""" + Team + """],"people":null}""", "people")]
    [InlineData("""{"teams":null,"people":[""" + Person + """]}""", "teams")]
    public async Task A_roster_with_null_rows_or_lists_gets_400_naming_them_instead_of_500(string body, string field)
    {
        await using var server = await LocalHostServer.StartAsync();

        var response = await server.AdminRawAsync(HttpMethod.Put, "orgs/acme/roster", body, "application/json");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.True(problem!["errors"]!.AsObject().ContainsKey(field), problem.ToJsonString());
        Assert.Null(await server.Store.GetRosterAsync("acme"));
    }

    [Theory]
    [InlineData("opensAt", "0001-01-01T00:00:00Z")]
    [InlineData("closesAt", "9999-12-31T23:59:59Z")]
    [InlineData("closesAt", "9999-12-01T00:00:00Z")]
    public async Task A_cycle_dated_at_the_ends_of_the_calendar_gets_400_instead_of_a_500_later(string field, string date)
    {
        await using var server = await LocalHostServer.StartAsync();
        await TrustData.SeedAsync(server, 5);
        var cycle = new JsonObject { ["id"] = "edge", ["title"] = "Edge", ["opensAt"] = "2026-01-01T00:00:00Z", ["closesAt"] = "2027-01-01T00:00:00Z" };
        cycle[field] = date;

        var created = await server.AdminAsync(HttpMethod.Post, "orgs/acme/cycles", cycle);
        var invited = await server.AdminAsync(HttpMethod.Post, "orgs/acme/cycles/edge/invitations");

        Assert.Equal(HttpStatusCode.BadRequest, created.StatusCode);
        Assert.True((await created.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().ContainsKey(field));
        Assert.Equal(HttpStatusCode.NotFound, invited.StatusCode);
    }

    [Fact]
    public async Task An_outside_label_holding_a_noncharacter_is_answered_without_a_500()
    {
        await using var server = await LocalHostServer.StartAsync();
        var tokens = await TrustData.SeedAsync(server, 5);
        var answer = new JsonObject
        {
            ["contacts"] = new JsonArray(new JsonObject
            {
                ["outsideKind"] = "customer", ["outsideLabel"] = "Pilot\uFFFF customer", ["frequency"] = "monthly",
                ["benefits"] = new JsonArray(), ["personal"] = false, ["giveBack"] = "never",
            }),
        };

        var response = await server.AsRespondentAsync(HttpMethod.Put, "survey/response", tokens["r0001"], answer);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = await server.Store.GetSubmissionAsync("acme", "c1", "r0001");
        Assert.Equal("Pilot customer", Assert.Single(stored!.Contacts).OutsideLabel);
        Assert.Equal(1, (await response.Content.ReadFromJsonAsync<JsonObject>())!["contacts"]!.GetValue<int>());
    }
}
