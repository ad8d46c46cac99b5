using System.Text.Json;
using System.Text.Json.Serialization;

namespace SurveyNetwork.Domain.Survey;

/// <summary>
/// Reads and writes an answer's choice as its name in <see cref="Vocabulary"/>. Only an exact name
/// is read: no number, no other letter case, no comma-joined names (which the framework's enum
/// converter would combine into another value); anything else is a parse error naming the field.
/// </summary>
public sealed class ChoiceConverter<TEnum> : JsonConverter<TEnum>
    where TEnum : struct, Enum
{
    private static readonly ChoiceSet<TEnum> Set = Vocabulary.For<TEnum>();
    private static readonly JsonEncodedText[] Names = Set.Choices.Select(c => JsonEncodedText.Encode(c.Name)).ToArray();

    public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            if (!reader.ValueIsEscaped && !reader.HasValueSequence)
            {
                if (Set.TryParse(reader.ValueSpan, out var value))
                {
                    return value;
                }
            }
            else if (Set.TryParse(System.Text.Encoding.UTF8.GetBytes(reader.GetString()!), out var unescaped))
            {
                return unescaped;
            }
        }

        // No message: the serializer supplies one naming the type and the path.
        throw new JsonException();
    }

    public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) =>
        writer.WriteStringValue(NameOf(value));

    public override TEnum ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Read(ref reader, typeToConvert, options);

    public override void WriteAsPropertyName(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) =>
        writer.WritePropertyName(NameOf(value));

    /// <summary>The value's name; a number outside the vocabulary has none, and choices are never written as numbers.</summary>
    private static JsonEncodedText NameOf(TEnum value) =>
        Set.IndexOf(value) is var i and >= 0 ? Names[i] : throw new JsonException($"{value} is not a {typeof(TEnum).Name} choice.");
}
