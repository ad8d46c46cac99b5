using FluentValidation.Results;

namespace SurveyNetwork.Functions.App;

/// <summary>FluentValidation failures as the API names them: camelCase property paths to messages.</summary>
public static class ValidationErrors
{
    /// <summary>Failures keyed by camelCase property paths ("people[3].managerId"), each key passed through <paramref name="mapKey"/>.</summary>
    public static Dictionary<string, string[]> Of(ValidationResult result, Func<string, string>? mapKey = null) =>
        result.Errors
            .GroupBy(e => (mapKey ?? (k => k))(CamelPath(e.PropertyName)))
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray());

    /// <summary>"People[3].ManagerId" → "people[3].managerId".</summary>
    public static string CamelPath(string path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return "body";
        }

        var chars = path.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if ((i == 0 || chars[i - 1] == '.') && char.IsUpper(chars[i]))
            {
                chars[i] = char.ToLowerInvariant(chars[i]);
            }
        }

        return new string(chars);
    }
}
