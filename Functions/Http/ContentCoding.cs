using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace SurveyNetwork.Functions.Http;

/// <summary>
/// Request bodies are read as sent: a body with a content coding (<c>Content-Encoding: gzip</c> and
/// the like) is refused with 415 naming the coding and <c>Accept-Encoding: identity</c> (RFC 9110
/// §15.5.16), rather than being parsed as compressed bytes.
/// </summary>
public static class ContentCoding
{
    /// <summary>A 415 problem when the request declares any coding other than identity; otherwise null.</summary>
    public static ApiResult? Problem(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var codings = Codings(request.Headers.ContentEncoding);
        if (codings.Count == 0)
            return null;
        var named = string.Join(", ", codings);
        return Problems.Create(StatusCodes.Status415UnsupportedMediaType, "Unsupported content encoding.",
                $"Bodies are accepted without content encoding; this one is encoded with {named}.",
                new Dictionary<string, string[]> { ["content-encoding"] = [$"'{named}' is not accepted; send the body uncompressed."] })
            .WithHeader("Accept-Encoding", "identity");
    }

    private static List<string> Codings(StringValues headers)
    {
        var codings = new List<string>();
        foreach (var header in headers)
        {
            foreach (var coding in (header ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!coding.Equals("identity", StringComparison.OrdinalIgnoreCase))
                    codings.Add(coding.Length <= 40 ? coding : coding[..40] + "…");
            }
        }

        return codings;
    }
}
