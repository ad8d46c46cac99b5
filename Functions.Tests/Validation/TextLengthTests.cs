using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FluentValidation.TestHelper;
using SurveyNetwork.Domain.Survey;
using SurveyNetwork.Domain.Validation;
using SurveyNetwork.Functions.Tests.EndToEnd;

namespace SurveyNetwork.Functions.Tests.Validation;

/// <summary>Text limits count what a reader sees as characters (grapheme clusters), not UTF-16 units.</summary>
public sealed class TextLengthTests
{
    private const string Emoji = "\U0001F600"; // two UTF-16 units
    private const string Scotland = "\U0001F3F4\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F"; // a tag sequence: 14 units, one character
    private const string Thumb = "\U0001F44D\U0001F3FD"; // with a skin-tone modifier: 4 units, one character
    private const string Flag = "\U0001F1F5\U0001F1F9"; // regional indicators: one flag

    private static string Repeat(string s, int n) => string.Concat(Enumerable.Repeat(s, n));

    [Theory]
    [InlineData("abc", 3)]
    [InlineData(Emoji + Emoji, 2)]
    [InlineData(Scotland, 1)]
    [InlineData(Thumb + Thumb, 2)]
    [InlineData(Flag + "x", 2)]
    [InlineData("e\u0301", 1)]
    public void Characters_are_grapheme_clusters(string text, int count) => Assert.Equal(count, TextLength.Count(text));

    private static TestValidationResult<SurveyAnswer> Validate(string label) =>
        new SurveyAnswerValidator().TestValidate(new SurveyContext(TestData.Cycle(), TestData.Roster(), "p2")
            .For(new SurveyAnswer { Contacts = [TestData.Outside(label: label)] }));

    [Theory]
    [InlineData(Emoji)]
    [InlineData(Scotland)]
    [InlineData(Thumb)]
    [InlineData(Flag)]
    [InlineData("é")]
    public void An_outside_label_of_80_characters_is_accepted_whatever_their_size_in_utf16(string character) =>
        Validate(Repeat(character, 80)).ShouldNotHaveAnyValidationErrors();

    [Fact]
    public void An_outside_label_of_81_emoji_is_refused_saying_how_characters_are_counted() =>
        Validate(Repeat(Emoji, 81)).ShouldHaveValidationErrorFor("contacts[0].outsideLabel")
            .WithErrorMessage("outsideLabel must be at most 80 characters (counted as a reader sees them: Unicode grapheme clusters).");

    [Fact]
    public void A_few_characters_stacked_with_thousands_of_combining_marks_are_refused() =>
        Validate(Repeat("a" + Repeat("\u0301", 500), 3)).ShouldHaveValidationErrorFor("contacts[0].outsideLabel");

    [Fact]
    public void Names_titles_functions_and_locations_count_characters_the_same_way()
    {
        var roster = new RosterInput
        {
            Teams = [new TeamInput { Id = "eng", Name = Repeat(Scotland, 200), ParentUnit = Repeat(Emoji, 200) }],
            People = [new PersonInput { Id = "a", Name = Repeat(Emoji, 200), TeamId = "eng", Function = Repeat(Flag, 100), Location = Repeat(Emoji, 100), Level = 1 }],
        };
        new RosterValidator().TestValidate(roster).ShouldNotHaveAnyValidationErrors();

        var tooLong = roster with
        {
            Teams = [new TeamInput { Id = "eng", Name = Repeat(Scotland, 201), ParentUnit = Repeat(Emoji, 201) }],
            People = [roster.People[0] with { Name = Repeat(Emoji, 201), Function = Repeat(Flag, 101), Location = Repeat(Emoji, 101) }],
        };
        var result = new RosterValidator().TestValidate(tooLong);
        foreach (var field in new[] { "Teams[0].Name", "Teams[0].ParentUnit", "People[0].Name", "People[0].Function", "People[0].Location" })
            Assert.Contains("grapheme clusters", Assert.Single(result.ShouldHaveValidationErrorFor(field)).ErrorMessage, StringComparison.Ordinal);

        var cycle = new CycleInput { Id = "c1", Title = Repeat(Emoji, 200), ClosesAt = TestData.Now.AddDays(7) };
        new CycleInputValidator().TestValidate(cycle).ShouldNotHaveValidationErrorFor("Title");
        new CycleInputValidator().TestValidate(cycle with { Title = Repeat(Emoji, 201) }).ShouldHaveValidationErrorFor("Title");
    }

    [Fact]
    public async Task A_respondent_can_send_an_outside_label_of_80_emoji()
    {
        await using var server = await LocalHostServer.StartAsync();
        var tokens = await server.SeedAsync();
        var label = Repeat(Emoji, 80);
        var answer = new JsonObject
        {
            ["contacts"] = new JsonArray(new JsonObject
            {
                ["outsideKind"] = "customer", ["outsideLabel"] = label, ["frequency"] = "monthly",
                ["benefits"] = new JsonArray(), ["personal"] = false, ["giveBack"] = "never",
            }),
        };

        var response = await server.AsRespondentAsync(HttpMethod.Put, "survey/response", tokens["p2"], answer);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(label, Assert.Single((await server.Store.GetSubmissionAsync("acme", "c1", "p2"))!.Contacts).OutsideLabel);
    }
}
