using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using SurveyNetwork.Functions.Tests.EndToEnd;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace SurveyNetwork.Functions.Tests.Browser;

/// <summary>
/// The people picker over a 5,000-person roster: the matches must be right; the time from each
/// keystroke to the updated list, measured in the page, is printed (never asserted).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SurveyPickerScaleTests(BrowserFixture browser, ITestOutputHelper output)
{
    private static readonly string[] First =
    [
        "Ana", "Ben", "Chloé", "Dmitri", "Eva", "Farah", "Gustavo", "Hana", "Ibrahim", "Jonas", "Kenji", "Lena", "Mateo", "Nadia",
        "Oskar", "Priya", "Quentin", "Rosa", "Søren", "Tomás", "Uma", "Viktor", "Wen", "Xavier", "Yara", "Zoë", "María", "José",
        "Łukasz", "Renée", "Amélie", "Björn", "Camille", "Diego", "Elif", "Fatima", "Giulia", "Hugo", "Ines", "Jakub", "Kofi",
        "Leila", "Marco", "Noor", "Olga", "Pablo", "Rui", "Sara", "Tariq", "Mariana",
    ];

    private static readonly string[] Last =
    [
        "Silva", "Okafor", "Martin", "Petrov", "Schmidt", "Müller", "García", "Nguyen", "Kowalski", "Rossi", "Dubois", "Jensen",
        "Novak", "Costa", "Yilmaz", "Haddad", "Tanaka", "Kim", "Singh", "Patel", "Andersson", "Nieminen", "O'Brien", "Van der Berg",
        "Fernández", "Ivanova", "Horvath", "Papadopoulos", "Moreau", "Lindqvist", "Mbeki", "Adeyemi", "Chen", "Li", "Park", "Sato",
        "Cohen", "Levi", "Marques", "Santos", "Ortiz", "Ramos", "Dahl", "Berg", "Holm", "Weber", "Wagner", "Becker", "Hoffmann",
        "Schulz", "Kaur", "Sharma", "Gupta", "Rahman", "Hussain", "Ali", "Khan", "Moretti", "Ricci", "Conti", "Romano", "Gallo",
        "Bianchi", "Marino", "Greco", "Bruno", "Fontaine", "Lefèvre", "Girard", "Bonnet", "Lambert", "Roux", "Fournier", "Morel",
        "Mercier", "Blanc", "Faure", "Andre", "Leroy", "Garnier", "Chevalier", "François", "Legrand", "Gauthier", "Perrin", "Robin",
        "Clément", "Morin", "Nicolas", "Henry", "Roussel", "Mathieu", "Duval", "Marchand", "Brun", "Quist", "Žukauskas", "Ólafsson",
        "Çelik", "Sørensen",
    ];

    private static readonly string[] Functions = ["Engineering", "Sales", "Finance", "Operations", "Marketing", "Legal", "Support", "Research"];

    /// <summary>5,000 people (every first name with every last name) in 100 teams; two more people named Ana Silva.</summary>
    private static (JsonNode Roster, List<(string Id, string Name, string Team)> People) Roster()
    {
        var people = new List<(string Id, string Name, string Team)>();
        var json = new JsonArray();
        for (var i = 0; i < First.Length * Last.Length; i++)
        {
            var id = $"u{i:D4}";
            var name = i is 4998 or 4999 ? "Ana Silva" : $"{First[i % First.Length]} {Last[i / First.Length]}";
            var team = $"t{i % 100:D2}";
            people.Add((id, name, $"Team {i % 100:D2}"));
            json.Add(new JsonObject
            {
                ["id"] = id, ["name"] = name, ["teamId"] = team, ["function"] = Functions[i / 7 % Functions.Length],
                ["level"] = 1 + (i % 5), ["location"] = i % 3 == 0 ? "Lisbon" : "Berlin",
            });
        }

        var teams = new JsonArray(Enumerable.Range(0, 100).Select(t => (JsonNode)new JsonObject { ["id"] = $"t{t:D2}", ["name"] = $"Team {t:D2}" }).ToArray());
        return (new JsonObject { ["teams"] = teams, ["people"] = json }, people);
    }

    /// <summary>Base letters of the accented letters in the test roster (built without string.Normalize, a no-op under invariant globalization).</summary>
    private static readonly Dictionary<char, string> Base = new()
    {
        ['á'] = "a", ['à'] = "a", ['â'] = "a", ['ä'] = "a", ['ã'] = "a", ['å'] = "a", ['ç'] = "c", ['č'] = "c", ['é'] = "e", ['è'] = "e",
        ['ê'] = "e", ['ë'] = "e", ['í'] = "i", ['ì'] = "i", ['î'] = "i", ['ï'] = "i", ['ñ'] = "n", ['ó'] = "o", ['ò'] = "o", ['ô'] = "o",
        ['ö'] = "o", ['õ'] = "o", ['ú'] = "u", ['ù'] = "u", ['û'] = "u", ['ü'] = "u", ['ý'] = "y", ['ž'] = "z", ['š'] = "s",
        ['ß'] = "ss", ['ø'] = "o", ['ł'] = "l", ['đ'] = "d", ['æ'] = "ae", ['œ'] = "oe",
    };

    /// <summary>What the page matches on: lower case, accents dropped ("Zoë" → "zoe", "Łukasz" → "lukasz").</summary>
    private static string Fold(string s)
    {
        var sb = new StringBuilder();
        foreach (var ch in s.ToLowerInvariant())
        {
            if (Base.TryGetValue(ch, out var b))
            {
                sb.Append(b);
            }
            else
            {
                Assert.True(ch < 128 || ch == '’', $"No base letter known for '{ch}'.");
                sb.Append(ch);
            }
        }

        return sb.ToString();
    }

    [Fact]
    public async Task With_5000_people_the_picker_shows_the_right_matches_and_prints_keystroke_timings()
    {
        await using var server = await LocalHostServer.StartAsync();
        var (roster, people) = Roster();
        const string me = "u0001";
        var links = await SurveySeed.SeedAsync(server, roster, invite: [me]);
        var others = people.Where(p => p.Id != me).ToList();

        await using var survey = await SurveyPageDriver.StartAsync(browser.Browser);
        await survey.OpenAsync(links[me]);
        var ready = await survey.ReadyAtAsync();
        Assert.Equal(0, await survey.Page.EvaluateAsync<int>("() => window.__pickerTimings.length")); // nothing typed yet

        // Broad queries: the list is capped, the count is right, every shown name matches, and names
        // starting with the query (then words starting with it) come before other substrings.
        foreach (var query in new[] { "a", "mar", "silva", "lefev" })
        {
            await survey.ClearPickerAsync();
            await survey.TypeAsync(query, delayMs: 30);
            var tokens = Fold(query).Split(' ');
            var expected = others.Count(p => tokens.All(t => Fold(p.Name).Contains(t, StringComparison.Ordinal)));
            await Expect(survey.Options).ToHaveCountAsync(Math.Min(50, expected));
            await Expect(survey.Page.Locator("#picker-status")).ToContainTextAsync(expected == 1 ? "1 person matches" : $"{expected} people match");
            var shown = await ShownNamesAsync(survey.Page);
            Assert.All(shown, n => Assert.True(tokens.All(t => Fold(n).Contains(t, StringComparison.Ordinal)), $"'{n}' shown for '{query}'"));
            var ranks = shown.Select(n => Rank(n, query)).ToArray();
            Assert.True(ranks.SequenceEqual(ranks.Order()), $"Ranks for '{query}' out of order: {string.Join(",", ranks)}");
        }

        // Accent-free typing finds the accented name; the exact name ranks first.
        await survey.ClearPickerAsync();
        await survey.TypeAsync("zoe qu", delayMs: 30);
        Assert.Equal(["Zoë Quist", "Zoë Marques"], await ShownNamesAsync(survey.Page));

        // Namesakes are told apart by team and function; "Hana Silva" and "Mariana Silva" match too, after them.
        await survey.ClearPickerAsync();
        await survey.TypeAsync("ana silva", delayMs: 30);
        var anaSilvas = others.Where(p => Fold(p.Name).Contains("ana", StringComparison.Ordinal) && Fold(p.Name).Contains("silva", StringComparison.Ordinal)).Select(p => p.Name).ToList();
        var shownSilvas = await ShownNamesAsync(survey.Page);
        Assert.Equal(anaSilvas.Order(StringComparer.Ordinal), shownSilvas.Order(StringComparer.Ordinal));
        Assert.Equal(["Ana Silva", "Ana Silva", "Ana Silva"], shownSilvas.Take(3));
        var metas = await survey.Page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('#picker-list [role=option] .meta')].map(n => n.textContent)");
        Assert.Equal(3, metas.Take(3).Distinct().Count());
        await survey.ScreenshotsAsync("survey-picker-5000");

        // Picking one removes them from later matches.
        await survey.Picker.PressAsync("Enter");
        await Expect(survey.Contacts).ToHaveCountAsync(1);
        await survey.TypeAsync("ana silva", delayMs: 30);
        anaSilvas.Remove("Ana Silva");
        Assert.Equal(anaSilvas.Order(StringComparer.Ordinal), (await ShownNamesAsync(survey.Page)).Order(StringComparer.Ordinal));

        await survey.Page.WaitForFunctionAsync("() => window.__pickerTimings.every(t => t.frameMs !== null)");
        var timings = JsonSerializer.Deserialize<Timing[]>(
            await survey.Page.EvaluateAsync<string>("() => JSON.stringify(window.__pickerTimings)"), JsonSerializerOptions.Web)!;
        Assert.True(timings.Length >= 30, $"Only {timings.Length} picker updates were measured.");
        output.WriteLine($"Roster: {others.Count} people to pick from. Page usable {ready:F0} ms after navigation start.");
        output.WriteLine($"Picker updates measured: {timings.Length} keystrokes.");
        Print("search only", timings.Select(t => t.SearchMs));
        Print("keystroke to list rendered", timings.Select(t => t.RenderedMs));
        Print("keystroke to next frame", timings.Select(t => t.FrameMs ?? double.NaN));
        survey.AssertCleanRun(server.BaseUrl);
    }

    private void Print(string what, IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        double At(double q) => sorted[(int)Math.Min(sorted.Length - 1, Math.Floor(q * sorted.Length))];
        var line = $"  {what,-28} p50 {At(0.5),6:F2} ms   p95 {At(0.95),6:F2} ms   max {sorted[^1],6:F2} ms";
        output.WriteLine(line);
        Console.WriteLine("[picker] " + line.Trim());
    }

    private static async Task<string[]> ShownNamesAsync(IPage page) =>
        await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('#picker-list [role=option] .name')].map(n => n.textContent)");

    /// <summary>0: the name starts with the query; 1: every word of the query starts a word of the name; 2: substrings.</summary>
    private static int Rank(string name, string query)
    {
        var key = Fold(name);
        var q = Fold(query);
        if (key.StartsWith(q, StringComparison.Ordinal))
        {
            return 0;
        }

        var words = " " + string.Join(' ', key.Split([' ', '-', '\'', '’', '.', ',', '(', ')'], StringSplitOptions.RemoveEmptyEntries));
        return q.Split(' ').All(t => words.Contains(" " + t, StringComparison.Ordinal)) ? 1 : 2;
    }

    public sealed record Timing(string Query, int Shown, int Total, double SearchMs, double RenderedMs, double? FrameMs);
}
