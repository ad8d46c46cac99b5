using System.Text.Json.Nodes;
using Microsoft.Playwright;
using SurveyNetwork.Functions.Tests.EndToEnd;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace SurveyNetwork.Functions.Tests.Browser;

/// <summary>
/// How quickly a respondent can answer: the test names ten colleagues and answers every required
/// question as a person would (typing a name until that person is among the first few matches, then
/// Enter if they are highlighted or a click on them; then one click per question) and counts each
/// click and key press; it also measures the page height with ten contacts.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SurveyPageSpeedTests(BrowserFixture browser, ITestOutputHelper output)
{
    private const int MaxInteractions = 60;
    private const double MaxScreens = 2.5;

    /// <summary>A 24-person department; several first names share their first letters.</summary>
    private static readonly string[] Names =
    [
        "Ana Silva", "Andrea Kim", "Anton Berg", "Marta Santos", "Mateo Ramos", "Maria Lopes", "Ken Tanaka", "Kenji Sato",
        "Sara Tan", "Samuel Reed", "Tariq Ali", "Tomas Novak", "Hana Nakamura", "Hugo Martin", "Ines Costa", "Ivan Petrov",
        "Oskar Holm", "Olga Ivanova", "Rosa Diaz", "Ruben Vidal", "Nadia Khan", "Noor Haddad", "Lena Weber", "Leila Amiri",
    ];

    /// <summary>The ten named, each with its frequency, personal and give-back answers.</summary>
    private static readonly (string Name, string Frequency, bool Personal, string GiveBack)[] Answers =
    [
        ("Marta Santos", "Daily", true, "Often"), ("Mateo Ramos", "Weekly", false, "Sometimes"), ("Ken Tanaka", "Weekly", false, "Rarely"),
        ("Andrea Kim", "Monthly", true, "Never"), ("Hugo Martin", "Daily", false, "Often"), ("Ines Costa", "Less than monthly", false, "Never"),
        ("Olga Ivanova", "Weekly", true, "Sometimes"), ("Ruben Vidal", "Monthly", false, "Rarely"), ("Noor Haddad", "Daily", true, "Often"),
        ("Tariq Ali", "Weekly", false, "Sometimes"),
    ];

    private static JsonNode Roster()
    {
        var people = new JsonArray();
        foreach (var (name, i) in Names.Append("Zed Quill").Select((n, i) => (n, i)))
        {
            people.Add(new JsonObject { ["id"] = $"s{i:D2}", ["name"] = name, ["teamId"] = i % 3 == 0 ? "eng" : "ops", ["function"] = "Engineering", ["level"] = 1 + (i % 3), ["location"] = "Lisbon" });
        }

        return new JsonObject
        {
            ["teams"] = new JsonArray(new JsonObject { ["id"] = "eng", ["name"] = "Engineering" }, new JsonObject { ["id"] = "ops", ["name"] = "Operations" }),
            ["people"] = people,
        };
    }

    /// <summary>How many of the first options a person takes in at a glance before typing more.</summary>
    private const int Glance = 5;

    /// <summary>Where a person is in the list of matches (the first is the highlighted one), or -1.</summary>
    private const string Position = "name => [...document.querySelectorAll('[role=listbox]:not([hidden]) [role=option] .name')].findIndex(n => n.textContent === name)";

    [Theory]
    [InlineData("desktop")]
    [InlineData("phone")]
    public async Task Ten_contacts_are_answered_in_at_most_sixty_interactions(string viewport)
    {
        var size = viewport == "phone" ? SurveyPageDriver.Phone : SurveyPageDriver.Desktop;
        await using var server = await LocalHostServer.StartAsync();
        var links = await SurveySeed.SeedAsync(server, Roster());
        await using var survey = await SurveyPageDriver.StartAsync(browser.Browser, size);
        await survey.OpenAsync(links["s24"]);
        var clicks = 0;
        var keys = 0;

        // Name all ten first: the search box keeps the focus after each pick.
        await survey.Picker.ClickAsync();
        clicks++;
        foreach (var (name, _, _, _) in Answers)
        {
            var typed = 0;
            int at;
            while ((at = await survey.Page.EvaluateAsync<int>(Position, name)) is < 0 or >= Glance)
            {
                Assert.True(typed < name.Length, $"Typing all of “{name}” did not bring that person into view.");
                await survey.Picker.PressAsync(name[typed] == ' ' ? "Space" : name[typed].ToString());
                typed++;
                keys++;
            }

            if (at == 0)
            {
                await survey.Picker.PressAsync("Enter");
                keys++;
            }
            else
            {
                await survey.Options.Nth(at).ClickAsync();
                clicks++;
            }
        }

        await Expect(survey.Contacts).ToHaveCountAsync(Answers.Length);
        foreach (var (name, frequency, personal, giveBack) in Answers)
        {
            var card = survey.Card(name);
            await card.GetByRole(AriaRole.Radio, new() { Name = frequency, Exact = true }).ClickAsync();
            await card.GetByRole(AriaRole.Radio, new() { Name = personal ? "Yes" : "No", Exact = true }).ClickAsync();
            await card.GetByRole(AriaRole.Radio, new() { Name = giveBack, Exact = true }).ClickAsync();
            clicks += 3;
        }

        await Expect(survey.ProgressText).ToContainTextAsync($"All {Answers.Length} contacts answered");
        var height = await survey.Page.EvaluateAsync<int>("() => document.documentElement.scrollHeight");
        await survey.Page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, $"survey-ten-{viewport}.png"), FullPage = true });
        await survey.Contacts.Nth(1).ScrollIntoViewIfNeededAsync();
        await survey.Page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, $"survey-ten-{viewport}-screen.png") });
        await survey.SendButton.ClickAsync();
        clicks++;
        await Expect(survey.Confirmation).ToBeVisibleAsync();

        var stored = await server.Store.GetSubmissionAsync("acme", "c1", "s24");
        Assert.Equal(Answers.Length, stored!.Contacts.Count);
        var screens = (double)height / size.Height;
        output.WriteLine($"{viewport} {size.Width}×{size.Height}: {clicks + keys} interactions ({clicks} clicks, {keys} key presses) for {Answers.Length} contacts; " +
            $"page height with {Answers.Length} contacts {height} px = {screens:F2} screens.");
        Assert.True(clicks + keys <= MaxInteractions, $"{clicks + keys} interactions, at most {MaxInteractions} wanted.");
        if (viewport == "desktop")
        {
            Assert.True(screens <= MaxScreens, $"The page is {screens:F2} screens tall, at most {MaxScreens} wanted.");
        }

        survey.AssertCleanRun(server.BaseUrl);
    }

    [Theory]
    [InlineData("desktop")]
    [InlineData("phone")]
    public async Task A_contact_is_answered_with_the_keyboard_alone_and_nothing_is_chosen_in_advance(string viewport)
    {
        await using var server = await LocalHostServer.StartAsync();
        var links = await SurveySeed.SeedAsync(server, Roster());
        await using var survey = await SurveyPageDriver.StartAsync(browser.Browser, viewport == "phone" ? SurveyPageDriver.Phone : SurveyPageDriver.Desktop);
        await survey.OpenAsync(links["s24"]);
        await survey.Picker.FocusAsync();
        await survey.Page.Keyboard.TypeAsync("hugo");
        await survey.Page.Keyboard.PressAsync("Enter");
        var card = survey.Card("Hugo Martin");
        await Expect(card.GetByRole(AriaRole.Radio).And(survey.Page.Locator(":checked"))).ToHaveCountAsync(0);
        await Expect(card.GetByRole(AriaRole.Checkbox).And(survey.Page.Locator(":checked"))).ToHaveCountAsync(0);

        // From the contact's Remove button: Tab enters each group, Space or an arrow key chooses.
        await card.GetByRole(AriaRole.Button, new() { Name = "Remove Hugo Martin" }).FocusAsync();
        await survey.Page.Keyboard.PressAsync("Tab");
        await Expect(card.GetByRole(AriaRole.Radio, new() { Name = "Less than monthly" })).ToBeFocusedAsync();
        await survey.Page.Keyboard.PressAsync("ArrowRight");
        await survey.Page.Keyboard.PressAsync("ArrowRight");
        await Expect(card.GetByRole(AriaRole.Radio, new() { Name = "Weekly", Exact = true })).ToBeCheckedAsync();
        await survey.Page.Keyboard.PressAsync("Tab");
        await survey.Page.Keyboard.PressAsync("Space");
        await Expect(card.GetByRole(AriaRole.Radio, new() { Name = "Yes", Exact = true })).ToBeCheckedAsync();
        await survey.Page.Keyboard.PressAsync("Tab");
        await survey.Page.Keyboard.PressAsync("ArrowRight");
        await Expect(card.GetByRole(AriaRole.Radio, new() { Name = "Rarely", Exact = true })).ToBeCheckedAsync();
        await survey.Page.Keyboard.PressAsync("Tab");
        await survey.Page.Keyboard.PressAsync("Space");
        await Expect(card.GetByRole(AriaRole.Checkbox, new() { Name = "Solutions" })).ToBeCheckedAsync();
        await Expect(survey.ProgressText).ToHaveTextAsync("Your 1 contact is answered · ready to send");
    }
}
