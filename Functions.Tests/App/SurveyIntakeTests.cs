using SurveyNetwork.Domain.Survey;
using SurveyNetwork.Functions.App;
using SurveyNetwork.Functions.Tests.Storage;
using SurveyNetwork.Functions.Tests.Validation;

namespace SurveyNetwork.Functions.Tests.App;

/// <summary>The intake rules shared by the survey route and the import route, against a SQLite store in a temporary file.</summary>
public sealed class SurveyIntakeTests(SqliteFixture fixture) : IClassFixture<SqliteFixture>
{
    private readonly AppServices _app = new(fixture.Store);

    [Fact]
    public async Task A_valid_answer_is_stored_normalized_as_the_respondents_survey_answer()
    {
        await _app.SeedAsync();
        var me = await _app.Intake.OpenAsync(_app.TokenOf("p2"), default);
        Assert.True(me.Succeeded);

        var outside = TestData.Outside(label: "Pilot\u00A0\u00A0customer\u200B ");
        var stored = await _app.Intake.SubmitAsync(me.Value, AppServices.Answer(TestData.Contact("p1"), outside), default);

        Assert.True(stored.Succeeded, stored.Refusal?.ToString());
        var saved = await _app.Store.GetSubmissionAsync(_app.OrgId, "c1", "p2");
        Assert.NotNull(saved);
        Assert.Equal("survey", saved.Source);
        Assert.Equal(TestData.Now, saved.SubmittedAt);
        Assert.Equal("Pilot customer", saved.Contacts[1].OutsideLabel);
    }

    [Fact]
    public async Task An_invalid_answer_is_refused_naming_the_field_and_nothing_is_stored()
    {
        await _app.SeedAsync();
        var me = await _app.Intake.OpenAsync(_app.TokenOf("p2"), default);

        var stored = await _app.Intake.SubmitAsync(me.Value!, AppServices.Answer(TestData.Contact("p2")), default);

        var invalid = Assert.IsType<Refusal.Invalid>(stored.Refusal);
        Assert.Equal(["You cannot name yourself."], invalid.Errors["contacts[0].personId"]);
        Assert.Null(await _app.Store.GetSubmissionAsync(_app.OrgId, "c1", "p2"));
    }

    [Theory]
    [InlineData(2, "The survey is not open yet.")]
    [InlineData(-20, "The survey is closed.")]
    public async Task A_cycle_that_is_not_open_refuses_answers_before_they_are_read(int opensInDays, string title)
    {
        await _app.SeedAsync(opensInDays);

        var me = await _app.Intake.OpenAsync(_app.TokenOf("p2"), default);

        Assert.Equal(title, Assert.IsType<Refusal.Conflict>(me.Refusal).Title);
    }

    [Fact]
    public async Task An_inactive_person_is_refused_as_unauthorized()
    {
        await _app.SeedAsync();

        var me = await _app.Intake.OpenAsync(_app.TokenOf("p5"), default);

        Assert.Equal("This invitation is no longer valid.", Assert.IsType<Refusal.Unauthorized>(me.Refusal).Detail);
    }

    [Fact]
    public async Task An_import_with_one_bad_entry_stores_nothing_and_names_every_bad_entry()
    {
        await _app.SeedAsync();
        ImportEntry[] entries =
        [
            Entry("p1", 0, TestData.Contact("p2")),
            Entry("p5", 1, TestData.Contact("p1")),
            Entry("p1", 2, TestData.Contact("p3")),
        ];

        var imported = await _app.Intake.ImportAsync(_app.OrgId, "c1", entries, default);

        var invalid = Assert.IsType<Refusal.Invalid>(imported.Refusal);
        Assert.Equal(["entry1.respondentId", "entry2.respondentId"], invalid.Errors.Keys.Order());
        Assert.Equal("Nothing was imported: 2 field(s) are invalid.", invalid.Detail);
        Assert.Empty(await _app.Store.ListSubmissionsAsync(_app.OrgId, "c1"));
    }

    [Fact]
    public async Task A_valid_import_stores_one_answer_per_respondent_as_imported()
    {
        await _app.SeedAsync();

        var imported = await _app.Intake.ImportAsync(_app.OrgId, "c1", [Entry("p1", 4, TestData.Contact("p2")), Entry("p2", 7)], default);

        Assert.True(imported.Succeeded);
        Assert.Equal([(4, "p1", 1), (7, "p2", 0)], imported.Value.Select(r => (r.Row, r.RespondentId, r.Contacts)));
        var stored = await _app.Store.ListSubmissionsAsync(_app.OrgId, "c1");
        Assert.Equal(2, stored.Count);
        Assert.All(stored, s => Assert.Equal("import", s.Source));
    }

    [Fact]
    public async Task An_import_into_a_missing_cycle_is_refused_as_not_found()
    {
        await _app.SeedAsync();

        var imported = await _app.Intake.ImportAsync(_app.OrgId, "nope", [Entry("p1", 0)], default);

        Assert.Equal($"Cycle 'nope' of organization '{_app.OrgId}'", Assert.IsType<Refusal.NotFound>(imported.Refusal).What);
    }

    private static ImportEntry Entry(string respondentId, int row, params ContactAnswer[] contacts) =>
        new(respondentId, row, AppServices.Answer(contacts), key => key.Length == 0 ? $"entry{row}" : $"entry{row}.{key}");
}
