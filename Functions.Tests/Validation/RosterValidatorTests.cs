using FluentValidation.TestHelper;
using SurveyNetwork.Domain.Csv;
using SurveyNetwork.Domain.Validation;

namespace SurveyNetwork.Functions.Tests.Validation;

public class RosterValidatorTests
{
    private static readonly RosterValidator Validator = new();

    private static RosterInput Roster(params PersonInput[] people) => new()
    {
        Teams = [new TeamInput { Id = "eng", Name = "Engineering" }],
        People = people,
    };

    private static PersonInput Person(string id, string? manager = null, string team = "eng") => new()
    {
        Id = id, Name = "Name " + id, TeamId = team, Function = "Engineering", Level = 2, Location = "Lisbon", ManagerId = manager,
    };

    [Fact]
    public void A_well_formed_roster_is_valid() =>
        Validator.TestValidate(Roster(Person("a"), Person("b", "a"))).ShouldNotHaveAnyValidationErrors();

    [Fact]
    public void Duplicate_person_ids_are_refused_at_the_second_row() =>
        Validator.TestValidate(Roster(Person("a"), Person("a"))).ShouldHaveValidationErrorFor("People[1].Id");

    [Fact]
    public void An_unknown_team_is_refused() =>
        Validator.TestValidate(Roster(Person("a", team: "nope"))).ShouldHaveValidationErrorFor("People[0].TeamId");

    [Fact]
    public void A_manager_who_is_not_on_the_roster_is_refused() =>
        Validator.TestValidate(Roster(Person("a", "ghost"))).ShouldHaveValidationErrorFor("People[0].ManagerId");

    [Fact]
    public void A_management_cycle_is_refused() =>
        Validator.TestValidate(Roster(Person("a", "c"), Person("b", "a"), Person("c", "b")))
            .ShouldHaveValidationErrorFor("People[0].ManagerId")
            .WithErrorMessage("Management cycle: 'a' is (indirectly) their own manager.");

    [Fact]
    public void Being_your_own_manager_is_refused() =>
        Validator.TestValidate(Roster(Person("a", "a"))).ShouldHaveValidationErrorFor("People[0].ManagerId");

    [Fact]
    public void A_level_out_of_range_is_refused() =>
        Validator.TestValidate(Roster(Person("a") with { Level = 0 })).ShouldHaveValidationErrorFor("People[0].Level");

    [Fact]
    public void An_id_with_forbidden_characters_is_refused() =>
        Validator.TestValidate(Roster(Person("a b/c"))).ShouldHaveValidationErrorFor("People[0].Id");

    [Fact]
    public void Csv_rows_become_people_and_teams_with_their_line_numbers()
    {
        var csv = "id,name,teamId,teamName,function,level,location,managerId,active\r\n" +
                  "a,\"Silva, Ana\",eng,Engineering,Engineering,3,Lisbon,,true\r\n" +
                  "b,Ben,ops,Operations,Operations,2,Berlin,a,no\r\n";
        var parsed = RosterCsv.Parse(csv);
        Assert.Empty(parsed.Errors);
        Assert.Equal(["Silva, Ana", "Ben"], parsed.Roster.People.Select(p => p.Name));
        Assert.Equal([2, 3], parsed.Lines);
        Assert.Equal(["eng", "ops"], parsed.Roster.Teams.Select(t => t.Id));
        Assert.False(parsed.Roster.People[1].Active);
        Validator.TestValidate(parsed.Roster).ShouldNotHaveAnyValidationErrors();
    }

    [Fact]
    public void A_csv_row_with_a_bad_level_is_reported_by_its_line()
    {
        var parsed = RosterCsv.Parse("id,name,teamId,function,level,location\na,Ana,eng,Eng,three,Lisbon\n");
        Assert.Contains("rows[2].level", parsed.Errors.Keys);
    }

    [Fact]
    public void An_unclosed_quote_in_csv_names_its_line()
    {
        var ex = Assert.Throws<CsvFormatException>(() => CsvTable.Parse("id,name\na,ok\nb,\"never closed\n"));
        Assert.Equal(3, ex.Line);
    }
}
