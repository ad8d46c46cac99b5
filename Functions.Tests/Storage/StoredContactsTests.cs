using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using CsCheck;
using SurveyNetwork.Domain.Survey;
using SurveyNetwork.Functions.Storage;

namespace SurveyNetwork.Functions.Tests.Storage;

/// <summary>
/// The compiled contacts writer must produce the bytes stored before it (the store serializer with
/// the framework's enum converter), for any contacts, so that every stored answer reads back.
/// </summary>
public class StoredContactsTests
{
    private static readonly JsonSerializerOptions Before = new(StoreJson.Options)
    {
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    private static Gen<T> Any<T>(params T[] values) => Gen.Int[0, values.Length - 1].Select(i => values[i]);

    private static readonly Gen<string> Text = Gen.OneOf(
        Any("p1", "r0113", "", "caf\u00e9", "a\"b\\c", "<script>&'+", "\u2603\ud83d\ude00", "line\nbreak\ttab", "\u0000\u001f", "\ud800", "\u2028"),
        Gen.String);

    private static readonly Gen<ContactAnswer?> Contact =
        from isNull in Gen.Int[0, 19]
        from personId in Text.Null()
        from kind in Gen.Int[0, 6].Select(k => k == 0 ? (OutsideKind?)null : (OutsideKind)k)
        from label in Text.Null()
        from frequency in Gen.Int[0, 5].Select(f => (Frequency)f)
        from benefits in Gen.Int[0, 6].Select(b => (Benefit)b).Array[0, 7].Null()
        from personal in Any<bool?>(null, true, false)
        from giveBack in Gen.Int[-1, 4].Select(g => g < 0 ? (GiveBack?)null : (GiveBack)g)
        from energy in Any<int?>(null, 1, 5, 0, -3, int.MaxValue, int.MinValue)
        select isNull == 0 ? null : new ContactAnswer
        {
            PersonId = personId,
            OutsideKind = kind,
            OutsideLabel = label,
            Frequency = frequency,
            Benefits = benefits!,
            Personal = personal,
            GiveBack = giveBack,
            Energy = energy,
        };

    [Fact]
    public void Writes_the_bytes_written_before_or_fails_as_before() =>
        Contact.List[0, 12].Sample(contacts =>
        {
            var expected = Outcome(() => JsonSerializer.SerializeToUtf8Bytes<IReadOnlyList<ContactAnswer?>>(contacts, Before));
            var actual = Outcome(() => JsonSerializer.SerializeToUtf8Bytes(contacts!, StoreJson.Contacts));
            Assert.Equal(expected, actual);
        }, iter: 5_000);

    [Fact]
    public void A_typical_answer_is_written_as_the_store_reads_it()
    {
        IReadOnlyList<ContactAnswer> contacts =
        [
            new() { PersonId = "p2", Frequency = Frequency.Weekly, Benefits = [Benefit.Solutions, Benefit.Validation], Personal = true, GiveBack = GiveBack.Often },
            new() { OutsideKind = OutsideKind.Customer, OutsideLabel = "Pilot customer", Frequency = Frequency.Monthly, Benefits = [], Personal = false, GiveBack = GiveBack.Never, Energy = 4 },
        ];
        var json = Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(contacts, StoreJson.Contacts));
        Assert.Equal(
            """[{"personId":"p2","frequency":"weekly","benefits":["solutions","validation"],"personal":true,"giveBack":"often"},""" +
            """{"outsideKind":"customer","outsideLabel":"Pilot customer","frequency":"monthly","benefits":[],"personal":false,"giveBack":"never","energy":4}]""",
            json);
        Assert.Equivalent(contacts, JsonSerializer.Deserialize<ContactAnswer[]>(json, StoreJson.Options));
    }

    private static string Outcome(Func<byte[]> write)
    {
        try
        {
            return Convert.ToHexString(write());
        }
        catch (Exception e)
        {
            return "throws " + e.GetType().Name;
        }
    }
}
