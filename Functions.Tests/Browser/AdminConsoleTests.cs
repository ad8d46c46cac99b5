using System.Text;
using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using SurveyNetwork.Functions.Tests.EndToEnd;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace SurveyNetwork.Functions.Tests.Browser;

/// <summary>
/// A whole cycle run through the admin console in Chromium against LocalHost, as an admin would:
/// roster with a bad row, fixed; a cycle; invitations; answers arriving; reports; erasure; axe at
/// 1280 px and 1024 px on every state.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class AdminConsoleTests(BrowserFixture browser, ITestOutputHelper output)
{
    private static readonly (int Width, int Height)[] Widths = [(1280, 900), (1024, 768)];

    private static string RosterCsv(string engLevel) =>
        "id,name,teamId,teamName,function,level,location\n" +
        $"e1,Ana Silva,eng,Engineering,Engineering,3,Lisbon\ne2,Ben Okafor,eng,Engineering,Engineering,{engLevel},Lisbon\ne3,Carla Dias,eng,Engineering,Engineering,1,Lisbon\n" +
        "o1,Dmitri Petrov,ops,Operations,Operations,2,Berlin\no2,Eva Schmidt,ops,Operations,Operations,1,Berlin\no3,Femi Ade,ops,Operations,Operations,1,Berlin\n";

    [GeneratedRegex("#token=([^,\\r\\n\"]+)")]
    private static partial Regex TokenPattern();

    [Fact]
    public async Task An_admin_runs_a_whole_cycle_through_the_console()
    {
        await using var server = await LocalHostServer.StartAsync();
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 }, Locale = "en-GB", TimezoneId = "UTC", AcceptDownloads = true,
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        var findings = new List<string>();
        var consoleErrors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") { consoleErrors.Add(m.Text); } };

        await page.GotoAsync(server.BaseUrl + "/api/admin");
        await CheckAsync(page, "signed out", findings);
        await page.Locator("#key").FillAsync(server.AdminKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.Locator("#session")).ToBeVisibleAsync();
        Assert.DoesNotContain(server.AdminKey, page.Url, StringComparison.Ordinal);
        Assert.Null(await page.EvaluateAsync<string?>("() => localStorage.length ? 'used' : null"));
        await page.Locator("#org").FillAsync("acme");
        await page.GetByRole(AriaRole.Button, new() { Name = "Open", Exact = true }).ClickAsync();
        await Expect(page.Locator("#roster-count")).ToContainTextAsync("No roster yet");

        // A roster with a bad level on line 3: shown at its row, nothing replaced.
        await page.Locator("#roster-file").SetInputFilesAsync(new FilePayload { Name = "roster.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(RosterCsv("senior")) });
        var badRow = page.Locator("#preview-table tr.bad");
        await Expect(badRow).ToHaveCountAsync(1);
        await Expect(badRow).ToHaveAttributeAsync("data-line", "3");
        await Expect(badRow).ToContainTextAsync("not a whole number");
        await Expect(page.Locator("#replace")).ToBeDisabledAsync();
        Assert.Null(await server.Store.GetRosterAsync("acme"));
        await CheckAsync(page, "roster errors", findings);
        await ScreenshotsAsync(page, "admin-roster-errors");

        await page.Locator("#roster-file").SetInputFilesAsync(new FilePayload { Name = "roster.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(RosterCsv("2")) });
        await Expect(page.Locator("#preview-title")).ToContainTextAsync("6 people");
        await page.Locator("#replace").ClickAsync();
        await Expect(page.Locator("#roster-table tbody tr")).ToHaveCountAsync(6);
        Assert.Equal(6, (await server.Store.GetRosterAsync("acme"))!.People.Count);

        // Until then the roster and cycle reads were 404 (no roster yet) and the first check 400, which the browser logs; nothing else may be.
        Assert.All(consoleErrors, e => Assert.Matches("status of (404|400)", e));
        consoleErrors.Clear();

        // A cycle with the defaults shown and a threshold of 3.
        await page.Locator("#create summary").ClickAsync();
        await Expect(page.Locator("#threshold-warning")).ToContainTextAsync("fewer than 5 active people");
        await page.Locator("#c-id").FillAsync("spring");
        await page.Locator("#c-title").FillAsync("Spring survey");
        await page.Locator("#c-closes").FillAsync(DateTime.UtcNow.AddDays(14).ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture));
        await page.Locator("#c-threshold").FillAsync("3");
        await Expect(page.Locator("#threshold-warning")).ToContainTextAsync("Every team has at least 3");
        await CheckAsync(page, "create cycle", findings);
        await page.GetByRole(AriaRole.Button, new() { Name = "Open the cycle" }).ClickAsync();
        await Expect(page.Locator("#cycle-title")).ToContainTextAsync("Spring survey (open)");

        // Invitations, and their links as CSV: the tokens the respondents would get by mail.
        await page.Locator("#invite").ClickAsync();
        await Expect(page.Locator("#invite-info")).ToContainTextAsync("6 invitation(s) issued");
        var links = await page.RunAndWaitForDownloadAsync(() => page.Locator("#links-csv").ClickAsync());
        var linksCsv = await File.ReadAllTextAsync((await links.PathAsync())!);
        var tokens = linksCsv.Split('\n').Skip(1).Where(l => l.Length > 0).ToDictionary(l => l.Split(',')[0], l => TokenPattern().Match(l).Groups[1].Value);
        Assert.Equal(6, tokens.Count);
        await Expect(page.Locator("#rate")).ToContainTextAsync("0 of 6 answered");
        await Expect(page.Locator("#teams-table tr[data-team=eng] td.rate")).ToHaveTextAsync("0%");

        // Answers arrive through the API; the console's response rate follows without a reload.
        foreach (var (id, other) in new[] { ("e1", "e2"), ("e2", "e3"), ("e3", "e1"), ("o1", "e1") })
        {
            var contacts = new[] { new { personId = other, frequency = "weekly", benefits = new[] { "solutions" }, personal = false, giveBack = "rarely" } };
            (await server.AsRespondentAsync(HttpMethod.Put, "survey/response", tokens[id], new { contacts })).EnsureSuccessStatusCode();
        }

        await Expect(page.Locator("#teams-table tr[data-team=eng] td.rate")).ToHaveTextAsync("100%");
        await Expect(page.Locator("#teams-table tr[data-team=ops] td.rate")).ToHaveTextAsync("33%");
        await Expect(page.Locator("#rate")).ToContainTextAsync("4 of 6 answered");
        await Expect(page.Locator("#rate")).ToContainTextAsync("Only counts are shown");

        // Reports: run, outcomes per team, open the team's page, download GraphML.
        await page.Locator("#run").ClickAsync();
        await Expect(page.Locator("#runs-table tr[data-scope=eng]")).ToContainTextAsync("published");
        await Expect(page.Locator("#runs-table tr[data-scope=ops]")).ToContainTextAsync("held back for privacy");
        await Expect(page.Locator("#runs-table tr[data-scope=organization]")).ToContainTextAsync("published");
        await CheckAsync(page, "responses and runs", findings);
        await ScreenshotsAsync(page, "admin-cycle");

        var popup = await page.RunAndWaitForPopupAsync(() => page.Locator("#runs-table tr[data-scope=eng]").GetByRole(AriaRole.Button, new() { Name = "Open — Engineering" }).ClickAsync());
        await popup.WaitForLoadStateAsync();
        Assert.Contains("Engineering", await popup.ContentAsync(), StringComparison.Ordinal);
        // The report keeps the console's policy; its style sheet and swatches are allowed by hash, so it is styled, not bare.
        Assert.NotEqual("rgba(0, 0, 0, 0)", await popup.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('.swatch')).backgroundColor"));
        Assert.NotEqual("Times New Roman", (await popup.EvaluateAsync<string>("() => getComputedStyle(document.body).fontFamily")).Split(',')[0].Trim('"'));
        await popup.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "admin-team-report.png") });
        await popup.CloseAsync();

        var graphml = await page.RunAndWaitForDownloadAsync(() => page.Locator("#runs-table tr[data-scope=eng]").GetByRole(AriaRole.Button, new() { Name = "GraphML — Engineering" }).ClickAsync());
        Assert.Equal("acme-spring-eng.graphml", graphml.SuggestedFilename);
        Assert.Contains("<graphml", await File.ReadAllTextAsync((await graphml.PathAsync())!), StringComparison.Ordinal);

        // Erase a person, after a confirmation that says what goes.
        await page.Locator("#search").FillAsync("Femi");
        await Expect(page.Locator("#roster-table tbody tr")).ToHaveCountAsync(1);
        await page.GetByRole(AriaRole.Button, new() { Name = "Erase Femi Ade" }).ClickAsync();
        await Expect(page.Locator("#erase-text")).ToContainTextAsync("deletes their answers in every cycle");
        await CheckAsync(page, "erase confirmation", findings);
        await page.Locator("#erase-yes").ClickAsync();
        await Expect(page.Locator("#status")).ToContainTextAsync("Femi Ade was erased");
        await Expect(page.Locator("#roster-count")).ToContainTextAsync("5 people on the roster");
        Assert.False((await server.Store.GetRosterAsync("acme"))!.PeopleById.ContainsKey("o3"));

        Assert.True(findings.Count == 0, "axe violations:\n" + string.Join("\n", findings));
        Assert.True(consoleErrors.Count == 0, "Console errors:\n" + string.Join("\n", consoleErrors));
    }

    private async Task CheckAsync(IPage page, string state, List<string> findings)
    {
        var before = page.ViewportSize!;
        foreach (var (width, height) in Widths)
        {
            await page.SetViewportSizeAsync(width, height);
            AxeResult result = await page.RunAxe();
            foreach (var v in result.Violations)
            {
                var line = $"[{state} @{width}] {v.Impact} {v.Id}: {v.Help} ({string.Join("; ", v.Nodes.Select(n => string.Join(" ", n.Target)))})";
                output.WriteLine(line);
                findings.Add(line);
            }
        }

        await page.SetViewportSizeAsync(before.Width, before.Height);
    }

    private static async Task ScreenshotsAsync(IPage page, string name)
    {
        var before = page.ViewportSize!;
        foreach (var (width, height) in Widths)
        {
            await page.SetViewportSizeAsync(width, height);
            await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, $"{name}-{width}.png"), FullPage = true });
        }

        await page.SetViewportSizeAsync(before.Width, before.Height);
    }
}
