using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using SurveyNetwork.Functions.Tests.EndToEnd;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace SurveyNetwork.Functions.Tests.Browser;

/// <summary>
/// The personal profile page in real Chromium against LocalHost: reached from the survey's confirmation,
/// it must show the very numbers <c>GET /api/survey/profile</c> returns, as text, in every state.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ProfilePageTests(BrowserFixture browser, ITestOutputHelper output)
{
    private const string MarkupName = "<img src=x onerror=alert(1)> Chen";

    [Fact]
    public async Task After_sending_answers_the_profile_link_shows_the_numbers_the_api_computes()
    {
        await using var server = await LocalHostServer.StartAsync();
        var links = await SeedAsync(server);
        await using var survey = await SurveyPageDriver.StartAsync(browser.Browser, SurveyPageDriver.Phone);
        var dialogs = new List<string>();
        survey.Page.Dialog += (_, d) => dialogs.Add(d.Message);

        // Ana answers in the browser: two teammates (one with markup in the name), one colleague in Operations, one customer.
        await survey.OpenAsync(links["p01"]);
        await survey.TypeAsync("okafor");
        await survey.Picker.PressAsync("Enter");
        await survey.TypeAsync("chen");
        await survey.Picker.PressAsync("Enter");
        await survey.TypeAsync("goran");
        await survey.Picker.PressAsync("Enter");
        await survey.AddOutsideAsync("Customer", "Pilot customer");
        await SurveyPageDriver.AnswerAsync(survey.Card("Ben Okafor"), "Daily", ["Solutions"], true, "Often");
        await SurveyPageDriver.AnswerAsync(survey.Card(MarkupName), "Weekly", ["Validation"], false, "Sometimes");
        await SurveyPageDriver.AnswerAsync(survey.Card("Goran Petrov"), "Monthly", ["Pointers to who knows"], false, "Rarely");
        await SurveyPageDriver.AnswerAsync(survey.Card("Pilot customer (outside the organization)"), "Weekly", ["Problem reformulation"], true, "Never");
        await survey.SendButton.ClickAsync();
        await Expect(survey.Confirmation).ToBeFocusedAsync();

        await survey.Page.GetByRole(AriaRole.Link, new() { Name = "See your personal network profile" }).ClickAsync();
        await survey.WaitForStateAsync("ready");
        Assert.Equal(server.BaseUrl + "/api/survey/profile/page#token=" + SurveySeed.TokenOf(links["p01"]), survey.Page.Url);

        var json = await ProfileJsonAsync(server, links["p01"]);
        var own = json["own"]!;
        var team = json["teamAverages"]!;
        var org = json["organizationAverages"]!;
        Assert.Equal(4, Number(own, "networkSize"));
        Assert.True(Number(own, "inDegree") >= 2, "Ana is named by at least two colleagues in the seed.");

        await Expect(survey.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Ana Silva");
        await OpenAllMeasuresAsync(survey.Page);
        await Expect(Cells(survey.Page, "Size", "Network size")).ToHaveTextAsync(
            [Whole(own, "networkSize"), OneDecimal(team, "networkSize"), OneDecimal(org, "networkSize")]);
        await Expect(Cells(survey.Page, "Across boundaries", "Another team")).ToHaveTextAsync(
            [Percent(own, "otherTeam"), Percent(team, "otherTeam"), Percent(org, "otherTeam")]);
        await Expect(Cells(survey.Page, "Relationships", "Tie strength")).ToHaveTextAsync(
            [OneDecimal(own, "tieStrength"), OneDecimal(team, "tieStrength"), OneDecimal(org, "tieStrength")]);
        await Expect(Cells(survey.Page, "Structural measures", "Sought out by (in-degree)")).ToHaveTextAsync(
            [Whole(own, "inDegree"), OneDecimal(team, "inDegree"), OneDecimal(org, "inDegree")]);
        await Expect(Cells(survey.Page, "Structural measures", "Constraint")).ToHaveTextAsync(
            [TwoDecimals(own, "constraint"), TwoDecimals(team, "constraint"), TwoDecimals(org, "constraint")]);
        // One denominator per figure: the tile, the findings and the table state the same count of the same contacts.
        var ties = json["ties"]!;
        var contactCount = ties["contacts"]!.GetValue<int>();
        var outsideTeam = ties["outsideTeam"]!.GetValue<int>();
        Assert.Equal(4, contactCount);
        Assert.Equal(2, outsideTeam); // Goran in Operations and the customer
        await Expect(survey.Page.Locator("#kpi-size")).ToContainTextAsync("4 contacts you named");
        await Expect(survey.Page.Locator("#kpi-outside")).ToContainTextAsync("50% outside your team: 2 of 4");
        await Expect(survey.Page.Locator("#kpi-personal")).ToContainTextAsync("50% personal as well as professional: 2 of 4");
        await Expect(survey.Page.GetByRole(AriaRole.Region, new() { Name = "Your contacts" })).ToContainTextAsync("2 of your 4 contacts (50%) are outside your team");

        // Three findings, one per tactic, each with its number, a suggestion, and the technical names only on demand.
        var findings = survey.Page.Locator("article.finding");
        await Expect(findings).ToHaveCountAsync(3);
        await Expect(findings.GetByRole(AriaRole.Heading, new() { Level = 3 })).ToHaveTextAsync(["Span boundaries", "Make ties personal", "Give back"]);
        await Expect(findings.Nth(0).Locator(".number")).ToHaveTextAsync("4 of your 4 contacts (100%) cross at least one boundary: level, function, location or the organization's edge.");
        await Expect(findings.Nth(0)).ToContainTextAsync("2 of your 4 contacts (50%) are outside your team.");
        await Expect(findings.Nth(1).Locator(".number")).ToHaveTextAsync("2 of your 4 contacts (50%) are personal as well as professional.");
        await Expect(findings.Nth(2).Locator(".number")).ToHaveTextAsync("2 of your 4 contacts (50%) come to you for help sometimes or often, by your own account.");
        await Expect(findings.Locator(".action")).ToHaveCountAsync(3);
        await Expect(findings.Nth(0).GetByText("Burt's constraint", new() { Exact = false })).ToBeHiddenAsync();
        await findings.Nth(0).GetByText("The measures behind this").ClickAsync();
        await Expect(findings.Nth(0).GetByText("Burt's constraint", new() { Exact = false })).ToBeVisibleAsync();
        await Expect(survey.Page.GetByRole(AriaRole.Heading, new() { Level = 3 }).Filter(new() { HasText = "Burt" })).ToHaveCountAsync(0);

        // The picture: drawn by the server, one legend entry per boundary kind present, personal and two-way ties distinct.
        var picture = survey.Page.Locator("figure.network-figure svg[role=img]");
        await Expect(picture).ToHaveCountAsync(1);
        await Expect(picture).ToHaveAttributeAsync("aria-labelledby", "pn-title pn-desc");
        Assert.Equal(["outside", "level", "function", "personal", "professional", "one-way", "two-way", "square", "named-you"],
            await picture.Locator("[data-legend-entry]").EvaluateAllAsync<string[]>("n => n.map(e => e.getAttribute('data-legend-entry'))"));
        var lines = picture.Locator("line[data-kind]:not([data-kind=named-you])");
        Assert.Equal(["outside", "level", "level", "function"], await lines.EvaluateAllAsync<string[]>("n => n.map(e => e.getAttribute('data-kind'))"));
        Assert.Equal(["4.5", "4.5", "2", "2"], await lines.EvaluateAllAsync<string[]>("n => n.map(e => e.getAttribute('stroke-width'))")); // customer and Ben are personal
        Assert.Equal(["no", "yes", "yes", "no"], await lines.EvaluateAllAsync<string[]>("n => n.map(e => e.getAttribute('data-two-way'))")); // Ben often, Chen sometimes
        Assert.Equal(["#D55E00", "#0072B2", "#0072B2", "#009E73"], await lines.EvaluateAllAsync<string[]>("n => n.map(e => e.getAttribute('stroke'))"));
        var box = await picture.BoundingBoxAsync();
        Assert.True(box is { Width: >= 340 }, "The picture is drawn at the phone's width.");

        // The contacts as named, the markup shown as text and never run.
        var contacts = survey.Page.GetByRole(AriaRole.Table, new() { Name = "4 contacts you named" });
        await Expect(contacts.GetByRole(AriaRole.Rowheader)).ToHaveTextAsync(json["contacts"]!.AsArray().Select(c => c!["label"]!.GetValue<string>()).ToArray());
        await Expect(contacts.GetByRole(AriaRole.Rowheader, new() { Name = MarkupName })).ToBeVisibleAsync();
        await Expect(contacts.GetByRole(AriaRole.Row).Filter(new() { HasText = "Goran Petrov" })).ToContainTextAsync("team, function, location");
        Assert.Equal(0, await survey.Page.Locator("main img, main script").CountAsync());
        Assert.Empty(dialogs);

        await survey.ScreenshotsAsync("profile");
        Assert.True(await survey.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "The profile scrolls sideways on a phone.");
        Assert.Empty(await AxeFindingsAsync(survey.Page, "profile, phone"));
        await survey.Page.SetViewportSizeAsync(SurveyPageDriver.Desktop.Width, SurveyPageDriver.Desktop.Height);
        Assert.Empty(await AxeFindingsAsync(survey.Page, "profile, desktop"));

        survey.AssertCleanRun(server.BaseUrl);
        Assert.DoesNotContain(survey.Requests, u => u.Contains(SurveySeed.TokenOf(links["p01"]), StringComparison.Ordinal));
        Assert.Empty(await survey.Context.CookiesAsync());
    }

    [Fact]
    public async Task A_profile_whose_team_is_under_the_threshold_says_what_is_held_back()
    {
        await using var server = await LocalHostServer.StartAsync();
        var links = await SeedAsync(server);
        var json = await ProfileJsonAsync(server, links["p13"]);
        Assert.True(json["answersHeldBack"]!.GetValue<bool>());
        Assert.Null(json["teamAverages"]);

        await using var profile = await SurveyPageDriver.StartAsync(browser.Browser, SurveyPageDriver.Phone);
        await profile.Page.GotoAsync(ProfileLink(server, links["p13"]));
        await profile.WaitForStateAsync("ready");
        await Expect(profile.Page.GetByText("Answers held back: your team had fewer than 5 respondents")).ToBeVisibleAsync();
        await OpenAllMeasuresAsync(profile.Page);
        await Expect(Cells(profile.Page, "Size", "Network size")).ToHaveTextAsync(
            [Whole(json["own"]!, "networkSize"), "not shown: fewer than 5 respondents in your team", OneDecimal(json["organizationAverages"]!, "networkSize")]);
        await Expect(profile.Page.GetByRole(AriaRole.Table, new() { Name = "Structural measures: you, your team and the organization" })).ToHaveCountAsync(0);
        await Expect(profile.Page.Locator("#kpi-sought")).ToHaveCountAsync(0);
        await profile.ScreenshotsAsync("profile-held-back");
        Assert.Empty(await AxeFindingsAsync(profile.Page, "held back"));
        profile.AssertCleanRun(server.BaseUrl);
    }

    [Fact]
    public async Task A_person_who_has_not_answered_sees_what_others_reported_and_a_way_to_the_survey()
    {
        await using var server = await LocalHostServer.StartAsync();
        var links = await SeedAsync(server);
        var json = await ProfileJsonAsync(server, links["p12"]);
        Assert.False(json["responded"]!.GetValue<bool>());

        await using var profile = await SurveyPageDriver.StartAsync(browser.Browser);
        await profile.Page.GotoAsync(ProfileLink(server, links["p12"]));
        await profile.WaitForStateAsync("ready");
        await Expect(profile.Page.GetByRole(AriaRole.Heading, new() { Name = "You have not answered the survey yet" })).ToBeVisibleAsync();
        await Expect(Cells(profile.Page, "Structural measures", "Sought out by (in-degree)")).ToHaveTextAsync(
            [Whole(json["own"]!, "inDegree"), OneDecimal(json["teamAverages"]!, "inDegree"), OneDecimal(json["organizationAverages"]!, "inDegree")]);
        await Expect(Cells(profile.Page, "Structural measures", "Colleagues named (out-degree)").First).ToHaveTextAsync("—no value");
        await Expect(profile.Page.GetByRole(AriaRole.Table, new() { Name = "Size: you, your team and the organization" })).ToHaveCountAsync(0);
        Assert.Empty(await AxeFindingsAsync(profile.Page, "not responded"));

        await profile.Page.GetByRole(AriaRole.Link, new() { Name = "Answer the survey" }).ClickAsync();
        await profile.WaitForStateAsync("ready");
        Assert.Equal(links["p12"], profile.Page.Url);
        profile.AssertCleanRun(server.BaseUrl);
    }

    [Fact]
    public async Task Invalid_links_too_many_requests_and_a_lost_connection_are_explained_and_retry_recovers()
    {
        await using var server = await LocalHostServer.StartAsync();
        var links = await SeedAsync(server);
        await using var profile = await SurveyPageDriver.StartAsync(browser.Browser);
        var page = profile.Page;

        await page.GotoAsync(server.BaseUrl + "/api/survey/profile/page");
        await profile.WaitForStateAsync("error");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "This page needs your personal link" })).ToBeFocusedAsync();

        await page.GotoAsync("about:blank");
        await page.GotoAsync(server.BaseUrl + "/api/survey/profile/page#token=forged.token");
        await profile.WaitForStateAsync("error");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "This link is not valid" })).ToBeFocusedAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Try again" })).ToBeHiddenAsync();
        Assert.Empty(await AxeFindingsAsync(page, "invalid link"));

        // The server's own limit: a script spends this link's burst, then the page explains the wait.
        // The bucket refills once a minute on its own clock; should that fall between spending and
        // loading, spend again (it cannot happen twice within a minute).
        var token = SurveySeed.TokenOf(links["p10"]);
        for (var attempt = 1; ; attempt++)
        {
            await SpendBurstAsync(server, token);
            await page.GotoAsync("about:blank");
            await page.GotoAsync(ProfileLink(server, links["p10"]));
            await Expect(page.Locator("html")).Not.ToHaveAttributeAsync("data-state", "loading");
            if (await page.Locator("html").GetAttributeAsync("data-state") == "error" || attempt == 3)
            {
                break;
            }
        }

        await profile.WaitForStateAsync("error");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Too many requests" })).ToBeFocusedAsync();
        await Expect(page.Locator("#fatal-text")).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"Wait \d+ seconds?, then try again"));
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Try again" })).ToBeVisibleAsync();

        // Offline: the page says so; once the network is back, "Try again" loads the profile.
        await page.GotoAsync("about:blank");
        await page.RouteAsync("**/api/survey/profile", route => route.AbortAsync("internetdisconnected"));
        await page.GotoAsync(ProfileLink(server, links["p02"]));
        await profile.WaitForStateAsync("error");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "No connection" })).ToBeFocusedAsync();
        await profile.ScreenshotsAsync("profile-offline");
        await page.UnrouteAllAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Try again" }).ClickAsync();
        await profile.WaitForStateAsync("ready");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Ben Okafor");

        profile.AssertCleanRun(server.BaseUrl, "status of 401", "status of 429", "net::ERR_INTERNET_DISCONNECTED");
    }

    /// <summary>
    /// Fourteen people: Engineering and Operations with six each (five or six answer, so both teams and
    /// the organization reach the threshold of 5) and a two-person Lab whose answers are held back.
    /// Everyone but Ana (who answers in the browser) and Lena answers through the API.
    /// </summary>
    private static async Task<Dictionary<string, string>> SeedAsync(LocalHostServer server)
    {
        (string Id, string Name, string Team, string Function, int Level, string Location)[] people =
        [
            ("p01", "Ana Silva", "eng", "Engineering", 3, "Lisbon"), ("p02", "Ben Okafor", "eng", "Engineering", 2, "Lisbon"),
            ("p03", MarkupName, "eng", "Engineering", 2, "Lisbon"), ("p04", "Dana Ito", "eng", "Design", 2, "Porto"),
            ("p05", "Emil Novak", "eng", "Engineering", 1, "Lisbon"), ("p06", "Fatima Khan", "eng", "Engineering", 1, "Porto"),
            ("p07", "Goran Petrov", "ops", "Operations", 3, "Berlin"), ("p08", "Hana Sato", "ops", "Operations", 2, "Berlin"),
            ("p09", "Ivan Costa", "ops", "Operations", 2, "Berlin"), ("p10", "Julia Weber", "ops", "Finance", 2, "Berlin"),
            ("p11", "Karim Haddad", "ops", "Operations", 1, "Lisbon"), ("p12", "Lena Berg", "ops", "Operations", 1, "Berlin"),
            ("p13", "Mia Rossi", "lab", "Research", 2, "Porto"), ("p14", "Noah Park", "lab", "Research", 1, "Porto"),
        ];
        var roster = new JsonObject
        {
            ["teams"] = new JsonArray(
                new JsonObject { ["id"] = "eng", ["name"] = "Engineering" },
                new JsonObject { ["id"] = "ops", ["name"] = "Operations" },
                new JsonObject { ["id"] = "lab", ["name"] = "Lab" }),
            ["people"] = new JsonArray(people.Select(p => (JsonNode)new JsonObject
            {
                ["id"] = p.Id, ["name"] = p.Name, ["teamId"] = p.Team, ["function"] = p.Function, ["level"] = p.Level, ["location"] = p.Location,
            }).ToArray()),
        };
        var links = await SurveySeed.SeedAsync(server, roster);

        var named = new Dictionary<string, string[]>
        {
            ["p02"] = ["p01", "p03", "p04", "p08"], ["p03"] = ["p01", "p02", "p05"], ["p04"] = ["p01", "p06", "p10"],
            ["p05"] = ["p02", "p03"], ["p06"] = ["p04", "p05", "p11"], ["p07"] = ["p08", "p09", "p01"],
            ["p08"] = ["p07", "p09", "p10", "p02"], ["p09"] = ["p07", "p11", "p12"], ["p10"] = ["p07", "p08", "p04"],
            ["p11"] = ["p09", "p12", "p06"], ["p13"] = ["p14", "p04"], ["p14"] = ["p13"],
        };
        string[] frequencies = ["daily", "weekly", "monthly", "lessThanMonthly"];
        string[] giveBacks = ["often", "sometimes", "rarely", "never"];
        foreach (var (person, contacts) in named)
        {
            var answer = new
            {
                contacts = contacts.Select((c, i) => new
                {
                    personId = c,
                    frequency = frequencies[(i + person[^1]) % 4],
                    benefits = i % 2 == 0 ? new[] { "solutions" } : ["validation", "legitimation"],
                    personal = i == 0,
                    giveBack = giveBacks[(i * 3 + person[^1]) % 4],
                }).ToArray(),
            };
            var sent = await server.AsRespondentAsync(HttpMethod.Put, "survey/response", SurveySeed.TokenOf(links[person]), answer);
            Assert.True(sent.IsSuccessStatusCode, await sent.Content.ReadAsStringAsync());
        }

        // Profiles compare with the averages the report job last published.
        await server.RunReportsAsync("orgs/acme/cycles/c1/reports");
        return links;
    }

    /// <summary>Opens the details element that holds every measure with its technical name.</summary>
    private static async Task OpenAllMeasuresAsync(IPage page)
    {
        var details = page.Locator("#all-measures");
        if (await details.GetAttributeAsync("open") is null)
        {
            await details.Locator("summary").First.ClickAsync();
        }

        await Expect(details).ToHaveAttributeAsync("open", "");
    }

    /// <summary>Requests with the token until the server answers 429.</summary>
    private static async Task SpendBurstAsync(LocalHostServer server, string token)
    {
        for (var calls = 0; calls < 500; calls++)
        {
            var status = (await server.AsRespondentAsync(HttpMethod.Get, "survey", token)).StatusCode;
            if (status == HttpStatusCode.TooManyRequests)
            {
                return;
            }

            Assert.Equal(HttpStatusCode.OK, status);
        }

        Assert.Fail("The link was never rate limited.");
    }

    private static string ProfileLink(LocalHostServer server, string surveyLink) =>
        server.BaseUrl + "/api/survey/profile/page#token=" + SurveySeed.TokenOf(surveyLink);

    private static async Task<JsonNode> ProfileJsonAsync(LocalHostServer server, string surveyLink)
    {
        var response = await server.AsRespondentAsync(HttpMethod.Get, "survey/profile", SurveySeed.TokenOf(surveyLink));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonNode>())!;
    }

    /// <summary>The You, Your team and Organization cells of one measure's row in a table, found by caption and row header.</summary>
    private static ILocator Cells(IPage page, string table, string measure) =>
        page.GetByRole(AriaRole.Table, new() { Name = table + ": you, your team and the organization" })
            .GetByRole(AriaRole.Row)
            .Filter(new() { Has = page.GetByRole(AriaRole.Rowheader).Filter(new() { Has = page.Locator(".name").GetByText(measure, new() { Exact = true }) }) })
            .GetByRole(AriaRole.Cell);

    private static double Number(JsonNode set, string measure) => set[measure]!.GetValue<double>();

    // The page's formats, computed here from the API's numbers: a person's counts whole, averages to one decimal, shares in percent.
    private static string Whole(JsonNode set, string measure) => Math.Round(Number(set, measure), MidpointRounding.AwayFromZero).ToString(CultureInfo.InvariantCulture);

    private static string OneDecimal(JsonNode set, string measure) => Number(set, measure).ToString("F1", CultureInfo.InvariantCulture);

    private static string TwoDecimals(JsonNode set, string measure) => Number(set, measure).ToString("F2", CultureInfo.InvariantCulture);

    private static string Percent(JsonNode set, string measure) =>
        Math.Round(Number(set, measure) * 100, MidpointRounding.AwayFromZero).ToString(CultureInfo.InvariantCulture) + "%";

    private async Task<List<string>> AxeFindingsAsync(IPage page, string state)
    {
        var result = await page.RunAxe();
        var findings = new List<string>();
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
        return findings;
    }
}
