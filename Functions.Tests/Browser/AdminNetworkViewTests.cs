using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using SurveyNetwork.Functions.Tests.EndToEnd;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace SurveyNetwork.Functions.Tests.Browser;

/// <summary>
/// The console's network view in Chromium against LocalHost: an anonymous cycle of 27 people in four
/// teams (one held back for privacy) and ten locations, its organization report drawn with Cytoscape.js
/// under the console's strict policy, coloured by each attribute, people chosen from the map and from
/// the table, axe at 1280 px and 1024 px.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AdminNetworkViewTests(BrowserFixture browser, ITestOutputHelper output)
{
    private static readonly (int Width, int Height)[] Sizes = [(1280, 800), (1024, 768)];
    private static readonly string[] Teams = ["eng", "ops", "sales", "legal"];
    private static readonly string[] Locations = ["Lisbon", "Berlin", "Paris", "Madrid", "Rome", "Vienna", "Oslo", "Dublin", "Prague", "Warsaw"];

    /// <summary>Eight people in each of three teams and three in legal; locations cycle through ten cities.</summary>
    private static JsonNode Roster()
    {
        var people = new JsonArray();
        var n = 0;
        foreach (var team in Teams)
        {
            var size = team == "legal" ? 3 : 8;
            for (var i = 0; i < size; i++, n++)
            {
                people.Add(new JsonObject
                {
                    ["id"] = $"{team}{i}", ["name"] = $"Person {team} {i}", ["teamId"] = team,
                    ["function"] = team == "legal" ? "Legal" : i % 2 == 0 ? "Engineering" : "Commercial",
                    ["level"] = 1 + (i % 4), ["location"] = Locations[n % Locations.Length],
                });
            }
        }

        var teams = new JsonArray(Teams.Select(t => (JsonNode)new JsonObject { ["id"] = t, ["name"] = CultureInfo.InvariantCulture.TextInfo.ToTitleCase(t) }).ToArray());
        return new JsonObject { ["teams"] = teams, ["people"] = people };
    }

    [Fact]
    public async Task The_organization_network_pans_zooms_colours_and_shows_a_persons_measures()
    {
        await using var server = await LocalHostServer.StartAsync();
        (await server.AdminAsync(HttpMethod.Put, "orgs/acme/roster", Roster())).EnsureSuccessStatusCode();
        var cycle = JsonNode.Parse($$"""{"id":"c1","title":"Spring","closesAt":"{{DateTimeOffset.UtcNow.AddDays(7):O}}","anonymityThreshold":3}""");
        (await server.AdminAsync(HttpMethod.Post, "orgs/acme/cycles", cycle)).EnsureSuccessStatusCode();
        var invitations = await (await server.AdminAsync(HttpMethod.Post, "orgs/acme/cycles/c1/invitations")).Content.ReadFromJsonAsync<JsonObject>();
        var tokens = invitations!["invitations"]!.AsArray().ToDictionary(i => i!["personId"]!.GetValue<string>(), i => i!["token"]!.GetValue<string>());

        // Everyone but two of legal answers, naming the next colleague in their team and one in the next team.
        foreach (var (team, t) in Teams.Select((x, i) => (x, i)))
        {
            var size = team == "legal" ? 3 : 8;
            for (var i = 0; i < (team == "legal" ? 1 : size); i++)
            {
                var contacts = new[] { $"{team}{(i + 1) % size}", $"{Teams[(t + 1) % 3]}{i % 8}" }
                    .Select(id => new { personId = id, frequency = "weekly", benefits = new[] { "solutions" }, personal = false, giveBack = "sometimes" }).ToArray();
                (await server.AsRespondentAsync(HttpMethod.Put, "survey/response", tokens[$"{team}{i}"], new { contacts })).EnsureSuccessStatusCode();
            }
        }

        await server.RunReportsAsync("orgs/acme/cycles/c1/reports?force=true");
        var report = (await (await server.AdminAsync(HttpMethod.Get, "orgs/acme/cycles/c1/report?format=json")).Content.ReadFromJsonAsync<JsonObject>())!;
        var mapNodes = report["map"]!["nodes"]!.AsArray();
        Assert.Equal(27, mapNodes.Count);
        var peopleCsv = await (await server.AdminAsync(HttpMethod.Get, "orgs/acme/cycles/c1/report?format=people.csv")).Content.ReadAsStringAsync();
        var rows = peopleCsv.TrimEnd('\n').Split('\n').Select(l => l.Split(',')).ToArray();
        var column = rows[0].Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i);
        var csvByKey = rows.Skip(1).ToDictionary(r => r[column["key"]]);

        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 }, Locale = "en-GB", TimezoneId = "UTC",
        });
        context.SetDefaultTimeout(15_000);
        // Every refusal by the page's policy is recorded, including those the console would not show.
        await context.AddInitScriptAsync("window.__csp = []; document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || '')));");
        var page = await context.NewPageAsync();
        var consoleMessages = new List<string>();
        page.Console += (_, m) => { if (m.Type is "error" or "warning") { consoleMessages.Add(m.Type + ": " + m.Text + " @ " + m.Location); } };
        var pageErrors = new List<string>();
        page.PageError += (_, e) => pageErrors.Add(e);
        var notFound = new List<string>();
        page.Response += (_, r) => { if (r.Status == 404) { notFound.Add(new Uri(r.Url).PathAndQuery); } };

        await page.GotoAsync(server.BaseUrl + "/api/admin");
        await page.Locator("#key").FillAsync(server.AdminKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.Locator("#org").FillAsync("acme");
        await page.GetByRole(AriaRole.Button, new() { Name = "Open", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Manage Spring" }).ClickAsync();

        // The same people as the report's map, on the canvas and in the table.
        var canvas = page.Locator("#network-canvas");
        await Expect(canvas).ToHaveAttributeAsync("data-nodes", "27");
        Assert.Equal(report["map"]!["edges"]!.AsArray().Count.ToString(CultureInfo.InvariantCulture), await canvas.GetAttributeAsync("data-edges"));
        var tableRows = page.Locator("#network-people tbody tr");
        await Expect(tableRows).ToHaveCountAsync(27);
        Assert.Equal(mapNodes.Select(n => n!["key"]!.GetValue<string>()).Order(StringComparer.Ordinal),
            (await tableRows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.key)")).Order(StringComparer.Ordinal));
        Assert.Equal(27, await page.EvaluateAsync<int>("() => document.getElementById('network-canvas')._cyreg.cy.nodes().length"));

        // Anonymous cycle: pseudonyms only, never a name from the roster.
        var networkText = await page.Locator("#network").InnerTextAsync();
        Assert.DoesNotMatch(@"Person (eng|ops|sales|legal) \d", networkText);

        // Colour by team: one legend entry per team; then by location: seven cities and "Other (3)".
        await Expect(page.Locator("#network-legend li")).ToHaveCountAsync(4);
        var byTeam = await NodeColoursAsync(page);
        Assert.Equal(4, byTeam.Values.Distinct().Count());
        await AssertLegendMatchesNodesAsync(page, byTeam);
        await CheckAsync(page, "network by team", output);
        await ScreenshotsAsync(page, "admin-network-team");

        await page.Locator("#colour-by").SelectOptionAsync("location");
        await Expect(canvas).ToHaveAttributeAsync("data-colour-by", "location");
        await Expect(page.Locator("#network-legend li")).ToHaveCountAsync(8);
        await Expect(page.Locator("#network-legend li").Last).ToContainTextAsync("Other (3)");
        var byLocation = await NodeColoursAsync(page);
        Assert.Equal(8, byLocation.Values.Distinct().Count());
        Assert.NotEqual(byTeam, byLocation);
        await AssertLegendMatchesNodesAsync(page, byLocation);
        // Nodes of one city share a colour: the colours follow the people table's location column.
        foreach (var group in csvByKey.GroupBy(kv => kv.Value[column["location"]]))
        {
            Assert.Single(group.Select(kv => byLocation[kv.Key]).Distinct());
        }

        await page.Locator("#colour-by").SelectOptionAsync("level");
        await Expect(page.Locator("#network-legend li")).ToHaveCountAsync(4);
        await Expect(page.Locator("#network-legend")).ToContainTextAsync("Level 1");

        // Choosing a person in the table shows the measures the people table holds for them, and selects their node.
        var published = csvByKey.First(kv => kv.Value[column["team"]] == "Eng" && kv.Value[column["inDegree"]].Length > 0);
        var row = page.Locator($"#network-people tr[data-key='{published.Key}']");
        await row.GetByRole(AriaRole.Button).ClickAsync();
        await Expect(page.Locator("#network-person")).ToHaveAttributeAsync("data-key", published.Key);
        await Expect(page.Locator("#person-title")).ToHaveTextAsync(published.Value[column["label"]]);
        await Expect(page.Locator("#person-measures")).ToContainTextAsync("Sought out by (in-degree)" + published.Value[column["inDegree"]]);
        await Expect(row.GetByRole(AriaRole.Button)).ToHaveAttributeAsync("aria-pressed", "true");
        Assert.Equal([published.Key], await page.EvaluateAsync<string[]>("() => document.getElementById('network-canvas')._cyreg.cy.nodes(':selected').map(n => n.id())"));
        await CheckAsync(page, "person chosen", output);
        await ScreenshotsAsync(page, "admin-network-person");

        // A member of the held-back team: no figures, and the reason.
        var heldBack = csvByKey.First(kv => kv.Value[column["team"]] == "Legal").Key;
        Assert.Equal("Legal", csvByKey[heldBack][column["label"]]);
        await page.Locator($"#network-people tr[data-key='{heldBack}']").GetByRole(AriaRole.Button).ClickAsync();
        await Expect(page.Locator("#person-title")).ToHaveTextAsync("Member of Legal");
        await Expect(page.Locator("#person-hint")).ToContainTextAsync("under the anonymity threshold");
        await Expect(page.Locator("#person-measures dt")).ToHaveCountAsync(0);

        // Clicking a node on the canvas chooses that person. Choosing from the table centred the last person
        // chosen with a short animation; Fit brings everyone back into view.
        await page.WaitForFunctionAsync("() => !document.getElementById('network-canvas')._cyreg.cy.animated()");
        await page.GetByRole(AriaRole.Button, new() { Name = "Fit" }).ClickAsync();
        var others = csvByKey.Keys.Where(k => k != published.Key && k != heldBack && csvByKey[k][column["inDegree"]].Length > 0).ToArray();
        await ClickNodeAsync(page, others[0]);
        await AssertChosenAsync(page, others[0], csvByKey[others[0]][column["label"]]);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "admin-network-click-1280.png") });

        // After the page scrolls, a click still lands on the node under the pointer.
        var scrolled = await page.EvaluateAsync<double>("() => { const y = window.scrollY; window.scrollBy(0, -90); return y - window.scrollY; }");
        Assert.True(scrolled > 0, "The page did not scroll.");
        await ClickNodeAsync(page, others[1]);
        await AssertChosenAsync(page, others[1], csvByKey[others[1]][column["label"]]);

        // So it does after text just above the map grows, which moves the map with neither a scroll nor a resize.
        var moved = await page.EvaluateAsync<double>("""
            () => {
              const c = document.getElementById('network-canvas'), top = c.getBoundingClientRect().top;
              document.getElementById('network-description').textContent += ' A longer description. '.repeat(40);
              return c.getBoundingClientRect().top - top;
            }
            """);
        Assert.True(Math.Abs(moved) > 20, $"The map moved by {moved} px only.");
        await ClickNodeAsync(page, others[2]);
        await AssertChosenAsync(page, others[2], csvByKey[others[2]][column["label"]]);

        var zoom = await page.EvaluateAsync<double>("() => document.getElementById('network-canvas')._cyreg.cy.zoom()");
        await page.GetByRole(AriaRole.Button, new() { Name = "Zoom in" }).ClickAsync();
        Assert.True(await page.EvaluateAsync<double>("() => document.getElementById('network-canvas')._cyreg.cy.zoom()") > zoom * 1.3);

        Assert.Empty(await page.EvaluateAsync<string[]>("() => window.__csp"));
        Assert.Empty(pageErrors);
        // The console's one expected 404 is its probe for App Service authentication (/.auth/me), absent on LocalHost.
        Assert.Equal(["/.auth/me"], notFound);
        consoleMessages.RemoveAll(m => m.Contains("status of 404", StringComparison.Ordinal) && m.Contains(" @ " + server.BaseUrl + "/.auth/me:", StringComparison.Ordinal));
        Assert.True(consoleMessages.Count == 0, "Console errors and warnings:\n" + string.Join("\n", consoleMessages));
    }

    /// <summary>
    /// A real mouse click where the node is drawn: its rendered position (CSS pixels from the canvas's content
    /// box, as the mouse's coordinates are) plus the container's place in the viewport and its border.
    /// </summary>
    private static async Task ClickNodeAsync(IPage page, string key)
    {
        await page.WaitForFunctionAsync("() => !document.getElementById('network-canvas')._cyreg.cy.animated()");
        var at = await page.EvaluateAsync<double[]>($$"""
            () => {
              const c = document.getElementById('network-canvas'), r = c.getBoundingClientRect();
              const p = c._cyreg.cy.getElementById('{{key}}').renderedPosition();
              return [r.left + c.clientLeft + p.x, r.top + c.clientTop + p.y, p.x, p.y, c.clientWidth, c.clientHeight, window.innerHeight];
            }
            """);
        Assert.True(at[2] > 0 && at[3] > 0 && at[2] < at[4] && at[3] < at[5] && at[1] > 0 && at[1] < at[6], $"Node {key} is not in view: " + string.Join(", ", at));
        await page.Mouse.ClickAsync((float)at[0], (float)at[1]);
    }

    /// <summary>The person is chosen in the map, the table and the measures panel.</summary>
    private static async Task AssertChosenAsync(IPage page, string key, string label)
    {
        await Expect(page.Locator("#network-person")).ToHaveAttributeAsync("data-key", key);
        await Expect(page.Locator("#person-title")).ToHaveTextAsync(label);
        await Expect(page.Locator("#person-measures dt").First).ToBeVisibleAsync();
        await Expect(page.Locator($"#network-people tr[data-key='{key}']")).ToHaveClassAsync("selected");
        Assert.Equal([key], await page.EvaluateAsync<string[]>("() => document.getElementById('network-canvas')._cyreg.cy.nodes(':selected').map(n => n.id())"));
    }

    /// <summary>Each node's fill as Cytoscape.js renders it, by key.</summary>
    private static async Task<Dictionary<string, string>> NodeColoursAsync(IPage page) =>
        await page.EvaluateAsync<Dictionary<string, string>>(
            "() => Object.fromEntries(document.getElementById('network-canvas')._cyreg.cy.nodes().map(n => [n.id(), n.style('background-color')]))");

    /// <summary>The legend lists exactly the colours the nodes are drawn in, and each table row's swatch is its node's colour.</summary>
    private static async Task AssertLegendMatchesNodesAsync(IPage page, Dictionary<string, string> nodes)
    {
        static string Rgb(string css) => css.Replace(" ", "", StringComparison.Ordinal);
        var legend = await page.Locator("#network-legend li .swatch").EvaluateAllAsync<string[]>("items => items.map(i => getComputedStyle(i).backgroundColor)");
        Assert.Equal(legend.Select(Rgb).Order(StringComparer.Ordinal), nodes.Values.Select(Rgb).Distinct().Order(StringComparer.Ordinal));
        var swatches = await page.Locator("#network-people tbody tr").EvaluateAllAsync<string[][]>(
            "rows => rows.map(r => [r.dataset.key, getComputedStyle(r.querySelector('.swatch')).backgroundColor])");
        Assert.All(swatches, s => Assert.Equal(Rgb(nodes[s[0]]), Rgb(s[1])));
    }

    private static async Task CheckAsync(IPage page, string state, ITestOutputHelper output)
    {
        var findings = new List<string>();
        foreach (var (width, height) in Sizes)
        {
            await page.SetViewportSizeAsync(width, height);
            AxeResult result = await page.RunAxe();
            findings.AddRange(result.Violations.Select(v => $"[{state} @{width}] {v.Impact} {v.Id}: {v.Help} ({string.Join("; ", v.Nodes.Select(n => string.Join(" ", n.Target)))})"));
        }

        await page.SetViewportSizeAsync(Sizes[0].Width, Sizes[0].Height);
        findings.ForEach(output.WriteLine);
        Assert.True(findings.Count == 0, "axe violations:\n" + string.Join("\n", findings));
    }

    private static async Task ScreenshotsAsync(IPage page, string name)
    {
        foreach (var (width, height) in Sizes)
        {
            await page.SetViewportSizeAsync(width, height);
            await page.Locator("#network").ScrollIntoViewIfNeededAsync();
            await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, $"{name}-{width}.png") });
        }

        await page.SetViewportSizeAsync(Sizes[0].Width, Sizes[0].Height);
    }
}
