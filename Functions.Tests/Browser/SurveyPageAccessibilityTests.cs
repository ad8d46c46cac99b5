using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using SurveyNetwork.Functions.Tests.EndToEnd;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace SurveyNetwork.Functions.Tests.Browser;

/// <summary>axe-core over every state of the survey page, at phone and desktop widths.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SurveyPageAccessibilityTests(BrowserFixture browser, ITestOutputHelper output)
{
    [Fact]
    public async Task The_survey_page_has_no_serious_or_critical_accessibility_violations_in_any_state()
    {
        await using var server = await LocalHostServer.StartAsync();
        var links = await SurveySeed.SeedAsync(server, SurveySeed.Roster(), new { askEnergy = true });
        await using var survey = await SurveyPageDriver.StartAsync(browser.Browser, SurveyPageDriver.Phone);
        var findings = new List<string>();

        await survey.OpenAsync(links["p2"]);
        await CheckAsync(survey.Page, "empty", findings);

        await survey.TypeAsync("a");
        await Expect(survey.Options.First).ToBeVisibleAsync();
        await CheckAsync(survey.Page, "picker open", findings);
        await survey.Picker.PressAsync("Enter");
        await survey.AddOutsideAsync("Customer", "Pilot customer");
        await SurveyPageDriver.AnswerAsync(survey.Contacts.First, "Weekly", ["Solutions"], true, null);
        await survey.SendButton.ClickAsync();
        await Expect(survey.Page.Locator("#error-summary")).ToBeVisibleAsync();
        await CheckAsync(survey.Page, "errors shown", findings);
        await survey.Page.SetViewportSizeAsync(SurveyPageDriver.Desktop.Width, SurveyPageDriver.Desktop.Height);
        await CheckAsync(survey.Page, "errors shown, desktop", findings);
        await survey.ScreenshotsAsync("survey-client-errors");

        await SurveyPageDriver.AnswerAsync(survey.Contacts.Nth(0), "Weekly", [], true, "Often");
        await SurveyPageDriver.AnswerAsync(survey.Contacts.Nth(1), "Monthly", [], false, "Never");
        await survey.SendButton.ClickAsync();
        await Expect(survey.Confirmation).ToBeVisibleAsync();
        await CheckAsync(survey.Page, "confirmation", findings);

        await survey.Page.GotoAsync("about:blank");
        await survey.Page.GotoAsync(server.BaseUrl + "/api/survey/page#token=not-a-token");
        await survey.WaitForStateAsync("error");
        await CheckAsync(survey.Page, "invalid link", findings);

        Assert.True(findings.Count == 0, "Serious or critical axe violations:\n" + string.Join("\n", findings));
    }

    private async Task CheckAsync(IPage page, string state, List<string> findings)
    {
        AxeResult result = await page.RunAxe();
        foreach (var v in result.Violations)
        {
            var line = $"[{state}] {v.Impact} {v.Id}: {v.Help} ({string.Join("; ", v.Nodes.Select(n => string.Join(" ", n.Target)))})";
            output.WriteLine(line);
            if (v.Impact is "serious" or "critical")
            {
                findings.Add(line);
            }
        }

        output.WriteLine($"[{state}] axe: {result.Passes.Length} rules passed, {result.Violations.Length} violated, {result.Incomplete.Length} need review.");
    }
}
