using System.Buffers;
using System.Text.Json;
using SurveyNetwork.Domain.Survey;

namespace SurveyNetwork.Functions.Storage;

/// <summary>
/// Writes an answer's contacts exactly as <see cref="StoreJson"/> does (same member order, names,
/// enum spellings, escaping and omitted nulls), member by member, for the submission hot path.
/// A value the serializer would handle differently (an enum value without a name) is left to the
/// serializer itself, so the bytes are always the serializer's.
/// </summary>
public static class ContactsJson
{
    private static readonly JsonEncodedText PersonId = JsonEncodedText.Encode("personId");
    private static readonly JsonEncodedText OutsideKind = JsonEncodedText.Encode("outsideKind");
    private static readonly JsonEncodedText OutsideLabel = JsonEncodedText.Encode("outsideLabel");
    private static readonly JsonEncodedText Frequency = JsonEncodedText.Encode("frequency");
    private static readonly JsonEncodedText Benefits = JsonEncodedText.Encode("benefits");
    private static readonly JsonEncodedText Personal = JsonEncodedText.Encode("personal");
    private static readonly JsonEncodedText GiveBack = JsonEncodedText.Encode("giveBack");
    private static readonly JsonEncodedText Energy = JsonEncodedText.Encode("energy");

    private static readonly Dictionary<Frequency, JsonEncodedText> Frequencies = Names<Frequency>();
    private static readonly Dictionary<GiveBack, JsonEncodedText> GiveBacks = Names<GiveBack>();
    private static readonly Dictionary<Benefit, JsonEncodedText> BenefitNames = Names<Benefit>();
    private static readonly Dictionary<OutsideKind, JsonEncodedText> OutsideKinds = Names<OutsideKind>();

    [ThreadStatic]
    private static (ArrayBufferWriter<byte> Buffer, Utf8JsonWriter Writer)? t_writer;

    /// <summary>The contacts as stored JSON, UTF-8.</summary>
    public static byte[] ToUtf8(IReadOnlyList<ContactAnswer> contacts)
    {
        var (buffer, writer) = t_writer ??= NewWriter();
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        if (!TryWrite(writer, contacts))
        {
            return JsonSerializer.SerializeToUtf8Bytes(contacts, StoreJson.Options);
        }

        writer.Flush();
        var bytes = buffer.WrittenSpan.ToArray();
        if (buffer.Capacity > 64 * 1024)
        {
            t_writer = null; // an outsized answer does not keep its buffer on the thread
        }

        return bytes;
    }

    private static (ArrayBufferWriter<byte>, Utf8JsonWriter) NewWriter()
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        // The serializer's writer settings for these options: default encoder, no indentation.
        return (buffer, new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = StoreJson.Options.Encoder, SkipValidation = false }));
    }

    private static bool TryWrite(Utf8JsonWriter w, IReadOnlyList<ContactAnswer> contacts)
    {
        w.WriteStartArray();
        for (var i = 0; i < contacts.Count; i++)
        {
            var c = contacts[i];
            if (c is null)
            {
                w.WriteNullValue();
                continue;
            }

            w.WriteStartObject();
            if (c.PersonId is not null)
            {
                w.WriteString(PersonId, c.PersonId);
            }

            if (c.OutsideKind is { } kind)
            {
                if (!OutsideKinds.TryGetValue(kind, out var name))
                {
                    return false;
                }

                w.WriteString(OutsideKind, name);
            }

            if (c.OutsideLabel is not null)
            {
                w.WriteString(OutsideLabel, c.OutsideLabel);
            }

            if (!Frequencies.TryGetValue(c.Frequency, out var frequency))
            {
                return false;
            }

            w.WriteString(Frequency, frequency);
            if (c.Benefits is not null)
            {
                w.WriteStartArray(Benefits);
                for (var b = 0; b < c.Benefits.Count; b++)
                {
                    if (!BenefitNames.TryGetValue(c.Benefits[b], out var benefit))
                    {
                        return false;
                    }

                    w.WriteStringValue(benefit);
                }

                w.WriteEndArray();
            }

            if (c.Personal is { } personal)
            {
                w.WriteBoolean(Personal, personal);
            }

            if (c.GiveBack is { } giveBack)
            {
                if (!GiveBacks.TryGetValue(giveBack, out var name))
                {
                    return false;
                }

                w.WriteString(GiveBack, name);
            }

            if (c.Energy is { } energy)
            {
                w.WriteNumber(Energy, energy);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        return true;
    }

    /// <summary>Each value's name as the store's serializer writes it, so the two cannot drift apart.</summary>
    private static Dictionary<TEnum, JsonEncodedText> Names<TEnum>()
        where TEnum : struct, Enum =>
        Enum.GetValues<TEnum>().ToDictionary(v => v, v => JsonEncodedText.Encode(JsonSerializer.Deserialize<string>(
            JsonSerializer.SerializeToUtf8Bytes(v, StoreJson.Options))!));
}
