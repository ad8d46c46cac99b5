using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using CsCheck;
using SurveyNetwork.Domain.Survey;
using SurveyNetwork.Functions.Http;

namespace SurveyNetwork.Functions.Tests.Validation;

/// <summary>
/// The API's answer reading (one serializer, no hand-written reader) means what it meant before: what the
/// survey page sends is read to an equal answer, and any body it accepts meant the same before. It
/// refuses more: repeated members and choices not spelled exactly (other letter case, names joined by commas).
/// </summary>
public class AnswerJsonTests
{
    /// <summary>The API's reading before: repeated members allowed, and the framework's enum converter.</summary>
    private static readonly JsonSerializerOptions Before = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        MaxDepth = 32,
        NumberHandling = JsonNumberHandling.Strict,
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    private static Gen<T> Any<T>(params T[] values) => Gen.Int[0, values.Length - 1].Select(i => values[i]);

    private static readonly Gen<ContactAnswer> Contact =
        from personId in Any("p1", "p2", "r0113", "caf\u00e9", "a\"b", "\u2603", "")
        from outside in Gen.Bool
        from kind in Gen.Enum<OutsideKind>()
        from label in Any<string?>(null, "Pilot customer", "  spaced  out ", "line\nbreak", "\u00e9")
        from frequency in Gen.Enum<Frequency>()
        from benefits in Gen.Enum<Benefit>().Array[0, 6]
        from personal in Any<bool?>(null, true, false)
        from giveBack in Any<GiveBack?>(null, GiveBack.Never, GiveBack.Often, GiveBack.Sometimes)
        from energy in Any<int?>(null, 1, 5, 0, -7, int.MaxValue)
        select new ContactAnswer
        {
            PersonId = outside ? null : personId,
            OutsideKind = outside ? kind : null,
            OutsideLabel = label,
            Frequency = frequency,
            Benefits = benefits,
            Personal = personal,
            GiveBack = giveBack,
            Energy = energy,
        };

    private static readonly Gen<string> Canonical =
        Contact.List[0, 12].Select(c => JsonSerializer.Serialize(new SurveyAnswer { Contacts = c }, ApiJson.Options));

    /// <summary>Textual edits that keep the body JSON-like: other spellings, nulls, escapes, repeats, extra members, numbers.</summary>
    private static readonly (string From, string To)[] Edits =
    [
        ("\"personId\"", "\"PersonId\""), ("\"frequency\"", "\"Frequency\""), ("\"contacts\"", "\"Contacts\""),
        ("\"weekly\"", "\"Weekly\""), ("\"daily\"", "\"DAILY\""), ("\"solutions\"", "\"Solutions\""), ("\"never\"", "\"0\""),
        ("\"weekly\"", "3"), ("\"often\"", "null"), ("true", "null"), ("true", "\"true\""), ("false", "0"),
        ("\"benefits\":[", "\"benefits\":null,\"x\":["), ("\"benefits\":[]", "\"benefits\":{}"),
        ("\"personId\":\"p1\"", "\"personId\":\"p\\u0031\""), ("\"personId\":\"p1\"", "\"person\\u0049d\":\"p1\""),
        ("\"personId\":\"p2\"", "\"personId\":\"p2\",\"personId\":\"p1\""), ("\"personId\":\"p1\"", "\"personId\":\"\\ud800\""),
        ("\"frequency\":\"monthly\"", "\"frequency\":\"mon\\u0074hly\""), ("\"energy\":5", "\"energy\":5.0"),
        ("\"energy\":1", "\"energy\":1e0"), ("\"energy\":0", "\"energy\":99999999999"), ("{\"contacts\"", "{\"extra\":1,\"contacts\""),
        ("]}", "],\"extra\":true}"), ("]}", "]} x"), ("]}", "],}"), ("}]", "},]"), ("{\"personId\"", "{ \"personId\""),
        ("[{", "[null,{"), (":", " : "), ("\"giveBack\":\"rarely\"", "\"giveBack\":\"rarely\",\"giveBack\":\"often\""),
        ("\"outsideKind\":\"customer\"", "\"outsideKind\":\"Customer\""), ("\"outsideLabel\":", "\"outsideLabel\":null,\"OutsideLabel\":"),
    ];

    private static readonly Gen<string> Edited =
        from body in Canonical
        from edits in Gen.Int[0, Edits.Length - 1].Array[1, 4]
        select edits.Aggregate(body, (b, e) => ReplaceFirst(b, Edits[e].From, Edits[e].To));

    private static readonly Gen<byte[]> Mutated =
        from body in Canonical.Select(Encoding.UTF8.GetBytes)
        from at in Gen.Int[0, 1000].Array[1, 3]
        from values in Gen.Byte.Array[3]
        select Mutate(body, at, values);

