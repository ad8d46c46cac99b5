using SurveyNetwork.Domain.Validation;

namespace SurveyNetwork.Functions.Http;

/// <summary>Checks of route parameters shared by the admin functions.</summary>
internal static class Routes
{
    /// <summary>A 400 problem when an id in the route is malformed, else null.</summary>
    public static ApiResult? CheckIds(params (string Name, string? Value)[] ids)
    {
        foreach (var (name, value) in ids)
        {
            if (!Text.IsValidId(value))
            {
                return Problems.Field(name, $"{name} {Text.IdRule}.");
            }
        }

        return null;
    }
}
