using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using SurveyNetwork.Domain.Survey;

namespace SurveyNetwork.Functions.Http;

/// <summary>
/// A direct reader for survey answers in the form the survey page sends: camelCase member names,
/// each at most once, enum values as their camelCase names, no nulls. It builds exactly the value
/// <see cref="System.Text.Json.JsonSerializer"/> builds with <see cref="ApiJson.Options"/>, without
/// the serializer's per-member machinery. Anything else (other spellings, nulls, unknown members,
/// invalid JSON) makes it give up, and the caller falls back to the serializer, which then either
/// accepts the body with the same meaning or names the field in its error.
/// </summary>
public static class SurveyAnswerJson
{
    public static bool TryRead(ReadOnlySpan<byte> utf8, [NotNullWhen(true)] out SurveyAnswer? answer)
    {
        answer = null;
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 32 });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject
                || !reader.Read() || reader.TokenType != JsonTokenType.PropertyName || !reader.ValueTextEquals("contacts"u8)
                || !reader.Read() || reader.TokenType != JsonTokenType.StartArray)
            {
                return false;
            }

            var contacts = new List<ContactAnswer>();
            while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                if (!TryReadContact(ref reader, out var contact))
                {
                    return false;
                }

                contacts.Add(contact);
            }

            if (reader.TokenType != JsonTokenType.EndArray || !reader.Read() || reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                return false;
            }

            answer = new SurveyAnswer { Contacts = contacts };
            return true;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // Malformed JSON, or an escaped string that is not valid UTF-16 (a lone surrogate):
            // the serializer describes either properly.
            return false;
        }
    }

    [Flags]
    private enum Member
    {
        None = 0,
        PersonId = 1,
        OutsideKind = 2,
        OutsideLabel = 4,
        Frequency = 8,
        Benefits = 16,
        Personal = 32,
        GiveBack = 64,
        Energy = 128,
    }

    private static bool TryReadContact(ref Utf8JsonReader reader, [NotNullWhen(true)] out ContactAnswer? contact)
    {
        contact = null;
        string? personId = null, outsideLabel = null;
        OutsideKind? outsideKind = null;
        Frequency frequency = default;
        List<Benefit>? benefits = null;
        bool? personal = null;
        GiveBack? giveBack = null;
        int? energy = null;
        var seen = Member.None;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var member = MemberOf(ref reader);
            if (member == Member.None || (seen & member) != 0 || !reader.Read())
            {
                return false;
            }

            seen |= member;
            switch (member)
            {
                case Member.PersonId when reader.TokenType == JsonTokenType.String:
                    personId = reader.GetString();
                    break;
                case Member.OutsideLabel when reader.TokenType == JsonTokenType.String:
                    outsideLabel = reader.GetString();
                    break;
                case Member.OutsideKind when TryEnum(ref reader, OutsideKinds, out var kind):
                    outsideKind = kind;
                    break;
                case Member.Frequency when TryEnum(ref reader, Frequencies, out var f):
                    frequency = f;
                    break;
                case Member.GiveBack when TryEnum(ref reader, GiveBacks, out var g):
                    giveBack = g;
                    break;
                case Member.Personal when reader.TokenType is JsonTokenType.True or JsonTokenType.False:
                    personal = reader.GetBoolean();
                    break;
                case Member.Energy when reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var e):
                    energy = e;
                    break;
                case Member.Benefits when reader.TokenType == JsonTokenType.StartArray:
                    benefits = new List<Benefit>(Benefits.Length); // room for every benefit once
                    while (reader.Read() && TryEnum(ref reader, Benefits, out var b))
                    {
                        benefits.Add(b);
                    }

                    if (reader.TokenType != JsonTokenType.EndArray)
                    {
                        return false;
                    }

                    break;
                default:
                    return false;
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject)
        {
            return false;
        }

        contact = new ContactAnswer
        {
            PersonId = personId,
            OutsideKind = outsideKind,
            OutsideLabel = outsideLabel,
            Frequency = frequency,
            Personal = personal,
            GiveBack = giveBack,
            Energy = energy,
            Benefits = benefits is null ? Array.Empty<Benefit>() : benefits,
        };
        return true;
    }

    private static Member MemberOf(ref Utf8JsonReader reader) =>
        reader.ValueIsEscaped ? Member.None
        : reader.ValueTextEquals("personId"u8) ? Member.PersonId
        : reader.ValueTextEquals("frequency"u8) ? Member.Frequency
        : reader.ValueTextEquals("benefits"u8) ? Member.Benefits
        : reader.ValueTextEquals("personal"u8) ? Member.Personal
        : reader.ValueTextEquals("giveBack"u8) ? Member.GiveBack
        : reader.ValueTextEquals("outsideKind"u8) ? Member.OutsideKind
        : reader.ValueTextEquals("outsideLabel"u8) ? Member.OutsideLabel
        : reader.ValueTextEquals("energy"u8) ? Member.Energy
        : Member.None;

    /// <summary>An enum value written as its camelCase name, unescaped; anything else is left to the serializer.</summary>
    private static bool TryEnum<TEnum>(ref Utf8JsonReader reader, (byte[] Name, TEnum Value)[] names, out TEnum value)
        where TEnum : struct, Enum
    {
        if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped)
        {
            foreach (var (name, v) in names)
            {
                if (reader.ValueSpan.SequenceEqual(name))
                {
                    value = v;
                    return true;
                }
            }
        }

        value = default;
        return false;
    }

    private static readonly (byte[] Name, Frequency Value)[] Frequencies = Names<Frequency>();
    private static readonly (byte[] Name, GiveBack Value)[] GiveBacks = Names<GiveBack>();
    private static readonly (byte[] Name, Benefit Value)[] Benefits = Names<Benefit>();
    private static readonly (byte[] Name, OutsideKind Value)[] OutsideKinds = Names<OutsideKind>();

    /// <summary>The names the serializer writes for each value (its own naming policy, so the two cannot drift apart).</summary>
    private static (byte[] Name, TEnum Value)[] Names<TEnum>()
        where TEnum : struct, Enum =>
        Enum.GetValues<TEnum>()
            .Select(v => (JsonSerializer.SerializeToUtf8Bytes(v, ApiJson.Options)[1..^1], v))
            .ToArray();
}
