using System.Text.Json;
using System.Text.Json.Serialization;

namespace SurveyNetwork.Functions.Http;

/// <summary>JSON options of the HTTP API: camelCase, unknown members refused, nulls omitted on output.</summary>
public static class ApiJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        MaxDepth = 32,
        NumberHandling = JsonNumberHandling.Strict,
        AllowTrailingCommas = false,
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
        ReadCommentHandling = JsonCommentHandling.Disallow,
    };
}
