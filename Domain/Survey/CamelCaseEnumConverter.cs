using System.Text.Json;
using System.Text.Json.Serialization;

namespace SurveyNetwork.Domain.Survey;

/// <summary>
/// Enums travel as camelCase names ("lessThanMonthly"), never as numbers, so an out-of-range
/// number is a parse error that names the field rather than a silently stored value.
/// </summary>
public sealed class CamelCaseEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.CamelCase, allowIntegerValues: false)
    where TEnum : struct, Enum;
