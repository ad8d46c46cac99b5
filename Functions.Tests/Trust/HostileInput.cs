using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SurveyNetwork.Functions.Tests.Trust;

/// <summary>
/// Turns valid request bodies into hostile ones, from a seeded <see cref="Random"/> so any failure
/// replays: bit flips, truncation, type swaps, duplicated keys, hostile unicode, nulls, huge arrays,
/// numbers no type can hold, deep nesting, garbage bytes, and CSV breakage (quotes, separators,
/// line ends, missing or extra columns).
/// </summary>
internal sealed class HostileInput(Random random)
{
    /// <summary>JSON values that strain parsers and converters: out-of-range numbers, odd strings, wrong shapes.</summary>
    public static readonly string[] HostileValues =
    [
        "1e309", "-1e309", "-0", "0.0", "9999999999999999999", "-9223372036854775809", "18446744073709551616", "1.0000000000000001",
        "2147483648", "-2147483649", "1e-400", "123456789012345678901234567890", "1E2", "0.5", "-1", "0", "3",
        "true", "false", "null", "[]", "{}", "[null]", "[[]]", "{\"\":\"\"}", "{\"__proto__\":{}}",
        "\"\"", "\" \"", "\"\\u0000\"", "\"\\ud800\"", "\"\\udfff\\ud800\"", "\"a\\u202Eb\"", "\"\\u200B\\u200B\"", "\"\\uFEFF\"",
        "\"e\\u0301\\u0301\\u0301\"", "\"😀👩‍👩‍👧‍👦\"", "\"Z̷̢̛a̶l̸g̵o\"", "\"<script>alert(1)</script>\"", "\"=cmd|'/C calc'!A0\"",
        "\"../../etc/passwd\"", "\"%00\"", "\"\\n\\r\\t\"", "\"DAILY\"", "\"Daily\"", "\"daily \"", "\"2026-13-45T99:99:99Z\"",
        "\"0001-01-01T00:00:00Z\"", "\"9999-12-31T23:59:59Z\"", "\"9999-12-31T23:59:59.9999999+00:00\"", "\"0001-01-01T00:00:00+14:00\"",
        "\"2026-02-30\"", "\"not a date\"", "\"1e309\"", "\"NaN\"", "\"Infinity\"",
    ];

    /// <summary>Raw (not JSON-valid) fragments that should be refused by the parser.</summary>
    private static readonly string[] InvalidFragments =
        ["NaN", "Infinity", "-Infinity", "01", "+1", ".5", "1.", "1e", "0x10", "'single'", "undefined", "tru", "nul", "\"unterminated", "[1,]", "{,}", "//c", "/*c*/"];

    private static readonly string[] CsvCells =
    [
        "", "\"", "\"\"", "\"a,b\"", "\"a\nb\"", "a\"b", "\r", "\n", "\r\n", ",,,", "😀", "\u0000", "\uFEFF", "=1+1", "1e309", "-0",
        "9999999999999999999", "true", "yes", "weekly;daily", ";;", "solutions;solutions", new string('x', 5000), " padded ", "null",
    ];

    public T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

    public bool Chance(double p) => random.NextDouble() < p;

    /// <summary>One to three mutations of a valid JSON body.</summary>
    public byte[] MutateJson(string valid)
    {
        var text = valid;
        var rounds = 1 + random.Next(3);
        for (var r = 0; r < rounds; r++)
        {
            text = random.Next(12) switch
            {
                0 => ReplaceNode(text, _ => JsonNode.Parse(Pick(HostileValues))),
                1 => ReplaceNode(text, n => SwapType(n)),
                2 => ReplaceNode(text, _ => null),
                3 => DuplicateKey(text),
                4 => ReplaceNode(text, n => HugeArray(n)),
                5 => DeepNesting(text),
                6 => ReplaceNode(text, _ => JsonValue.Create(HostileString())),
                7 => AddUnknownProperty(text),
                8 => InsertFragment(text, Pick(InvalidFragments)),
                9 => Truncate(text),
                10 => ReplaceNode(text, _ => JsonNode.Parse(Pick(HostileValues)), nameOnly: true),
                _ => ExtremeDates(text),
            };
        }

        var bytes = Encoding.UTF8.GetBytes(text);
        return random.Next(6) switch
        {
            0 => FlipBits(bytes),
            1 => InsertBytes(bytes),
            _ => bytes,
        };
    }

