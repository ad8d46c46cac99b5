using System.Text.Json;
using System.Text.Json.Serialization;

namespace SurveyNetwork.Functions.Http;

/// <summary>
/// JSON options of the HTTP API: camelCase, unknown and repeated members refused (a body means one
/// thing or is refused), numbers only as numbers, nulls omitted on output.
/// </summary>
/// <remarks>
/// Bodies are read with the serializer's reflection metadata: compiled (source-generated) metadata
/// builds records with <c>init</c> properties through a constructor and loses their initial values
/// (a missing <c>benefits</c> would read as null instead of empty).
/// </remarks>
public static class ApiJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowDuplicateProperties = false,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        MaxDepth = 32,
        NumberHandling = JsonNumberHandling.Strict,
        AllowTrailingCommas = false,
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
        ReadCommentHandling = JsonCommentHandling.Disallow,
    };
}
