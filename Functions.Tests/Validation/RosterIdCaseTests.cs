using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FluentValidation.TestHelper;
using SurveyNetwork.Domain.Validation;
using SurveyNetwork.Functions.Tests.EndToEnd;

namespace SurveyNetwork.Functions.Tests.Validation;

/// <summary>
/// Person and team ids are unique ignoring case ("C01" and "c01" are one id, as spreadsheet users
/// expect); references to them (teamId, managerId) still match exactly.
/// </summary>
public sealed class RosterIdCaseTests
{
    private static PersonInput Person(string id, string team = "eng", string? manager = null) => new()
    {
        Id = id, Name = "Name " + id, TeamId = team, Function = "Engineering", Level = 2, Location = "Lisbon", ManagerId = manager,
    };

    private static RosterInput Roster(TeamInput[] teams, params PersonInput[] people) => new() { Teams = teams, People = people };

    private static readonly TeamInput[] Eng = [new() { Id = "eng", Name = "Engineering" }];

    [Fact]
    public void Person_ids_differing_only_in_case_are_one_id_refused_at_the_second_row()
    {
        var error = Assert.Single(new RosterValidator().TestValidate(Roster(Eng, Person("C01"), Person("b"), Person("c01")))
            .ShouldHaveValidationErrorFor("People[2].Id")).ErrorMessage;
        Assert.Contains("'C01'", error, StringComparison.Ordinal);
        Assert.Contains("ignoring case", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Team_ids_differing_only_in_case_are_one_id_refused_at_the_second_team() =>
        new RosterValidator().TestValidate(Roster([new() { Id = "Eng", Name = "A" }, new() { Id = "eng", Name = "B" }], Person("a")))
            .ShouldHaveValidationErrorFor("Teams[1].Id");

    [Fact]
    public void References_must_match_an_id_exactly()
    {
        var result = new RosterValidator().TestValidate(Roster(Eng, Person("Boss"), Person("a", team: "ENG", manager: "boss")));
        result.ShouldHaveValidationErrorFor("People[1].TeamId");
        result.ShouldHaveValidationErrorFor("People[1].ManagerId");
    }

    [Fact]
    public async Task A_roster_with_C01_and_c01_gets_400_naming_the_duplicate_and_nothing_is_stored()
    {
        await using var server = await LocalHostServer.StartAsync();
        var roster = LocalHostServer.TestRoster;
        roster["people"]![3]!["id"] = "P1";

        var response = await server.AdminAsync(HttpMethod.Put, "orgs/acme/roster", roster);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.True(problem!["errors"]!.AsObject().ContainsKey("people[3].id"), problem.ToJsonString());
        Assert.Null(await server.Store.GetRosterAsync("acme"));
    }
}
