using Microsoft.Playwright;
using SurveyNetwork.Domain.Survey;
using SurveyNetwork.Functions.Tests.EndToEnd;
using static Microsoft.Playwright.Assertions;

namespace SurveyNetwork.Functions.Tests.Browser;

/// <summary>
/// The survey page limits free text as the server does: in characters as a reader sees them (grapheme
/// clusters), not in UTF-16 units, so a label of emoji or accented letters is neither cut short nor refused.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SurveyTextLengthTests(BrowserFixture browser)
{
    /// <summary>A flag: one character to a reader, four UTF-16 units.</summary>
    private const string Flag = "\U0001F1EF\U0001F1F5";

    /// <summary>A family emoji joined by zero-width joiners, which the server removes (format characters), leaving three.</summary>
    private const string Family = "\U0001F469\u200D\U0001F469\u200D\U0001F467";

    [Fact]
    public async Task An_outside_label_holds_as_many_emoji_as_the_server_allows_and_no_more()
    {
        var max = Vocabulary.OutsideLabelMaxLength;
        await using var server = await LocalHostServer.StartAsync();
        var links = await SurveySeed.SeedAsync(server, SurveySeed.Roster());
        await using var survey = await SurveyPageDriver.StartAsync(browser.Browser, SurveyPageDriver.Phone);
        await survey.OpenAsync(links["p2"]);
        await survey.AddOutsideAsync("Customer", string.Concat(Enumerable.Repeat(Flag, max + 5)));

        var label = survey.Contacts.Last.GetByRole(AriaRole.Textbox, new() { Name = "A short label (no real name needed)" });
        var value = await label.InputValueAsync();
        Assert.Equal(string.Concat(Enumerable.Repeat(Flag, max)), value);
        Assert.True(value.Length > max, "The label is longer than the limit in UTF-16 units, as the server allows.");
        await Expect(survey.Contacts.Last).ToContainTextAsync($"({max} of {max} used)");

        // Accented letters written with combining marks count one each too.
        await label.FillAsync(string.Concat(Enumerable.Repeat("e\u0301", max - 1)));
        Assert.Equal(2 * (max - 1), (await label.InputValueAsync()).Length);
        await Expect(survey.Contacts.Last).ToContainTextAsync($"({max - 1} of {max} used)");

        // Counted as the server stores it: without joiners a family is three characters, so 26 fit in 80.
        await label.FillAsync(string.Concat(Enumerable.Repeat(Family, max)));
        Assert.Equal(string.Concat(Enumerable.Repeat(Family, max / 3)), await label.InputValueAsync());
        await Expect(survey.Contacts.Last).ToContainTextAsync($"({max / 3 * 3} of {max} used)");

        // The server takes the label the page kept.
        await label.FillAsync(string.Concat(Enumerable.Repeat(Flag, max)));
        await SurveyPageDriver.AnswerAsync(survey.Contacts.Last, "Weekly", ["Solutions"], false, "Sometimes");
        await survey.SendButton.ClickAsync();
        await Expect(survey.Confirmation).ToBeFocusedAsync();
        survey.AssertCleanRun(server.BaseUrl);
    }
}