    /// <summary>One value of a valid JSON body changed (often still valid): a hostile value or string, or an extreme date.</summary>
    public byte[] MutateValue(string valid) => Encoding.UTF8.GetBytes(random.Next(3) switch
    {
        0 => ReplaceNode(valid, _ => JsonNode.Parse(Pick(HostileValues))),
        1 => ReplaceNode(valid, _ => JsonValue.Create(HostileString())),
        _ => ExtremeDates(valid),
    });

    /// <summary>One to three mutations of a valid CSV body.</summary>
    public byte[] MutateCsv(string valid)
    {
        var lines = valid.Split('\n').ToList();
        var rounds = 1 + random.Next(3);
        for (var r = 0; r < rounds; r++)
        {
            var at = random.Next(lines.Count);
            var cells = lines[at].Split(',').ToList();
            switch (random.Next(10))
            {
                case 0:
                    cells[random.Next(cells.Count)] = Pick(CsvCells);
                    lines[at] = string.Join(',', cells);
                    break;
                case 1:
                    cells.Add(Pick(CsvCells));
                    lines[at] = string.Join(',', cells);
                    break;
                case 2 when cells.Count > 1:
                    cells.RemoveAt(random.Next(cells.Count));
                    lines[at] = string.Join(',', cells);
                    break;
                case 3:
                    lines.Insert(at, lines[at]); // a duplicated row, or header
                    break;
                case 4:
                    lines.Insert(random.Next(lines.Count), "");
                    break;
                case 5:
                    lines[0] = "\uFEFF" + lines[0];
                    break;
                case 6:
                    lines = lines.Select(l => l + "\r").ToList();
                    break;
                case 7:
                    var last = lines.FindLast(l => l.Length > 0) ?? "";
                    lines.AddRange(Enumerable.Repeat(last, random.Next(1, 3_000)));
                    break;
                case 8:
                    cells[random.Next(cells.Count)] = "\"" + cells[0]; // an unterminated quote
                    lines[at] = string.Join(',', cells);
                    break;
                default:
                    lines[at] = Truncate(lines[at]);
                    break;
            }
        }

        var bytes = Encoding.UTF8.GetBytes(string.Join('\n', lines));
        return random.Next(6) == 0 ? FlipBits(bytes) : bytes;
    }

    /// <summary>Bytes that are not JSON or CSV at all.</summary>
    public byte[] Garbage()
    {
        var bytes = new byte[random.Next(1, 4096)];
        random.NextBytes(bytes);
        return bytes;
    }

    public string HostileString() => random.Next(8) switch
    {
        0 => new string('a', random.Next(100, 100_000)),
        1 => string.Concat(Enumerable.Repeat("😀", random.Next(1, 2000))),
        2 => "\u202E" + "evil",
        3 => "\0\0\0",
        4 => "line\r\nbreak",
        5 => string.Concat(Enumerable.Repeat("e\u0301", 500)),
        6 => "\uFFFF\uFFFE",
        _ => "<img src=x onerror=alert(1)>",
    };

    private string ReplaceNode(string json, Func<JsonNode?, JsonNode?> replace, bool nameOnly = false)
    {
        try
        {
            return JsonNode.Parse(json) is { } root ? Replace(root, replace, nameOnly) : json;
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException)
        {
            return json; // not JSON (any more), or duplicate keys a node tree cannot hold: left for the byte-level mutations
        }
    }

    private string Replace(JsonNode root, Func<JsonNode?, JsonNode?> replace, bool nameOnly)
    {

        var slots = new List<(JsonNode Parent, object Key)>();
        Collect(root, slots);
        if (slots.Count == 0)
        {
            return (replace(root) ?? JsonValue.Create((string?)null))?.ToJsonString() ?? "null";
        }

        var (parent, key) = Pick(slots);
        if (nameOnly && parent is JsonObject renamed && key is string { Length: > 1 } name)
        {
            // Rename rather than replace: a near-miss of a known field ("Frequency", "frequency ").
            var value = renamed[name];
            renamed.Remove(name);
            renamed[Pick(new[] { name.ToUpperInvariant(), name + " ", " " + name, name + "\u0000", "$" + name, name[..^1] })] = value;
            return root.ToJsonString();
        }

        switch (parent)
        {
            case JsonObject o:
                o[(string)key] = replace(o[(string)key]?.DeepClone());
                break;
            case JsonArray a:
                a[(int)key] = replace(a[(int)key]?.DeepClone());
                break;
        }

        return root.ToJsonString();
    }

