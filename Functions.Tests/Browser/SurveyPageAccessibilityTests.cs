using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using SurveyNetwork.Functions.Tests.EndToEnd;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace SurveyNetwork.Functions.Tests.Browser;

/// <summary>axe-core (WCAG 2.1 A and AA rules and best practices) over every state of the survey page, at phone and desktop widths.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SurveyPageAccessibilityTests(BrowserFixture browser, ITestOutputHelper output)
{
    [Fact]
    public async Task The_survey_page_has_no_accessibility_violations_in_any_state_at_phone_and_desktop_width()
    {
        await using var server = await LocalHostServer.StartAsync();
        var links = await SurveySeed.SeedAsync(server, SurveySeed.Roster(), new { askEnergy = true });
        await using var survey = await SurveyPageDriver.StartAsync(browser.Browser, SurveyPageDriver.Phone);
        var findings = new List<string>();

        await survey.OpenAsync(links["p2"]);
        await CheckBothAsync(survey.Page, "empty", findings);

        await survey.TypeAsync("a");
        await Expect(survey.Options.First).ToBeVisibleAsync();
        await CheckAsync(survey.Page, "picker open", findings);
        await survey.Picker.PressAsync("Enter");
        await survey.AddOutsideAsync("Customer", "Pilot customer");
        await SurveyPageDriver.AnswerAsync(survey.Contacts.First, "Weekly", ["Solutions"], true, null);
        await survey.SendButton.ClickAsync();
        await Expect(survey.Page.Locator("#error-summary")).ToBeVisibleAsync();
        await CheckBothAsync(survey.Page, "errors shown", findings);
        await survey.ScreenshotsAsync("survey-client-errors");

        await SurveyPageDriver.AnswerAsync(survey.Contacts.Nth(0), "Weekly", [], true, "Often", "5 – Energizing");
        await SurveyPageDriver.AnswerAsync(survey.Contacts.Nth(1), "Monthly", [], false, "Never");
        await CheckBothAsync(survey.Page, "filled", findings);
        await survey.ScreenshotsAsync("survey-compact-filled");
        await survey.SendButton.ClickAsync();
        await Expect(survey.Confirmation).ToBeVisibleAsync();
        await CheckBothAsync(survey.Page, "confirmation", findings);

        await survey.Page.ReloadAsync();
        await survey.WaitForStateAsync("saved");
        await CheckBothAsync(survey.Page, "saved", findings);
        await survey.ScreenshotsAsync("survey-saved");

        Assert.True((await server.AdminAsync(HttpMethod.Post, "orgs/acme/cycles/c1/close")).IsSuccessStatusCode);
        await survey.Page.ReloadAsync();
        await survey.WaitForStateAsync("closed");
        await CheckBothAsync(survey.Page, "closed", findings);
        await survey.ScreenshotsAsync("survey-closed");

        await survey.Page.GotoAsync("about:blank");
        await survey.Page.GotoAsync(server.BaseUrl + "/api/survey/page#token=not-a-token");
        await survey.WaitForStateAsync("error");
        await CheckAsync(survey.Page, "invalid link", findings);

        Assert.True(findings.Count == 0, "axe violations (WCAG 2.1 AA):\n" + string.Join("\n", findings));
    }

    /// <summary>Runs axe at phone width, then at desktop width, then restores the phone size.</summary>
    private async Task CheckBothAsync(IPage page, string state, List<string> findings)
    {
        foreach (var (label, size) in new[] { ("phone", SurveyPageDriver.Phone), ("desktop", SurveyPageDriver.Desktop) })
        {
            await page.SetViewportSizeAsync(size.Width, size.Height);
            await CheckAsync(page, $"{state}, {label}", findings);
        }

        await page.SetViewportSizeAsync(SurveyPageDriver.Phone.Width, SurveyPageDriver.Phone.Height);
    }

    private async Task CheckAsync(IPage page, string state, List<string> findings)
    {
        AxeResult result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
        });
        foreach (var v in result.Violations)
        {
            var line = $"[{state}] {v.Impact} {v.Id}: {v.Help} ({string.Join("; ", v.Nodes.Select(n => string.Join(" ", n.Target)))})";
            output.WriteLine(line);
            findings.Add(line);
        }

        output.WriteLine($"[{state}] axe: {result.Passes.Length} rules passed, {result.Violations.Length} violated, {result.Incomplete.Length} need review.");
    }
}
