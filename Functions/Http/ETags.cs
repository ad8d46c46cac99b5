using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;

namespace SurveyNetwork.Functions.Http;

/// <summary>
/// Strong validators for the admin reads: the tag is a digest of the response body, so it changes
/// exactly when what the client would receive changes, and a client holding it gets a bodiless 304.
/// Responses stay <c>no-store</c> like every API answer (admin data is not left in caches); a
/// client that keeps the tag itself revalidates with If-None-Match.
/// </summary>
internal static class ETags
{
    public static ApiResult Conditional(HttpRequest request, ApiResult result)
    {
        var tag = "\"" + Convert.ToHexStringLower(SHA256.HashData(result.Body.Span).AsSpan(0, 16)) + "\"";
        var held = request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Any(t => t.Trim() is var e && (e == tag || e == "W/" + tag || e == "*")));
        var answer = held ? ApiResult.Empty(StatusCodes.Status304NotModified) : result;
        return answer.WithHeader("ETag", tag);
    }
}
