using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SurveyNetwork.Functions.Tests.EndToEnd;

namespace SurveyNetwork.Functions.Tests.Trust;

/// <summary>Seeded organizations and answers for the trust tests (load, outages, hostile input).</summary>
internal static class TrustData
{
    /// <summary>A roster of <paramref name="people"/> people ("r0000"…) in teams of ten, every one active.</summary>
    public static JsonObject Roster(int people) => new()
    {
        ["teams"] = new JsonArray(Enumerable.Range(0, (people + 9) / 10)
            .Select(t => (JsonNode)new JsonObject { ["id"] = $"t{t}", ["name"] = $"Team {t}" }).ToArray()),
        ["people"] = new JsonArray(Enumerable.Range(0, people).Select(i => (JsonNode)new JsonObject
        {
            ["id"] = PersonId(i),
            ["name"] = $"Person {i}",
            ["teamId"] = $"t{i / 10}",
            ["function"] = i % 2 == 0 ? "Engineering" : "Sales",
            ["level"] = 1 + (i % 3),
            ["location"] = "Lisbon",
        }).ToArray()),
    };

    public static string PersonId(int i) => $"r{i:D4}";

    /// <summary>Loads <see cref="Roster"/>, opens cycle "c1" and returns each person's token.</summary>
    public static async Task<Dictionary<string, string>> SeedAsync(LocalHostServer server, int people, string orgId = "acme")
    {
        (await server.AdminAsync(HttpMethod.Put, $"orgs/{orgId}/roster", Roster(people))).EnsureSuccessStatusCode();
        (await server.AdminAsync(HttpMethod.Post, $"orgs/{orgId}/cycles", new JsonObject
        {
            ["id"] = "c1", ["title"] = "Trust", ["closesAt"] = DateTimeOffset.UtcNow.AddDays(7),
        })).EnsureSuccessStatusCode();
        var issued = await (await server.AdminAsync(HttpMethod.Post, $"orgs/{orgId}/cycles/c1/invitations")).Content.ReadFromJsonAsync<JsonObject>();
        return issued!["invitations"]!.AsArray().ToDictionary(i => i!["personId"]!.GetValue<string>(), i => i!["token"]!.GetValue<string>());
    }

    /// <summary>A valid answer naming <paramref name="count"/> colleagues of person <paramref name="self"/>, varied by <paramref name="seed"/>.</summary>
    public static JsonObject Answer(int self, int people, int seed, int count = 3)
    {
        string[] frequencies = ["lessThanMonthly", "monthly", "weekly", "daily"];
        string[] giveBack = ["never", "rarely", "sometimes", "often"];
        var contacts = new JsonArray();
        var named = new HashSet<int> { self };
        for (var next = self + 1 + (seed * 3); contacts.Count < count; next++)
        {
            if (!named.Add(next % people))
            {
                continue;
            }

            var k = contacts.Count;
            contacts.Add(new JsonObject
            {
                ["personId"] = PersonId(next % people),
                ["frequency"] = frequencies[(seed + k) % 4],
                ["benefits"] = new JsonArray((JsonNode)(seed % 2 == 0 ? "solutions" : "validation")),
                ["personal"] = (seed + k) % 2 == 0,
                ["giveBack"] = giveBack[(seed * (k + 1)) % 4],
            });
        }

        return new JsonObject { ["contacts"] = contacts };
    }
}
