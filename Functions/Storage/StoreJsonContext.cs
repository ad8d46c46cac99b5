using System.Text.Json;
using System.Text.Json.Serialization;
using SurveyNetwork.Domain.Survey;

namespace SurveyNetwork.Functions.Storage;

/// <summary>Compiled writer of an answer's contacts in <see cref="StoreJson"/>'s shape, for the submission hot path.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(IReadOnlyList<ContactAnswer>))]
public sealed partial class StoreJsonContext : JsonSerializerContext;
