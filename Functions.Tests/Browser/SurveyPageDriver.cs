using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SurveyNetwork.Domain.Survey;
using SurveyNetwork.Functions.Http;
using SurveyNetwork.Functions.Tests.EndToEnd;
using static Microsoft.Playwright.Assertions;

namespace SurveyNetwork.Functions.Tests.Browser;

/// <summary>
/// Drives the survey page the way a respondent does (by the names on screen: roles, labels and
/// headings, never by internal ids), and records console errors and every request it makes.
/// </summary>
public sealed class SurveyPageDriver : IAsyncDisposable
{
    public static readonly (int Width, int Height) Phone = (390, 844);
    public static readonly (int Width, int Height) Desktop = (1280, 800);

    private SurveyPageDriver(IBrowserContext context, IPage page)
    {
        Context = context;
        Page = page;
        page.Console += (_, m) =>
        {
            if (m.Type == "error")
            {
                ConsoleErrors.Add(m.Text);
            }
        };
        page.PageError += (_, e) => ConsoleErrors.Add(e);
        page.Request += (_, r) => Requests.Add(r.Url);
    }

    public IBrowserContext Context { get; }
    public IPage Page { get; }
    public List<string> ConsoleErrors { get; } = [];
    public List<string> Requests { get; } = [];

    public static async Task<SurveyPageDriver> StartAsync(IBrowser browser, (int Width, int Height)? viewport = null)
    {
        var size = viewport ?? Desktop;
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = size.Width, Height = size.Height },
            Locale = "en-GB",
            TimezoneId = "UTC",
        });
        context.SetDefaultTimeout(15_000);
        return new SurveyPageDriver(context, await context.NewPageAsync());
    }

    /// <summary>Opens an invitation link and waits until the survey (or, once answered or closed, its saved state) is shown.</summary>
    public async Task OpenAsync(string link)
    {
        await Page.GotoAsync(link);
        await Expect(Page.Locator("html")).ToHaveAttributeAsync("data-state", new Regex("^(ready|saved|closed)$"));
    }

    /// <summary>From the saved state, back to the form with the answers in it.</summary>
    public async Task ChangeAnswersAsync()
    {
        await Page.GetByRole(AriaRole.Button, new() { Name = "Change my answers" }).ClickAsync();
        await WaitForStateAsync("ready");
    }

    public async Task WaitForStateAsync(string state) =>
        await Expect(Page.Locator("html")).ToHaveAttributeAsync("data-state", state);

    /// <summary>Milliseconds from navigation start until the survey was interactive, as the page measured it.</summary>
    public Task<double> ReadyAtAsync() => Page.EvaluateAsync<double>("() => window.__surveyReadyAt");

    public ILocator Picker => Page.GetByRole(AriaRole.Combobox, new() { Name = "Search people by name" });

    public ILocator Options => Page.GetByRole(AriaRole.Listbox, new() { Name = "Matching people" }).GetByRole(AriaRole.Option);

    public ILocator Contacts => Page.Locator("li.contact");

    /// <summary>The card of one contact, found by its heading.</summary>
    public ILocator Card(string heading) =>
        Contacts.Filter(new() { Has = Page.GetByRole(AriaRole.Heading, new() { Name = heading, Exact = true }) });

    public ILocator ProgressText => Page.Locator("#progress-text");

    public ILocator SendButton => Page.GetByRole(AriaRole.Button, new() { Name = "Send my answers" })
        .Or(Page.GetByRole(AriaRole.Button, new() { Name = "Save my changes" }));

    public ILocator Confirmation => Page.GetByRole(AriaRole.Heading, new() { Name = "Thank you, your answers are saved" });

    /// <summary>Types into the picker key by key, as a person does.</summary>
    public async Task TypeAsync(string text, int delayMs = 40)
    {
        await Picker.ClickAsync();
        await Picker.PressSequentiallyAsync(text, new() { Delay = delayMs });
    }

    /// <summary>Clears the picker with the keyboard.</summary>
    public async Task ClearPickerAsync()
    {
        await Picker.PressAsync("ControlOrMeta+a");
        await Picker.PressAsync("Backspace");
    }

    public async Task AddOutsideAsync(string kind, string label)
    {
        await Page.GetByRole(AriaRole.Button, new() { Name = "Add someone outside the organization" }).ClickAsync();
        var card = Contacts.Last;
        await card.GetByRole(AriaRole.Combobox, new() { Name = "What kind of outside contact is this?" }).SelectOptionAsync(new SelectOptionValue { Label = kind });
        await card.GetByRole(AriaRole.Textbox, new() { Name = "A short label (no real name needed)" }).FillAsync(label);
    }

    /// <summary>Answers one contact's questions by the labels a person reads.</summary>
    public static async Task AnswerAsync(ILocator card, string frequency, string[] benefits, bool? personal, string? giveBack, string? energy = null)
    {
        await card.GetByRole(AriaRole.Group, new() { Name = "How often do you go to this person?" })
            .GetByRole(AriaRole.Radio, new() { Name = frequency, Exact = true }).CheckAsync();
        foreach (var b in benefits)
        {
            await card.GetByRole(AriaRole.Checkbox, new() { Name = b }).CheckAsync();
        }

        if (personal is { } p)
        {
            await card.GetByRole(AriaRole.Group, new() { Name = "Is this relationship personal as well as professional?" })
                .GetByRole(AriaRole.Radio, new() { Name = p ? "Yes" : "No", Exact = true }).CheckAsync();
        }

        if (giveBack is not null)
        {
            await card.GetByRole(AriaRole.Group, new() { Name = "How often does this person come to you for help?" })
                .GetByRole(AriaRole.Radio, new() { Name = giveBack, Exact = true }).CheckAsync();
        }

        if (energy is not null)
        {
            await card.GetByRole(AriaRole.Radio, new() { Name = energy, Exact = true }).CheckAsync();
        }
    }

    /// <summary>Full-page screenshots at phone and desktop widths, then back to the size it had.</summary>
    public async Task ScreenshotsAsync(string name)
    {
        var before = Page.ViewportSize;
        foreach (var (label, size) in new[] { ("phone", Phone), ("desktop", Desktop) })
        {
            await Page.SetViewportSizeAsync(size.Width, size.Height);
            await Page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, $"{name}-{label}.png"), FullPage = true });
        }

        if (before is not null)
        {
            await Page.SetViewportSizeAsync(before.Width, before.Height);
        }
    }

    /// <summary>
    /// Fails when the page logged an error (a CSP violation logs one) or asked another origin for
    /// anything. <paramref name="expected"/> lists parts of errors the test caused on purpose.
    /// </summary>
    public void AssertCleanRun(string origin, params string[] expected)
    {
        var errors = ConsoleErrors.Where(e => !expected.Any(x => e.Contains(x, StringComparison.Ordinal))).ToArray();
        Assert.True(errors.Length == 0, "Console errors: " + string.Join(" | ", errors));
        var foreign = Requests.Where(u => !u.StartsWith(origin + "/", StringComparison.Ordinal) && !u.StartsWith("data:", StringComparison.Ordinal)).ToArray();
        Assert.True(foreign.Length == 0, "Requests to other origins: " + string.Join(", ", foreign));
    }

    public async ValueTask DisposeAsync() => await Context.CloseAsync();
}

