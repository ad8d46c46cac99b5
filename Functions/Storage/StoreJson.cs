using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace SurveyNetwork.Functions.Storage;

/// <summary>
/// The one JSON shape of stored documents, shared by every store (and by the Cosmos SDK's
/// serializer) so that data moves between backends unchanged: camelCase names, enums as strings
/// (declared on the enums), nulls omitted, and only state that can be read back — computed
/// get-only properties such as <c>Roster.PeopleById</c> or <c>Cycle.EffectiveClose</c> are not written.
/// </summary>
public static class StoreJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>An answer's contacts, written by compiled code with the same bytes as <see cref="Options"/>.</summary>
    public static JsonTypeInfo<IReadOnlyList<Domain.Survey.ContactAnswer>> Contacts => StoreJsonContext.Default.IReadOnlyListContactAnswer;

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { SkipComputedProperties } },
        };
        options.MakeReadOnly();
        return options;
    }

    /// <summary>Drops properties without a setter: they are derived and would be ignored on reading.</summary>
    private static void SkipComputedProperties(JsonTypeInfo typeInfo)
    {
        if (typeInfo.Kind != JsonTypeInfoKind.Object)
            return;
        for (var i = typeInfo.Properties.Count - 1; i >= 0; i--)
        {
            var property = typeInfo.Properties[i];
            if (property.Set is null && property.AssociatedParameter is null)
                typeInfo.Properties.RemoveAt(i);
        }
    }
}
