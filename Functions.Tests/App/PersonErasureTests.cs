using SurveyNetwork.Domain.Survey;
using SurveyNetwork.Functions.App;
using SurveyNetwork.Functions.Tests.Storage;
using SurveyNetwork.Functions.Tests.Validation;

namespace SurveyNetwork.Functions.Tests.App;

/// <summary>Erasure and invitation rules against a SQLite store in a temporary file.</summary>
public sealed class PersonErasureTests(SqliteFixture fixture) : IClassFixture<SqliteFixture>
{
    private readonly AppServices _app = new(fixture.Store);

    [Fact]
    public async Task Erasure_removes_the_person_their_answers_and_their_mentions_and_repeats_as_a_no_op()
    {
        await _app.SeedAsync();
        await _app.Intake.ImportAsync(_app.OrgId, "c1",
            [Entry("p1", TestData.Contact("p2"), TestData.Contact("p3")), Entry("p2", TestData.Contact("p1")), Entry("p3", TestData.Contact("p4"))], default);

        var erased = await _app.Erasure.EraseAsync(_app.OrgId, "p1", default);

        Assert.True(erased.Succeeded);
        Assert.Equal((true, 1, 1), (erased.Value.RemovedFromRoster, erased.Value.SubmissionsDeleted, erased.Value.MentionsRemoved));
        Assert.Equal(["c1"], erased.Value.CyclesTouched);
        var roster = await _app.Store.GetRosterAsync(_app.OrgId);
        Assert.DoesNotContain(roster!.People, p => p.Id == "p1");
        Assert.All(roster.People, p => Assert.NotEqual("p1", p.ManagerId));
        var left = await _app.Store.ListSubmissionsAsync(_app.OrgId, "c1");
        Assert.Equal(["p2", "p3"], left.Select(s => s.RespondentId).Order());
        Assert.DoesNotContain(left.SelectMany(s => s.Contacts), c => c.PersonId == "p1");

        var again = await _app.Erasure.EraseAsync(_app.OrgId, "p1", default);
        Assert.Equal((false, 0, 0), (again.Value!.RemovedFromRoster, again.Value.SubmissionsDeleted, again.Value.MentionsRemoved));
    }

    [Fact]
    public async Task Erasure_of_the_last_person_is_refused()
    {
        await _app.Store.ReplaceRosterAsync(new Roster(_app.OrgId, [new Team("t", "T")], [new Person("p1", "Ana", "t", "Eng", 1, "Lisbon")], TestData.Now));

        var erased = await _app.Erasure.EraseAsync(_app.OrgId, "p1", default);

        Assert.Equal("The roster's last person cannot be erased.", Assert.IsType<Refusal.Conflict>(erased.Refusal).Title);
        Assert.NotNull((await _app.Store.GetRosterAsync(_app.OrgId))!.PeopleById.GetValueOrDefault("p1"));
    }

    [Fact]
    public async Task Invitations_name_every_listed_id_that_is_not_an_active_person_and_record_nothing()
    {
        await _app.SeedAsync();

        var issued = await _app.Invitations.IssueAsync(_app.OrgId, "c1", ["p1", "p5", "ghost"], default);

        Assert.Equal(["personIds[1]", "personIds[2]"], Assert.IsType<Refusal.Invalid>(issued.Refusal).Errors.Keys.Order());
        Assert.Equal(0, (await _app.Store.GetCycleAsync(_app.OrgId, "c1"))!.InvitationsIssued);
    }

    [Fact]
    public async Task Invitations_go_to_every_active_person_with_tokens_that_resolve_to_them()
    {
        await _app.SeedAsync();

        var issued = await _app.Invitations.IssueAsync(_app.OrgId, "c1", null, default);

        Assert.Equal(["p1", "p2", "p3", "p4"], issued.Value!.Tokens.Select(t => t.Person.Id));
        var me = await _app.Access.ResolveAsync(issued.Value.Tokens[2].Value, default);
        Assert.Equal("p3", me.Value!.Person.Id);
        Assert.Equal(4, (await _app.Store.GetCycleAsync(_app.OrgId, "c1"))!.InvitationsIssued);
    }

    private static ImportEntry Entry(string respondentId, params ContactAnswer[] contacts) =>
        new(respondentId, 0, AppServices.Answer(contacts), key => key);
}
