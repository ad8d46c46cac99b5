using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SurveyNetwork.Domain.Survey;
using SurveyNetwork.Functions.Tests.EndToEnd;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace SurveyNetwork.Functions.Tests.Browser;

/// <summary>
/// The survey page in real Chromium against LocalHost and its SQLite store: a respondent fills it in
/// by typing names and choosing answers, and the stored submission must equal what they entered.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SurveyPageTests(BrowserFixture browser, ITestOutputHelper output)
{
    [Fact]
    public async Task A_respondent_types_names_answers_adds_an_outside_contact_and_the_stored_answer_is_what_they_entered()
    {
        await using var server = await LocalHostServer.StartAsync();
        var links = await SurveySeed.SeedAsync(server, SurveySeed.Roster(), new { askEnergy = true });
        await using var survey = await SurveyPageDriver.StartAsync(browser.Browser, SurveyPageDriver.Phone);
        await survey.OpenAsync(links["p2"]);
        output.WriteLine($"Page usable {await survey.ReadyAtAsync():F0} ms after navigation start (6-person roster).");

        await Expect(survey.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Spring network survey");
        await Expect(survey.Page.GetByText("Hello Ben Okafor.")).ToBeVisibleAsync();
        await Expect(survey.ProgressText).ToContainTextAsync("No contacts named yet");
        await survey.ScreenshotsAsync("survey-empty");

        // Two people share a name: team and function tell them apart; the keyboard picks one.
        await survey.TypeAsync("ana s");
        await Expect(survey.Options).ToHaveCountAsync(2);
        await Expect(survey.Options.Nth(0)).ToContainTextAsync("Engineering · Engineering");
        await Expect(survey.Options.Nth(1)).ToContainTextAsync("Sales · Sales");
        await Expect(survey.Picker).ToHaveAttributeAsync("aria-expanded", "true");
        await survey.ScreenshotsAsync("survey-picker");
        await survey.Picker.PressAsync("ArrowDown");
        await Expect(survey.Picker).ToHaveAttributeAsync("aria-activedescendant", await survey.Options.Nth(1).GetAttributeAsync("id") ?? "");
        await survey.Picker.PressAsync("ArrowUp");
        await survey.Picker.PressAsync("Enter");
        await Expect(survey.Card("Ana Silva")).ToContainTextAsync("Engineering · Engineering");
        await Expect(survey.Picker).ToBeFocusedAsync();
        await Expect(survey.Picker).ToHaveValueAsync("");

        // Accents are optional when typing; a click picks too. Inactive people and oneself are not offered.
        await survey.TypeAsync("chloe");
        await survey.Options.Filter(new() { HasText = "Chloé Martin" }).ClickAsync();
        await survey.TypeAsync("eva");
        await Expect(survey.Options).ToHaveCountAsync(1);
        await Expect(survey.Options).ToHaveTextAsync("No one on the roster matches “eva”");
        await survey.ClearPickerAsync();
        await survey.TypeAsync("ben");
        await Expect(survey.Page.GetByRole(AriaRole.Option, new() { Name = "Ben Okafor" })).ToHaveCountAsync(0);
        await survey.Picker.PressAsync("Escape");
        await survey.Picker.PressAsync("Escape");

        await survey.AddOutsideAsync("Supplier or partner", "Cloud hosting vendor");
        await Expect(survey.Contacts).ToHaveCountAsync(3);
        await Expect(survey.ProgressText).ToContainTextAsync("0 of 3 contacts answered");

        await SurveyPageDriver.AnswerAsync(survey.Card("Ana Silva"), "Daily", ["Solutions", "Validation"], true, "Often", "5 – Energizing");
        await Expect(survey.ProgressText).ToContainTextAsync("1 of 3 contacts answered");
        await SurveyPageDriver.AnswerAsync(survey.Card("Chloé Martin"), "Monthly", ["Pointers to who knows"], false, "Sometimes");
        await SurveyPageDriver.AnswerAsync(survey.Card("Cloud hosting vendor (outside the organization)"), "Weekly", ["Problem reformulation"], false, "Rarely");
        await Expect(survey.ProgressText).ToContainTextAsync("All 3 contacts answered");
        await survey.ScreenshotsAsync("survey-filled");

        await survey.SendButton.ClickAsync();
        await Expect(survey.Confirmation).ToBeFocusedAsync();
        await Expect(survey.Page.GetByText("We received your answers about 3 contacts")).ToBeVisibleAsync();
        await survey.ScreenshotsAsync("survey-confirmation");

        var stored = await server.Store.GetSubmissionAsync("acme", "c1", "p2");
        Assert.NotNull(stored);
        Assert.Equal(SurveySeed.Json(
        [
            new ContactAnswer { PersonId = "p1", Frequency = Frequency.Daily, Benefits = [Benefit.Solutions, Benefit.Validation], Personal = true, GiveBack = GiveBack.Often, Energy = 5 },
            new ContactAnswer { PersonId = "p3", Frequency = Frequency.Monthly, Benefits = [Benefit.PointersToWhoKnows], Personal = false, GiveBack = GiveBack.Sometimes },
            new ContactAnswer { OutsideKind = OutsideKind.SupplierOrPartner, OutsideLabel = "Cloud hosting vendor", Frequency = Frequency.Weekly, Benefits = [Benefit.ProblemReformulation], Personal = false, GiveBack = GiveBack.Rarely },
        ]), SurveySeed.Json(stored.Contacts));

        survey.AssertCleanRun(server.BaseUrl);
        Assert.Empty(await survey.Context.CookiesAsync());
        Assert.DoesNotContain(survey.Requests, u => u.Contains(SurveySeed.TokenOf(links["p2"]), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_field_error_from_the_server_is_shown_at_the_contact_it_names_and_can_be_fixed()
    {
        await using var server = await LocalHostServer.StartAsync();
        var links = await SurveySeed.SeedAsync(server, SurveySeed.Roster());
        await using var survey = await SurveyPageDriver.StartAsync(browser.Browser);
        await survey.OpenAsync(links["p2"]);

        await survey.TypeAsync("dmitri");
        await survey.Picker.PressAsync("Enter");
        await survey.TypeAsync("ana silva");
        await survey.Picker.PressAsync("Enter");
        await SurveyPageDriver.AnswerAsync(survey.Card("Dmitri Petrov"), "Weekly", [], false, "Never");
        await SurveyPageDriver.AnswerAsync(survey.Card("Ana Silva"), "Daily", ["Solutions"], true, null);

        // A missing answer is caught on the page, at its question.
        await survey.SendButton.ClickAsync();
        var giveBack = survey.Card("Ana Silva").GetByRole(AriaRole.Group, new() { Name = "How often does this person come to you for help?" });
        await Expect(giveBack.Locator(".field-error")).ToHaveTextAsync("Choose how often this person comes to you for help.");
        await Expect(giveBack).ToHaveAccessibleDescriptionAsync("Error: Choose how often this person comes to you for help.");
        Assert.Null(await server.Store.GetSubmissionAsync("acme", "c1", "p2"));
        await giveBack.GetByRole(AriaRole.Radio, new() { Name = "Often" }).CheckAsync();
        await Expect(giveBack.Locator(".field-error")).ToBeHiddenAsync();

        // Meanwhile Dmitri leaves the organization: the server names contacts[0].personId.
        var put = await server.AdminAsync(HttpMethod.Put, "orgs/acme/roster", SurveySeed.Roster(inactive: "p4"));
        Assert.True(put.IsSuccessStatusCode);
        await survey.SendButton.ClickAsync();

        var dmitri = survey.Card("Dmitri Petrov");
        await Expect(dmitri.Locator(".field-error").First).ToContainTextAsync("no longer active on the roster");
        await Expect(survey.Card("Ana Silva").Locator(".field-error:visible")).ToHaveCountAsync(0);
        var summary = survey.Page.Locator("#error-summary");
        await Expect(summary).ToBeFocusedAsync();
        await Expect(summary).ToContainTextAsync("Dmitri Petrov:");
        await survey.ScreenshotsAsync("survey-server-error");
        Assert.Null(await server.Store.GetSubmissionAsync("acme", "c1", "p2"));

        // The summary leads to the contact; removing it and sending again succeeds.
        await summary.GetByRole(AriaRole.Button).First.ClickAsync();
        await Expect(dmitri.GetByRole(AriaRole.Button, new() { Name = "Remove Dmitri Petrov" })).ToBeFocusedAsync();
        await survey.Page.Keyboard.PressAsync("Enter");
        await Expect(survey.Contacts).ToHaveCountAsync(1);
        await survey.SendButton.ClickAsync();
        await Expect(survey.Confirmation).ToBeVisibleAsync();
        var stored = await server.Store.GetSubmissionAsync("acme", "c1", "p2");
        Assert.Equal(["p1"], stored!.Contacts.Select(c => c.PersonId));
        survey.AssertCleanRun(server.BaseUrl, "status of 400");
    }

    [Fact]
    public async Task Reopening_the_link_shows_the_saved_answer_and_edits_replace_it()
    {
        await using var server = await LocalHostServer.StartAsync();
        var links = await SurveySeed.SeedAsync(server, SurveySeed.Roster());
        var first = await server.AsRespondentAsync(HttpMethod.Put, "survey/response", SurveySeed.TokenOf(links["p2"]), new
        {
            contacts = new object[]
            {
                new { personId = "p1", frequency = "daily", benefits = new[] { "solutions" }, personal = true, giveBack = "often" },
                new { personId = "p3", frequency = "monthly", benefits = Array.Empty<string>(), personal = false, giveBack = "never" },
                new { outsideKind = "customer", outsideLabel = "Pilot customer", frequency = "weekly", benefits = new[] { "validation" }, personal = false, giveBack = "rarely" },
            },
        });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        await using var survey = await SurveyPageDriver.StartAsync(browser.Browser);
        await survey.OpenAsync(links["p2"]);
        await survey.ChangeAnswersAsync();
        await Expect(survey.Page.GetByText("You sent your answers on")).ToBeVisibleAsync();
        await Expect(survey.Contacts).ToHaveCountAsync(3);
        var ana = survey.Card("Ana Silva");
        await Expect(ana.GetByRole(AriaRole.Radio, new() { Name = "Daily", Exact = true })).ToBeCheckedAsync();
        await Expect(ana.GetByRole(AriaRole.Checkbox, new() { Name = "Solutions" })).ToBeCheckedAsync();
        await Expect(ana.GetByRole(AriaRole.Radio, new() { Name = "Yes", Exact = true })).ToBeCheckedAsync();
        var outside = survey.Card("Pilot customer (outside the organization)");
        await Expect(outside.GetByRole(AriaRole.Combobox, new() { Name = "What kind of outside contact is this?" })).ToHaveValueAsync("customer");
        await Expect(outside.GetByRole(AriaRole.Textbox)).ToHaveValueAsync("Pilot customer");
        await Expect(survey.ProgressText).ToContainTextAsync("All 3 contacts answered");
        await Expect(survey.SendButton).ToHaveTextAsync("Save my changes");
        await survey.ScreenshotsAsync("survey-reopened");

        // Edit: Ana becomes weekly, Chloé goes, Dmitri comes in, the customer label changes.
        await ana.GetByRole(AriaRole.Radio, new() { Name = "Weekly", Exact = true }).CheckAsync();
        await ana.GetByRole(AriaRole.Checkbox, new() { Name = "Legitimation" }).CheckAsync();
        await survey.Card("Chloé Martin").GetByRole(AriaRole.Button, new() { Name = "Remove Chloé Martin" }).ClickAsync();
        await survey.TypeAsync("petrov");
        await survey.Picker.PressAsync("Enter");
        await SurveyPageDriver.AnswerAsync(survey.Card("Dmitri Petrov"), "Less than monthly", ["Pointers to who knows"], false, "Sometimes");
        await outside.GetByRole(AriaRole.Textbox).FillAsync("Pilot customer in Porto");
        await survey.SendButton.ClickAsync();
        await Expect(survey.Confirmation).ToBeVisibleAsync();

        var stored = await server.Store.GetSubmissionAsync("acme", "c1", "p2");
        Assert.Equal(SurveySeed.Json(
        [
            new ContactAnswer { PersonId = "p1", Frequency = Frequency.Weekly, Benefits = [Benefit.Solutions, Benefit.Legitimation], Personal = true, GiveBack = GiveBack.Often },
            new ContactAnswer { OutsideKind = OutsideKind.Customer, OutsideLabel = "Pilot customer in Porto", Frequency = Frequency.Weekly, Benefits = [Benefit.Validation], Personal = false, GiveBack = GiveBack.Rarely },
            new ContactAnswer { PersonId = "p4", Frequency = Frequency.LessThanMonthly, Benefits = [Benefit.PointersToWhoKnows], Personal = false, GiveBack = GiveBack.Sometimes },
        ]), SurveySeed.Json(stored!.Contacts));

        // The edit is what the link shows next time.
        await survey.Page.ReloadAsync();
        await survey.WaitForStateAsync("saved");
        await survey.ChangeAnswersAsync();
        await Expect(survey.Contacts).ToHaveCountAsync(3);
        await Expect(survey.Card("Dmitri Petrov").GetByRole(AriaRole.Radio, new() { Name = "Less than monthly" })).ToBeCheckedAsync();
        survey.AssertCleanRun(server.BaseUrl);
    }

    [Fact]
    public async Task After_the_cycle_closes_the_link_shows_the_answer_without_letting_it_change()
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
        await Expect(survey.Page.GetByText(new Regex("You sent your answers about 1 contact on .+\\. Your answers can no longer be changed\\."))).ToBeVisibleAsync();
        await Expect(survey.Page.GetByRole(AriaRole.List, new() { Name = "What you sent" })).ToContainTextAsync("Dmitri Petrov — Weekly");
        await Expect(survey.Page.GetByRole(AriaRole.Button, new() { Name = "Change my answers" })).ToHaveCountAsync(0);
        await Expect(survey.Picker).ToBeHiddenAsync();
        await Expect(survey.SendButton).ToBeHiddenAsync();
        survey.AssertCleanRun(server.BaseUrl);
    }

    [Fact]
    public async Task A_network_failure_keeps_the_answers_and_retry_sends_them()
    {
        await using var server = await LocalHostServer.StartAsync();
        var links = await SurveySeed.SeedAsync(server, SurveySeed.Roster());
        await using var survey = await SurveyPageDriver.StartAsync(browser.Browser);
        await survey.OpenAsync(links["p3"]);
        await survey.TypeAsync("okafor");
        await survey.Picker.PressAsync("Enter");
        await SurveyPageDriver.AnswerAsync(survey.Card("Ben Okafor"), "Weekly", ["Solutions"], false, "Often");

        await survey.Page.RouteAsync("**/api/survey/response", route => route.AbortAsync("internetdisconnected"));
        await survey.SendButton.ClickAsync();
        var retry = survey.Page.GetByRole(AriaRole.Button, new() { Name = "Retry sending" });
        await Expect(retry).ToBeFocusedAsync();
        await Expect(survey.Page.Locator("#send-status")).ToContainTextAsync("network is unavailable");
        await Expect(survey.Card("Ben Okafor").GetByRole(AriaRole.Radio, new() { Name = "Weekly" })).ToBeCheckedAsync();
        await survey.ScreenshotsAsync("survey-offline");
        Assert.Null(await server.Store.GetSubmissionAsync("acme", "c1", "p3"));

        await survey.Page.UnrouteAllAsync();
        await retry.ClickAsync();
        await Expect(survey.Confirmation).ToBeVisibleAsync();
        var stored = await server.Store.GetSubmissionAsync("acme", "c1", "p3");
        Assert.Equal(SurveySeed.Json([new ContactAnswer { PersonId = "p2", Frequency = Frequency.Weekly, Benefits = [Benefit.Solutions], Personal = false, GiveBack = GiveBack.Often }]),
            SurveySeed.Json(stored!.Contacts));
        survey.AssertCleanRun(server.BaseUrl, "net::ERR_INTERNET_DISCONNECTED");
    }

    [Fact]
    public async Task Unsent_answers_survive_a_reload_of_the_tab_and_the_token_is_not_stored()
    {
        await using var server = await LocalHostServer.StartAsync();
        var links = await SurveySeed.SeedAsync(server, SurveySeed.Roster());
        await using var survey = await SurveyPageDriver.StartAsync(browser.Browser);
        await survey.OpenAsync(links["p4"]);
        await survey.TypeAsync("chlo");
        await survey.Picker.PressAsync("Enter");
        await SurveyPageDriver.AnswerAsync(survey.Card("Chloé Martin"), "Daily", ["Validation"], null, null);
        await survey.AddOutsideAsync("Former colleague", "Mentor");

        // The draft is written a moment after the last change; wait until it holds every answer entered,
        // not merely until a first (possibly older) draft exists.
        await survey.Page.WaitForFunctionAsync(DraftHolds, new[] { "\"personId\":\"p3\"", "\"frequency\":\"daily\"", "\"validation\"", "\"outsideKind\":\"formerColleague\"", "\"outsideLabel\":\"Mentor\"" });
        var stored = await survey.Page.EvaluateAsync<string>("() => Object.keys(sessionStorage).join() + ' ' + Object.values(sessionStorage).join()");
        Assert.DoesNotContain(SurveySeed.TokenOf(links["p4"]), stored, StringComparison.Ordinal);

        await survey.Page.ReloadAsync();
        await survey.WaitForStateAsync("ready");
        await Expect(survey.Page.GetByText("Answers you had not sent yet were restored")).ToBeVisibleAsync();
        await Expect(survey.Card("Chloé Martin").GetByRole(AriaRole.Radio, new() { Name = "Daily" })).ToBeCheckedAsync();
        await Expect(survey.Card("Chloé Martin").GetByRole(AriaRole.Checkbox, new() { Name = "Validation" })).ToBeCheckedAsync();
        await Expect(survey.Card("Mentor (outside the organization)")).ToBeVisibleAsync();
        Assert.Null(await server.Store.GetSubmissionAsync("acme", "c1", "p4"));
        survey.AssertCleanRun(server.BaseUrl);
    }

    [Fact]
    public async Task A_change_made_just_before_a_reload_is_kept()
    {
        await using var server = await LocalHostServer.StartAsync();
        var links = await SurveySeed.SeedAsync(server, SurveySeed.Roster());
        await using var survey = await SurveyPageDriver.StartAsync(browser.Browser);
        await survey.OpenAsync(links["p4"]);
        await survey.TypeAsync("chlo");
        await survey.Picker.PressAsync("Enter");
        await SurveyPageDriver.AnswerAsync(survey.Card("Chloé Martin"), "Weekly", [], null, null);
        await survey.Page.WaitForFunctionAsync(DraftHolds, new[] { "\"frequency\":\"weekly\"" });

        // Typed and reloaded at once, before the delayed draft write: leaving the page writes it.
        await survey.AddOutsideAsync("Customer", "Pilot customer");
        await survey.Page.ReloadAsync();
        await survey.WaitForStateAsync("ready");
        await Expect(survey.Page.GetByText("Answers you had not sent yet were restored")).ToBeVisibleAsync();
        await Expect(survey.Card("Pilot customer (outside the organization)")
            .GetByRole(AriaRole.Combobox, new() { Name = "What kind of outside contact is this?" })).ToHaveValueAsync("customer");
        await Expect(survey.Card("Chloé Martin").GetByRole(AriaRole.Radio, new() { Name = "Weekly" })).ToBeCheckedAsync();
        survey.AssertCleanRun(server.BaseUrl);
    }

    /// <summary>True once the tab's single draft contains every given JSON fragment.</summary>
    private const string DraftHolds =
        "parts => sessionStorage.length === 1 && parts.every(p => sessionStorage.getItem(sessionStorage.key(0)).includes(p))";

    [Fact]
    public async Task Names_and_labels_with_markup_are_shown_as_text_never_run()
    {
        await using var server = await LocalHostServer.StartAsync();
        var roster = SurveySeed.Roster();
        roster["people"]![3]!["name"] = "<img src=x onerror=\"window.__pwned=1\"> Dmitri";
        roster["teams"]![1]!["name"] = "<script>window.__pwned=2</script>Ops";
        var links = await SurveySeed.SeedAsync(server, roster);
        await using var survey = await SurveyPageDriver.StartAsync(browser.Browser);
        await survey.OpenAsync(links["p2"]);
        await survey.TypeAsync("dmitri");
        await Expect(survey.Options.First).ToContainTextAsync("<img src=x onerror=\"window.__pwned=1\"> Dmitri");
        await survey.Picker.PressAsync("Enter");
        await survey.AddOutsideAsync("Other", "<b>bold</b><script>window.__pwned=3</script>");
        await Expect(survey.Contacts.Nth(1).GetByRole(AriaRole.Heading)).ToHaveTextAsync("<b>bold</b><script>window.__pwned=3</script> (outside the organization)");

        Assert.Equal(0, await survey.Page.Locator("main img, main script, main b").CountAsync());
        Assert.Null(await survey.Page.EvaluateAsync<int?>("() => window.__pwned ?? null"));
        await Expect(survey.Card("<img src=x onerror=\"window.__pwned=1\"> Dmitri")).ToContainTextAsync("<script>window.__pwned=2</script>Ops");
    }

    [Fact]
    public async Task A_link_without_a_valid_token_explains_what_to_do()
    {
        await using var server = await LocalHostServer.StartAsync();
        await SurveySeed.SeedAsync(server, SurveySeed.Roster());
        await using var survey = await SurveyPageDriver.StartAsync(browser.Browser);

        await survey.Page.GotoAsync(server.BaseUrl + "/api/survey/page");
        await survey.WaitForStateAsync("error");
        await Expect(survey.Page.GetByRole(AriaRole.Heading, new() { Name = "This page needs your personal link" })).ToBeFocusedAsync();

        await survey.Page.GotoAsync("about:blank");
        await survey.Page.GotoAsync(server.BaseUrl + "/api/survey/page#token=forged.token");
        await survey.WaitForStateAsync("error");
        await Expect(survey.Page.GetByRole(AriaRole.Heading, new() { Name = "This link is not valid" })).ToBeVisibleAsync();
        await Expect(survey.Page.Locator("#form")).ToBeHiddenAsync();
    }
}
