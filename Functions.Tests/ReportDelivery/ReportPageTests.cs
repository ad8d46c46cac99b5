using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using SurveyNetwork.Functions.Tests.Browser;
using SurveyNetwork.Functions.Tests.EndToEnd;
using SurveyNetwork.LocalHost;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace SurveyNetwork.Functions.Tests.ReportDelivery;

/// <summary>
/// LocalHost with the demo organization (what <c>--demo</c> seeds), a report run, and a team's
/// report opened in real Chromium through the report route, under its Content-Security-Policy.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ReportPageTests(BrowserFixture browser, ITestOutputHelper output)
{
    [Fact]
    public async Task The_demo_gives_an_html_report_per_team_that_opens_with_its_map_and_tables_and_no_console_error()
    {
        await using var server = await LocalHostServer.StartAsync();
        await DemoSeeder.SeedAsync(server.Services, server.BaseUrl, TextWriter.Null, CancellationToken.None);
        await server.RunReportsAsync($"orgs/{DemoSeeder.OrgId}/cycles/{DemoSeeder.CycleId}/reports");
        var roster = (await server.Store.GetRosterAsync(DemoSeeder.OrgId))!;
        foreach (var team in roster.Teams)
        {
            Assert.True(File.Exists(Path.Combine(server.DataFolder, "reports", DemoSeeder.OrgId, DemoSeeder.CycleId, team.Id, "report.html")), team.Id);
        }

        var path = $"orgs/{DemoSeeder.OrgId}/cycles/{DemoSeeder.CycleId}/teams/payments/report";
        var report = (await (await server.AdminAsync(HttpMethod.Get, path)).Content.ReadFromJsonAsync<JsonObject>())!;
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ExtraHTTPHeaders = new Dictionary<string, string> { ["x-functions-key"] = server.AdminKey },
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        var page = await context.NewPageAsync();
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
                problems.Add($"console {message.Type}: {message.Text}");
        };
        page.PageError += (_, error) => problems.Add("page error: " + error);
        page.RequestFailed += (_, request) => problems.Add($"request failed: {request.Url}");

        var response = await page.GotoAsync($"{server.BaseUrl}/api/{path}?format=html");

        Assert.Equal(200, response!.Status);
        Assert.Contains("default-src 'none'", await response.HeaderValueAsync("content-security-policy"), StringComparison.Ordinal);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync((string)report["teamName"]!);
        var map = page.Locator("svg[aria-labelledby^='team-map-function-title']");
        await Expect(map).ToBeVisibleAsync();
        var nodes = report["map"]!["nodes"]!.AsArray();
        await Expect(map.Locator("circle")).ToHaveCountAsync(nodes.Count(n => (string?)n!["kind"] != "outside"));
        var members = page.GetByRole(AriaRole.Table, new() { Name = "Members and their network measures" });
        await Expect(members).ToBeVisibleAsync();
        await Expect(members.Locator("tbody tr:not(.group)")).ToHaveCountAsync(report["members"]!.AsArray().Count);
        Assert.True(await page.Locator("table").CountAsync() >= 2);

        var screenshot = Path.Combine(BrowserFixture.ScreenshotFolder, "team-report.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        output.WriteLine($"Screenshot: {screenshot}");
        Assert.Empty(problems);
    }
}