    [Fact]
    public void What_the_survey_page_sends_is_read_as_before() =>
        Canonical.Sample(body =>
        {
            var utf8 = Encoding.UTF8.GetBytes(body);
            var now = Read(utf8, ApiJson.Options);
            Assert.True(now is not null, body);
            Assert.Equal(Read(utf8, Before), now);
        }, iter: 2_000);

    [Fact]
    public void Other_spellings_either_mean_what_they_meant_or_are_refused() =>
        Edited.Sample(body => AgreesWithBefore(Encoding.UTF8.GetBytes(body)), iter: 5_000);

    [Fact]
    public void Mutated_bytes_never_throw_and_never_mean_something_else() =>
        Mutated.Sample(AgreesWithBefore, iter: 5_000);

    [Theory]
    [InlineData("{\"contacts\":[]}", true)]
    [InlineData("  {\"contacts\" : [ ] }  ", true)]
    [InlineData("{\"contacts\":[]}{}", false)]
    [InlineData("{\"contacts\":[]", false)]
    [InlineData("{}", true)]
    [InlineData("[]", false)]
    [InlineData("{\"contacts\":[{}]}", true)]
    [InlineData("{\"contacts\":[{\"benefits\":[\"validation\",\"solutions\"]}]}", true)]
    [InlineData("{\"contacts\":[{\"frequency\":\"mon\\u0074hly\"}]}", true)]
    [InlineData("{\"Contacts\":[{\"PersonId\":\"p1\"}]}", true)]
    [InlineData("{\"contacts\":[{\"energy\":\"3\"}]}", false)]
    [InlineData("{\"contacts\":[{\"frequency\":1}]}", false)]
    [InlineData("{\"contacts\":[{\"frequency\":\"Weekly\"}]}", false)]
    [InlineData("{\"contacts\":[{\"frequency\":\"weekly \"}]}", false)]
    [InlineData("{\"contacts\":[{\"frequency\":\"lessThanMonthly,monthly\"}]}", false)]
    [InlineData("{\"contacts\":[{\"benefits\":[\"solutions, validation\"]}]}", false)]
    [InlineData("{\"contacts\":[{\"giveBack\":\"never,often\"}]}", false)]
    [InlineData("{\"contacts\":[{\"outsideKind\":\"customer,other\"}]}", false)]
    [InlineData("{\"contacts\":[],\"contacts\":[]}", false)]
    [InlineData("{\"contacts\":[],\"Contacts\":[]}", false)]
    [InlineData("{\"contacts\":[{\"personId\":\"p1\",\"personId\":\"p2\"}]}", false)]
    public void Edge_cases(string body, bool accepted)
    {
        var utf8 = Encoding.UTF8.GetBytes(body);
        Assert.Equal(accepted, Read(utf8, ApiJson.Options) is not null);
        AgreesWithBefore(utf8);
    }

    private static void AgreesWithBefore(byte[] utf8)
    {
        if (Read(utf8, ApiJson.Options) is { } now)
        {
            var before = Read(utf8, Before);
            Assert.True(before is not null, "Accepted a body that was refused before: " + Encoding.UTF8.GetString(utf8));
            Assert.Equal(before, now);
        }
    }

    /// <summary>The reading of the body, written back out (null when it is refused).</summary>
    private static string? Read(byte[] utf8, JsonSerializerOptions options)
    {
        try
        {
            return JsonSerializer.Deserialize<SurveyAnswer>(utf8, options) is { } answer ? Json(answer) : null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Everything an answer holds, nulls and enum numbers included, so a difference in any member shows.</summary>
    private static string Json(SurveyAnswer answer) =>
        string.Join(" | ", answer.Contacts.Select(c => c is null ? "null" : string.Join(", ",
            Show(c.PersonId), Show(c.OutsideKind), Show(c.OutsideLabel), (int)c.Frequency,
            c.Benefits is null ? "null" : "[" + string.Join(",", c.Benefits.Select(b => (int)b)) + "]",
            Show(c.Personal), Show(c.GiveBack), Show(c.Energy))));

    private static string Show(object? value) => value switch
    {
        null => "null",
        string s => JsonSerializer.Serialize(s),
        Enum e => Convert.ToInt32(e, System.Globalization.CultureInfo.InvariantCulture).ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!,
    };

    private static string ReplaceFirst(string text, string from, string to)
    {
        var at = text.IndexOf(from, StringComparison.Ordinal);
        return at < 0 ? text : text[..at] + to + text[(at + from.Length)..];
    }

    private static byte[] Mutate(byte[] body, int[] at, byte[] values)
    {
        var copy = body.ToArray();
        for (var i = 0; i < at.Length && copy.Length > 0; i++)
        {
            copy[at[i] % copy.Length] = values[i % values.Length];
        }

        return copy;
    }
}