/// <summary>Rosters and cycles for the browser tests, loaded through the admin API.</summary>
public static class SurveySeed
{
    /// <summary>Six people; two named Ana Silva in different teams; Eva is inactive; Ben answers.</summary>
    public static JsonNode Roster(string? inactive = null)
    {
        var roster = JsonNode.Parse("""
            {"teams":[{"id":"eng","name":"Engineering"},{"id":"ops","name":"Operations"},{"id":"sales","name":"Sales"}],
             "people":[
              {"id":"p1","name":"Ana Silva","teamId":"eng","function":"Engineering","level":3,"location":"Lisbon"},
              {"id":"p2","name":"Ben Okafor","teamId":"eng","function":"Engineering","level":2,"location":"Lisbon","managerId":"p1"},
              {"id":"p3","name":"Chloé Martin","teamId":"ops","function":"Operations","level":2,"location":"Berlin","managerId":"p1"},
              {"id":"p4","name":"Dmitri Petrov","teamId":"ops","function":"Operations","level":1,"location":"Berlin","managerId":"p3"},
              {"id":"p5","name":"Ana Silva","teamId":"sales","function":"Sales","level":2,"location":"Porto"},
              {"id":"p6","name":"Eva Schmidt","teamId":"ops","function":"Operations","level":1,"location":"Berlin","managerId":"p3","active":false}]}
            """)!;
        if (inactive is not null)
        {
            roster["people"]!.AsArray().Single(p => p!["id"]!.GetValue<string>() == inactive)!["active"] = false;
        }

        return roster;
    }

    /// <summary>Loads a roster, opens cycle "c1" with the given options and returns each invited person's link.</summary>
    public static async Task<Dictionary<string, string>> SeedAsync(LocalHostServer server, JsonNode roster, object? options = null, string[]? invite = null)
    {
        var put = await server.AdminAsync(HttpMethod.Put, "orgs/acme/roster", roster);
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        var cycle = new JsonObject
        {
            ["id"] = "c1",
            ["title"] = "Spring network survey",
            ["closesAt"] = DateTimeOffset.UtcNow.AddDays(7).ToString("O"),
            ["options"] = JsonSerializer.SerializeToNode(options ?? new { }, ApiJson.Options),
        };
        var created = await server.AdminAsync(HttpMethod.Post, "orgs/acme/cycles", cycle);
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var issued = await server.AdminAsync(HttpMethod.Post, "orgs/acme/cycles/c1/invitations", invite is null ? null : new { personIds = invite });
        Assert.True(issued.IsSuccessStatusCode, await issued.Content.ReadAsStringAsync());
        var body = await issued.Content.ReadFromJsonAsync<JsonObject>();
        return body!["invitations"]!.AsArray().ToDictionary(i => i!["personId"]!.GetValue<string>(), i => i!["link"]!.GetValue<string>());
    }

    /// <summary>The token carried in a link's fragment.</summary>
    public static string TokenOf(string link) => link[(link.IndexOf("#token=", StringComparison.Ordinal) + 7)..];

    /// <summary>Answers as the API serializes them, for comparing what was entered with what was stored.</summary>
    public static string Json(IEnumerable<ContactAnswer> contacts) => JsonSerializer.Serialize(contacts.ToArray(), ApiJson.Options);
}