    private static void Collect(JsonNode node, List<(JsonNode, object)> slots)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, child) in o.ToArray())
                {
                    slots.Add((o, name));
                    if (child is not null)
                    {
                        Collect(child, slots);
                    }
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    slots.Add((a, i));
                    if (a[i] is { } child)
                    {
                        Collect(child, slots);
                    }
                }

                break;
        }
    }

    private JsonNode? SwapType(JsonNode? node) => node switch
    {
        JsonObject o => new JsonArray(o.Select(kv => (JsonNode?)JsonValue.Create(kv.Key)).ToArray()),
        JsonArray a => a.Count > 0 ? a[0]?.DeepClone() : JsonValue.Create(0),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => random.Next(3) switch
        {
            0 => JsonValue.Create(random.Next(-5, 50)),
            1 => new JsonArray(JsonValue.Create(v.GetValue<string>())),
            _ => new JsonObject { ["value"] = v.GetValue<string>() },
        },
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => JsonValue.Create(v.ToJsonString()),
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => JsonValue.Create(v.ToJsonString()),
        _ => new JsonObject(),
    };

    private JsonNode HugeArray(JsonNode? node)
    {
        var count = random.Next(1_000, 20_000);
        var element = (node is JsonArray { Count: > 0 } a ? a[0] : node)?.ToJsonString() ?? "null";
        return JsonNode.Parse("[" + string.Join(',', Enumerable.Repeat(element, count)) + "]")!;
    }

    /// <summary>One date in the body moved to an end of the calendar.</summary>
    private string ExtremeDates(string json)
    {
        var dates = System.Text.RegularExpressions.Regex.Matches(json, "\"\\d{4}-\\d{2}-\\d{2}T[^\"]*\"");
        if (dates.Count == 0)
        {
            return json;
        }

        var date = dates[random.Next(dates.Count)];
        var extreme = Pick(new[] { "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.9999999Z", "9999-12-01T00:00:00Z", "1970-01-01T00:00:00Z", "2199-12-31T23:59:59Z" });
        return json[..date.Index] + "\"" + extreme + "\"" + json[(date.Index + date.Length)..];
    }

    private string DuplicateKey(string json)
    {
        // Text-level, so the duplicate reaches the server: {"a":1,...} → {"a":1,"a":<other>,...}
        var at = json.IndexOf("{\"", random.Next(Math.Max(1, json.Length / 2)), StringComparison.Ordinal);
        if (at < 0)
        {
            at = json.IndexOf("{\"", StringComparison.Ordinal);
        }

        if (at < 0)
        {
            return json;
        }

        var colon = json.IndexOf(':', at);
        if (colon < 0)
        {
            return json;
        }

        var key = json[(at + 1)..colon];
        return json[..(at + 1)] + key + ":" + Pick(HostileValues) + "," + json[(at + 1)..];
    }

    private string DeepNesting(string json)
    {
        var depth = Pick(new[] { 33, 64, 100, 1_000, 10_000, 100_000 });
        var open = random.Next(2) == 0 ? "[" : "{\"a\":";
        var close = open == "[" ? "]" : "}";
        var nested = string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(close, depth));
        return ReplaceNode(json, _ => JsonValue.Create("x")) is var replaced && replaced.Contains("\"x\"", StringComparison.Ordinal)
            ? replaced.Replace("\"x\"", nested, StringComparison.Ordinal)
            : nested;
    }

    private string AddUnknownProperty(string json)
    {
        var at = json.LastIndexOf('}');
        return at <= 0 ? json : json[..at] + ",\"" + Pick(new[] { "extra", "__proto__", "constructor", "$type", "Contacts" }) + "\":" + Pick(HostileValues) + json[at..];
    }

    private string InsertFragment(string json, string fragment)
    {
        var at = random.Next(json.Length + 1);
        return json[..at] + fragment + json[at..];
    }

    private string Truncate(string text) => text.Length == 0 ? text : text[..random.Next(text.Length)];

    private byte[] FlipBits(byte[] bytes)
    {
        var copy = (byte[])bytes.Clone();
        for (var i = random.Next(1, 8); i > 0 && copy.Length > 0; i--)
        {
            copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
        }

        return copy;
    }

    private byte[] InsertBytes(byte[] bytes)
    {
        byte[][] hostile = [[0xC3, 0x28], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xFF], [0xC0, 0xAF], [0x00], [0xEF, 0xBB, 0xBF], [0xE2, 0x80, 0xAE]];
        var insert = Pick(hostile);
        var at = random.Next(bytes.Length + 1);
        return [.. bytes.AsSpan(0, at), .. insert, .. bytes.AsSpan(at)];
    }
}
