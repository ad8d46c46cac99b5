using System.Text.Json;
using SurveyNetwork.Domain.Network;

namespace SurveyNetwork.Functions.Tests.Analytics;

/// <summary>
/// Krackhardt's (1987) high-tech managers (Fixtures/krackhardt_hightech, provenance in its README):
/// the advice and friendship networks with the attributes dept and level_label, and the values of
/// expected.json computed independently with networkx 2.8.8 and python-igraph 0.10.2.
/// </summary>
internal static class Krackhardt
{
    public const double Tolerance = 1e-9;

    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Fixtures", "krackhardt_hightech");

    private static readonly Lazy<JsonDocument> ExpectedDocument =
        new(() => JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "expected.json"))));

    public static JsonElement Expected(string relation) =>
        ExpectedDocument.Value.RootElement.GetProperty("networks").GetProperty(relation);

    public static OrgNetwork Network(string relation)
    {
        var people = ReadCsv("people.csv");
        var ids = people.Select(r => r["id"]).ToArray();
        var arcs = ReadCsv("ties.csv")
            .Where(r => r["relation"] == relation)
            .Select(r => (r["source"], r["target"]))
            .ToArray();
        Assert.NotEmpty(arcs);
        var attributes = new Dictionary<string, IReadOnlyList<string>>
        {
            ["dept"] = people.Select(r => r["dept"]).ToArray(),
            ["level_label"] = people.Select(r => r["level_label"]).ToArray(),
        };
        return NetworkGraphBuilder.FromArcs(ids, arcs, attributes);
    }

    private static List<Dictionary<string, string>> ReadCsv(string file)
    {
        var lines = File.ReadAllLines(Path.Combine(Folder, file)).Where(l => l.Length > 0).ToArray();
        var header = lines[0].Split(',');
        return lines.Skip(1)
            .Select(l => l.Split(','))
            .Select(cells => header.Zip(cells).ToDictionary(p => p.First, p => p.Second))
            .ToList();
    }

    /// <summary>Every leaf of a JSON object as ("a/b/c", value).</summary>
    public static IEnumerable<(string Path, JsonElement Value)> Leaves(JsonElement element, string prefix = "")
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            yield return (prefix, element);
            yield break;
        }

        foreach (var property in element.EnumerateObject())
        {
            var path = prefix.Length == 0 ? property.Name : prefix + "/" + property.Name;
            foreach (var leaf in Leaves(property.Value, path))
            {
                yield return leaf;
            }
        }
    }

    public static double? Number(JsonElement value) =>
        value.ValueKind == JsonValueKind.Null ? null : value.GetDouble();

    public static void Equal(double? expected, double? actual, string what)
    {
        if (expected is null || actual is null)
        {
            Assert.True(expected is null && actual is null, $"{what}: expected {Show(expected)}, got {Show(actual)}");
            return;
        }

        Assert.True(
            Math.Abs(expected.Value - actual.Value) <= Tolerance,
            $"{what}: expected {expected.Value:R}, got {actual.Value:R} (difference {Math.Abs(expected.Value - actual.Value):E2})");
    }

    private static string Show(double? v) => v is null ? "null" : v.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
