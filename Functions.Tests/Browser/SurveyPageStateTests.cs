using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SurveyNetwork.Functions.Tests.EndToEnd;
using static Microsoft.Playwright.Assertions;

namespace SurveyNetwork.Functions.Tests.Browser;

/// <summary>
/// What the survey page tells a respondent about where they are: the error summary, what screen
/// readers hear after a pick, the saved answer on a later visit, and how long is left.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SurveyPageStateTests(BrowserFixture browser)
{
    private const string LongLabel = "The regional logistics partner who handles our customs paperwork every quarter";

    [Fact]
    public async Task The_error_summary_has_one_line_per_contact_follows_the_fields_and_keeps_bullets_on_the_first_line()
    {
        await using var server = await LocalHostServer.StartAsync();
        var links = await SurveySeed.SeedAsync(server, SurveySeed.Roster());
        await using var survey = await SurveyPageDriver.StartAsync(browser.Browser, SurveyPageDriver.Phone);
        await survey.OpenAsync(links["p2"]);
        await survey.TypeAsync("dmitri");
        await survey.Picker.PressAsync("Enter");
        await survey.TypeAsync("chloe");
        await survey.Picker.PressAsync("Enter");
        await survey.AddOutsideAsync("Customer", LongLabel);

        await survey.SendButton.ClickAsync();
        var summary = survey.Page.Locator("#error-summary");
        await Expect(summary).ToBeFocusedAsync();
        var lines = summary.GetByRole(AriaRole.Listitem);
        await Expect(lines).ToHaveCountAsync(3);
        await Expect(summary.GetByRole(AriaRole.Heading)).ToHaveTextAsync("Please check the answers about these 3 contacts");
        await Expect(lines.Nth(0)).ToContainTextAsync("Dmitri Petrov:");

        // A wrapped line keeps its bullet beside its first line, not its last.
        var outside = lines.Nth(2);
        var box = await outside.GetByRole(AriaRole.Button).BoundingBoxAsync();
        var bullet = await outside.Locator(".bullet").BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.NotNull(bullet);
        Assert.True(box.Height > 2.5 * bullet.Height, $"The long line should wrap on a phone (button {box.Height:F0} px tall).");
        Assert.True(Math.Abs(bullet.Y - box.Y) < bullet.Height / 2, $"Bullet at y={bullet.Y:F0}, its line starts at y={box.Y:F0}.");

        // Each answer given shortens the summary; once all are given it goes away.
        await SurveyPageDriver.AnswerAsync(survey.Card("Dmitri Petrov"), "Weekly", [], false, "Never");
        await Expect(lines).ToHaveCountAsync(2);
        await Expect(summary).Not.ToContainTextAsync("Dmitri Petrov");
        await Expect(summary.GetByRole(AriaRole.Heading)).ToHaveTextAsync("Please check the answers about these 2 contacts");
        await SurveyPageDriver.AnswerAsync(survey.Card("Chloé Martin"), "Daily", [], true, null);
        await Expect(lines.Filter(new() { HasText = "Chloé Martin" })).ToContainTextAsync("Choose how often this person comes to you for help.");
        await Expect(lines.Filter(new() { HasText = "Chloé Martin" })).Not.ToContainTextAsync("Choose yes or no.");
        await SurveyPageDriver.AnswerAsync(survey.Card("Chloé Martin"), "Daily", [], true, "Often");
        await SurveyPageDriver.AnswerAsync(survey.Contacts.Nth(2), "Monthly", [], false, "Rarely");
        await Expect(summary).ToBeHiddenAsync();
        survey.AssertCleanRun(server.BaseUrl);
    }

    [Fact]
    public async Task Screen_readers_hear_the_count_including_the_person_just_added()
    {
        await using var server = await LocalHostServer.StartAsync();
        var links = await SurveySeed.SeedAsync(server, SurveySeed.Roster());
        await using var survey = await SurveyPageDriver.StartAsync(browser.Browser);
        await survey.OpenAsync(links["p2"]);
        var status = survey.Page.Locator("#picker-status");

        await survey.TypeAsync("dmitri");
        await survey.Picker.PressAsync("Enter");
        await Expect(status).ToHaveTextAsync("Dmitri Petrov added. 1 contact named.");
        await survey.TypeAsync("chlo");
        await survey.Options.First.ClickAsync();
        await Expect(status).ToHaveTextAsync("Chloé Martin added. 2 contacts named.");
        await survey.Page.GetByRole(AriaRole.Button, new() { Name = "Add someone outside the organization" }).ClickAsync();
        await Expect(status).ToHaveTextAsync("Outside contact added. 3 contacts named.");
    }

    [Fact]
    public async Task A_returning_respondent_sees_what_they_sent_when_and_their_profile_and_can_change_it()
    {
        await using var server = await LocalHostServer.StartAsync();
        var links = await SurveySeed.SeedAsync(server, SurveySeed.Roster());
        Assert.Equal(HttpStatusCode.OK, (await server.AsRespondentAsync(HttpMethod.Put, "survey/response", SurveySeed.TokenOf(links["p2"]), new
        {
            contacts = new object[]
            {
                new { personId = "p1", frequency = "daily", benefits = new[] { "solutions" }, personal = true, giveBack = "often" },
                new { personId = "p4", frequency = "monthly", benefits = Array.Empty<string>(), personal = false, giveBack = "never" },
            },
        })).StatusCode);

        await using var survey = await SurveyPageDriver.StartAsync(browser.Browser);
        await survey.OpenAsync(links["p2"]);
        await Expect(survey.Page.GetByRole(AriaRole.Heading, new() { Name = "Your answers are saved" })).ToBeVisibleAsync();
        await Expect(survey.Page.GetByText(new Regex("^You sent your answers about 2 contacts on .+\\. You can change them with the same link until "))).ToBeVisibleAsync();
        var sent = survey.Page.GetByRole(AriaRole.List, new() { Name = "What you sent" }).GetByRole(AriaRole.Listitem);
        await Expect(sent).ToHaveTextAsync(["Ana Silva — Daily · Solutions · personal too · comes to you: often", "Dmitri Petrov — Monthly · work only · comes to you: never"]);
        var profile = survey.Page.GetByRole(AriaRole.Link, new() { Name = "See your personal network profile" });
        await Expect(profile).ToBeVisibleAsync();
        await Expect(profile).ToHaveAttributeAsync("href", new Regex("#token="));
        Assert.DoesNotContain("ready to send", await survey.Page.Locator("body").InnerTextAsync(), StringComparison.OrdinalIgnoreCase);
        await Expect(survey.SendButton).ToBeHiddenAsync();

        await survey.ChangeAnswersAsync();
        await Expect(survey.Card("Ana Silva").GetByRole(AriaRole.Radio, new() { Name = "Daily", Exact = true })).ToBeCheckedAsync();
        await Expect(survey.SendButton).ToHaveTextAsync("Save my changes");
        survey.AssertCleanRun(server.BaseUrl);
    }

    [Fact]
    public async Task A_closed_cycle_shows_the_sent_answer_read_only_with_no_call_to_send_or_time_estimate()
    {
        await using var server = await LocalHostServer.StartAsync();
        var links = await SurveySeed.SeedAsync(server, SurveySeed.Roster());
        Assert.True((await server.AsRespondentAsync(HttpMethod.Put, "survey/response", SurveySeed.TokenOf(links["p2"]), new
        {
            contacts = new[] { new { personId = "p4", frequency = "weekly", benefits = Array.Empty<string>(), personal = false, giveBack = "never" } },
        })).IsSuccessStatusCode);
        Assert.True((await server.AdminAsync(HttpMethod.Post, "orgs/acme/cycles/c1/close")).IsSuccessStatusCode);

        await using var survey = await SurveyPageDriver.StartAsync(browser.Browser);
        await survey.OpenAsync(links["p2"]);
        await survey.WaitForStateAsync("closed");
        await Expect(survey.Page.GetByText(new Regex("You sent your answers about 1 contact on .+\\. Your answers can no longer be changed\\."))).ToBeVisibleAsync();
        await Expect(survey.Page.GetByRole(AriaRole.List, new() { Name = "What you sent" })).ToHaveTextAsync("Dmitri Petrov — Weekly · work only · comes to you: never");
        await Expect(survey.Page.GetByRole(AriaRole.Link, new() { Name = "See your personal network profile" })).ToBeVisibleAsync();
        var text = await survey.Page.Locator("body").InnerTextAsync();
        Assert.DoesNotContain("ready to send", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("minute", text, StringComparison.OrdinalIgnoreCase);
        await Expect(survey.Page.GetByRole(AriaRole.Button, new() { Name = "Change my answers" })).ToHaveCountAsync(0);
        survey.AssertCleanRun(server.BaseUrl);
    }

    [Fact]
    public async Task The_page_gives_one_time_estimate_at_a_time()
    {
        await using var server = await LocalHostServer.StartAsync();
        var links = await SurveySeed.SeedAsync(server, SurveySeed.Roster());
        await using var survey = await SurveyPageDriver.StartAsync(browser.Browser);
        await survey.OpenAsync(links["p2"]);

        async Task<int> EstimatesAsync() => Regex.Matches(await survey.Page.Locator("body").InnerTextAsync(), "minute", RegexOptions.IgnoreCase).Count;

        Assert.Equal(1, await EstimatesAsync());
        await survey.TypeAsync("dmitri");
        await survey.Picker.PressAsync("Enter");
        Assert.Equal(1, await EstimatesAsync());
        await SurveyPageDriver.AnswerAsync(survey.Card("Dmitri Petrov"), "Weekly", [], false, null);
        Assert.Equal(1, await EstimatesAsync());
    }
}
