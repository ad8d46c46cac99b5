using Microsoft.Extensions.Configuration;

namespace SurveyNetwork.Functions.Email;

/// <summary>Links to the survey pages, always on <see cref="Settings.PublicBaseUrl"/> (never on a request's Host header).</summary>
public static class SurveyLinks
{
    /// <summary>The configured public origin without a trailing slash, or null when it is missing or not an http(s) address.</summary>
    public static string? Origin(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return Uri.TryCreate(configuration[Settings.PublicBaseUrl], UriKind.Absolute, out var publicBase) && publicBase.Scheme is "https" or "http"
            ? publicBase.GetLeftPart(UriPartial.Path).TrimEnd('/')
            : null;
    }

    public static string Survey(string origin, string token) => $"{origin}/api/survey/page#token={token}";

    /// <summary>The respondent's profile page; like the survey link, the token stays in the fragment.</summary>
    public static string Profile(string origin, string token) => $"{origin}/api/survey/profile/page#token={token}";
}
