using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using SurveyNetwork.Functions.Tests.Browser;
using SurveyNetwork.Functions.Tests.EndToEnd;
using SurveyNetwork.LocalHost;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace SurveyNetwork.Functions.Tests.ReportDelivery;

/// <summary>
/// The demo's team and organization reports in real Chromium, served by LocalHost under their
/// Content-Security-Policy: each map panel has a legend covering every colour it draws, no label
/// repeats within a map, the key explains every mark, and axe (WCAG 2.1 AA and best practices)
/// finds nothing on a desktop and on a phone.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ReportMapTests(BrowserFixture browser, ITestOutputHelper output)
{
    private static readonly (string Name, int Width, int Height)[] Sizes = [("desktop", 1280, 800), ("phone", 390, 844)];

    [Fact]
    public async Task Team_and_organization_maps_have_legends_unique_labels_and_pass_axe_on_desktop_and_phone()
    {
        await using var server = await LocalHostServer.StartAsync();
        await DemoSeeder.SeedAsync(server.Services, server.BaseUrl, TextWriter.Null, CancellationToken.None);
        await server.RunReportsAsync($"orgs/{DemoSeeder.OrgId}/cycles/{DemoSeeder.CycleId}/reports");

        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ExtraHTTPHeaders = new Dictionary<string, string> { ["x-functions-key"] = server.AdminKey },
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
        });
        var page = await context.NewPageAsync();
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
                problems.Add($"console {message.Type}: {message.Text}");
        };
        page.PageError += (_, error) => problems.Add("page error: " + error);

        var findings = new List<string>();
        foreach (var (name, path, boundary) in new[]
                 {
                     ("team", $"orgs/{DemoSeeder.OrgId}/cycles/{DemoSeeder.CycleId}/teams/payments/report", "team"),
                     ("organization", $"orgs/{DemoSeeder.OrgId}/cycles/{DemoSeeder.CycleId}/report", "team"),
                 })
        {
            await page.SetViewportSizeAsync(1280, 800);
            var response = await page.GotoAsync($"{server.BaseUrl}/api/{path}?format=html");
            Assert.Equal(200, response!.Status);

            var panels = page.Locator("svg[data-boundary]");
            await Expect(panels).ToHaveCountAsync(4);
            Assert.Equal(["level", "function", "location", boundary], await panels.EvaluateAllAsync<string[]>("s => s.map(e => e.dataset.boundary)"));
            for (var k = 0; k < 4; k++)
            {
                var panel = panels.Nth(k);
                await Expect(panel).ToBeVisibleAsync();

                // Every colour a circle is drawn in has a legend entry under the panel.
                var fills = await panel.Locator("circle").EvaluateAllAsync<string[]>("cs => [...new Set(cs.map(c => getComputedStyle(c).fill))]");
                var swatches = await panel.Locator("xpath=following-sibling::ul[1]//span[contains(@class,'swatch')]")
                    .EvaluateAllAsync<string[]>("ss => ss.map(s => getComputedStyle(s).backgroundColor)");
                Assert.NotEmpty(fills);
                Assert.All(fills, f => Assert.Contains(f, swatches));
                Assert.Equal(swatches.Length, await panel.Locator("xpath=following-sibling::ul[1]/li").CountAsync());

                // Band, ties, arrowheads and labels are drawn once and every panel shows them through
                // same-document references that Chromium resolves (the reused drawing has a size).
                var references = await panel.Locator("use").EvaluateAllAsync<string[]>("us => us.map(u => u.getAttribute('href'))");
                var prefix = name == "team" ? "#team-map" : "#org-map";
                Assert.Equal([prefix + "-ties", prefix + "-labels"], references);
                Assert.All(await panel.Locator("use").EvaluateAllAsync<double[]>("us => us.map(u => u.getBBox().width)"), w => Assert.True(w > 0));
                var (ties, labelGroup) = (page.Locator(references[0]), page.Locator(references[1]));

                // No label repeats within a map, and the labels name the map's own nodes.
                var labels = await labelGroup.Locator("text").AllTextContentsAsync();
                var nodeLabels = labels.Where(l => l != "Outside the organization").ToArray();
                Assert.NotEmpty(nodeLabels);
                Assert.Equal(nodeLabels.Length, nodeLabels.Distinct(StringComparer.Ordinal).Count());
                Assert.DoesNotContain(nodeLabels, l => name == "organization" && l.StartsWith("Member ", StringComparison.Ordinal));

                // Ties carry arrowheads; mutual ties are drawn solid with a head at both ends (one segment per tie or head).
                const string segments = "ps => ps.reduce((n, p) => n + (p.getAttribute('d').match(/M/g) || []).length, 0)";
                var oneWay = await ties.Locator("g.ties.one-way[stroke-dasharray] > path").EvaluateAllAsync<int>(segments);
                var mutual = await ties.Locator("g.ties.mutual:not([stroke-dasharray]) > path").EvaluateAllAsync<int>(segments);
                Assert.True(oneWay > 0 && mutual > 0, $"{name}: {oneWay} one-way and {mutual} mutual ties");
                Assert.Equal(oneWay, await ties.Locator("g.heads.one-way > path").EvaluateAllAsync<int>(segments));
                Assert.Equal(2 * mutual, await ties.Locator("g.heads.mutual > path").EvaluateAllAsync<int>(segments));
            }

            var key = page.GetByRole(AriaRole.List, new() { Name = "What the marks mean" });
            await Expect(key).ToContainTextAsync("one-way tie");
            await Expect(key).ToContainTextAsync("mutual tie");
            await Expect(key).ToContainTextAsync("outside the organization");
            await Expect(page.Locator("rect:has(title)").First).ToBeVisibleAsync();

            foreach (var (size, width, height) in Sizes)
            {
                await page.SetViewportSizeAsync(width, height);
                var overflow = await page.Locator("section:has(svg[data-boundary])").EvaluateAsync<bool>("s => s.scrollWidth > s.clientWidth + 1 || s.getBoundingClientRect().right > window.innerWidth + 1");
                Assert.False(overflow, $"{name} report's map is wider than the screen at {width} px");
                AxeResult result = await page.RunAxe(new AxeRunOptions
                {
                    RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
                });
                foreach (var v in result.Violations)
                {
                    var line = $"[{name} @{width}] {v.Impact} {v.Id}: {v.Help} ({string.Join("; ", v.Nodes.Select(n => string.Join(" ", n.Target)))})";
                    output.WriteLine(line);
                    findings.Add(line);
                }

                var shot = Path.Combine(BrowserFixture.ScreenshotFolder, $"{name}-report-map-{size}.png");
                await page.Locator("section:has(svg[data-boundary])").ScreenshotAsync(new LocatorScreenshotOptions { Path = shot });
                output.WriteLine($"Screenshot: {shot}");
            }
        }

        Assert.True(findings.Count == 0, "axe violations:\n" + string.Join("\n", findings));
        Assert.Empty(problems);
    }
}
