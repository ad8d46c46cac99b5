using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using SurveyNetwork.Functions.Tests.EndToEnd;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace SurveyNetwork.Functions.Tests.Browser;

/// <summary>
/// The people picker's list after typing, deleting and retyping: it must show exactly the people
/// who match what is in the box (no stale "no one matches" row, no match left out), and the count
/// the status announces must agree with it.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SurveyPickerListTests(BrowserFixture browser, ITestOutputHelper output)
{
    /// <summary>Unaccented names, so the expected matches are plain lower-case substring tests.</summary>
    private static readonly string[] Names =
    [
        "Mina Tanaka", "Ken Tanaka", "Ana Silva", "Anton Berg", "Andrea Kim", "Marta Santos", "Mateo Ramos", "Nadia Khan",
        "Kenji Sato", "Tariq Ali", "Sara Tan", "Hana Nakamura", "Oskar Holm", "Ines Costa", "Tomas Novak", "Rosa Diaz",
    ];

    private const string Me = "Zed Quill";

    private static JsonNode Roster()
    {
        var people = new JsonArray();
        foreach (var (name, i) in Names.Append(Me).Select((n, i) => (n, i)))
        {
            people.Add(new JsonObject { ["id"] = $"q{i:D2}", ["name"] = name, ["teamId"] = i % 2 == 0 ? "eng" : "ops", ["function"] = "Engineering", ["level"] = 1, ["location"] = "Lisbon" });
        }

        return new JsonObject
        {
            ["teams"] = new JsonArray(new JsonObject { ["id"] = "eng", ["name"] = "Engineering" }, new JsonObject { ["id"] = "ops", ["name"] = "Operations" }),
            ["people"] = people,
        };
    }

    /// <summary>What the page should list for a query: every whitespace-separated token occurs in the name.</summary>
    private static string[] Expected(string query, ISet<string> picked)
    {
        var tokens = query.Trim().ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return tokens.Length == 0
            ? []
            : Names.Where(n => !picked.Contains(n) && tokens.All(t => n.ToLowerInvariant().Contains(t, StringComparison.Ordinal))).Order(StringComparer.Ordinal).ToArray();
    }

    private sealed record Shown(string Value, bool Open, string[] Options, string[] Notes, string Status, string[] Picked);

    private const string ReadList = """
        () => {
          const list = document.querySelector('[role=listbox]');
          const items = [...list.querySelectorAll('[role=option]')];
          return JSON.stringify({
            value: document.querySelector('[role=combobox]').value,
            open: !list.hidden,
            options: items.filter(i => i.getAttribute('aria-disabled') !== 'true').map(i => i.querySelector('.name').textContent),
            notes: items.filter(i => i.getAttribute('aria-disabled') === 'true').map(i => i.textContent),
            status: document.querySelector('#picker-status').textContent,
            picked: [...document.querySelectorAll('li.contact h3')].map(h => h.textContent)
          });
        }
        """;

    private static async Task<Shown> ReadAsync(IPage page) =>
        JsonSerializer.Deserialize<Shown>(await page.EvaluateAsync<string>(ReadList), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;

    /// <summary>Checks the invariant; returns a description of the difference, or null when the list is right.</summary>
    private static string? Check(Shown shown, ISet<string> picked)
    {
        var expected = Expected(shown.Value, picked);
        var options = shown.Options.Order(StringComparer.Ordinal).ToArray();
        if (!options.SequenceEqual(expected))
        {
            return $"query “{shown.Value}”: expected [{string.Join(", ", expected)}], shown [{string.Join(", ", shown.Options)}]";
        }

        var hasQuery = shown.Value.Trim().Length > 0;
        if (shown.Notes.Length != (hasQuery && expected.Length == 0 ? 1 : 0))
        {
            return $"query “{shown.Value}”: {expected.Length} matches but the list has the notes [{string.Join(" | ", shown.Notes)}]";
        }

        var status = expected.Length switch
        {
            0 => hasQuery ? "No matches." : "",
            1 => "1 person matches.",
            var n => $"{n} people match.",
        };
        return shown.Status == status || !hasQuery ? null : $"query “{shown.Value}”: status “{shown.Status}”, expected “{status}”";
    }

    [Fact]
    public async Task Deleting_a_letter_after_no_match_shows_every_match_and_no_stale_row()
    {
        await using var server = await LocalHostServer.StartAsync();
        var links = await SurveySeed.SeedAsync(server, Roster());
        await using var survey = await SurveyPageDriver.StartAsync(browser.Browser);
        await survey.OpenAsync(links["q16"]);

        await survey.TypeAsync("Tanakx", 0);
        await Expect(survey.Options).ToHaveTextAsync(["No one on the roster matches “Tanakx”"]);
        await survey.Picker.PressAsync("Backspace");
        await Expect(survey.Options).ToHaveCountAsync(2);
        await Expect(survey.Options.Filter(new() { HasText = "Mina Tanaka" })).ToBeVisibleAsync();
        await Expect(survey.Options.Filter(new() { HasText = "Ken Tanaka" })).ToBeVisibleAsync();
        await Expect(survey.Page.Locator("#picker-status")).ToHaveTextAsync("2 people match.");

        // One match after no match: that person is shown and can be clicked.
        await survey.ClearPickerAsync();
        await survey.TypeAsync("Minx", 0);
        await survey.Picker.PressAsync("Backspace");
        await Expect(survey.Options).ToHaveTextAsync([new System.Text.RegularExpressions.Regex("^Mina Tanaka")]);
        await survey.Options.First.ClickAsync();
        await Expect(survey.Card("Mina Tanaka")).ToBeVisibleAsync();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Random_typing_deleting_and_retyping_always_lists_exactly_the_matching_people(int seed)
    {
        await using var server = await LocalHostServer.StartAsync();
        var links = await SurveySeed.SeedAsync(server, Roster());
        await using var survey = await SurveyPageDriver.StartAsync(browser.Browser);
        await survey.OpenAsync(links["q16"]);
        await survey.Picker.ClickAsync();

        var random = new Random(seed);
        const string letters = "tanakxmisevoqz ";
        var steps = new List<string>();
        for (var step = 0; step < 60; step++)
        {
            var roll = random.Next(100);
            string action;
            if (roll < 50)
            {
                var c = letters[random.Next(letters.Length)];
                action = c == ' ' ? "Space" : c.ToString();
            }
            else if (roll < 75)
            {
                action = "Backspace";
            }
            else if (roll < 92)
            {
                var name = Names[random.Next(Names.Length)].ToLowerInvariant();
                var start = random.Next(name.Length - 2);
                action = "retype:" + name.Substring(start, 2 + random.Next(Math.Min(5, name.Length - start - 1)));
            }
            else
            {
                action = "Enter";
            }

            steps.Add(action);
            if (action.StartsWith("retype:", StringComparison.Ordinal))
            {
                await survey.Picker.PressAsync("ControlOrMeta+a");
                await survey.Picker.PressSequentiallyAsync(action[7..]);
            }
            else
            {
                await survey.Picker.PressAsync(action);
            }

            var shown = await ReadAsync(survey.Page);
            var problem = Check(shown, shown.Picked.ToHashSet(StringComparer.Ordinal));
            Assert.True(problem is null, $"Seed {seed}, after [{string.Join(", ", steps)}]: {problem}");
        }

        output.WriteLine($"Seed {seed}: {steps.Count} edits checked ({steps.Count(s => s == "Backspace")} deletions, {steps.Count(s => s.StartsWith("retype:", StringComparison.Ordinal))} retypes, {steps.Count(s => s == "Enter")} picks).");
        survey.AssertCleanRun(server.BaseUrl);
    }
}
