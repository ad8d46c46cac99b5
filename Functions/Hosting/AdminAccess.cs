using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using SurveyNetwork.Functions.Http;

namespace SurveyNetwork.Functions.Hosting;

/// <summary>
/// The one check in front of every admin route, under the Functions host and under LocalHost alike.
/// A caller is an admin when it sends the admin key (<c>x-functions-key</c> header or <c>code</c>
/// query parameter, for automation) or, where App Service authentication (Easy Auth) is on, when the
/// principal the platform puts in <c>X-MS-CLIENT-PRINCIPAL</c> holds the <see cref="AdminRole"/> app role.
/// The platform strips that header from incoming requests and sets it itself only when Easy Auth is on,
/// so without <see cref="Settings.EasyAuthEnabled"/> the header can only be forged and is refused.
/// </summary>
public static class AdminAccess
{
    public const string PrincipalHeader = "X-MS-CLIENT-PRINCIPAL";

    /// <summary>The app role (its value in the app registration) that makes a signed-in user an admin.</summary>
    public const string AdminRole = "SurveyNetwork.Admin";

    /// <summary>The claim type Microsoft Entra ID uses for app roles in the principal's claims.</summary>
    private const string EntraRolesClaim = "roles";

    /// <summary>Null when the request may use an admin route; otherwise the problem+json refusal.</summary>
    public static ApiResult? Refusal(HttpRequest request, IConfiguration configuration)
    {
        if (request.Headers.TryGetValue(PrincipalHeader, out var principal))
        {
            if (!string.Equals(configuration[Settings.EasyAuthEnabled], "true", StringComparison.OrdinalIgnoreCase))
            {
                return Problems.Unauthorized($"The {PrincipalHeader} header is accepted only where App Service authentication is enabled ({Settings.EasyAuthEnabled}); this request was not authenticated by the platform.");
            }

            var roles = Roles(principal.ToString());
            if (roles is null)
            {
                return Problems.Unauthorized($"The {PrincipalHeader} header is not base64-encoded JSON with a claims array.");
            }

            return roles.Contains(AdminRole, StringComparer.Ordinal)
                ? null
                : Problems.Create(StatusCodes.Status403Forbidden, "Not an admin.", $"The signed-in user does not hold the {AdminRole} app role; an owner of the app registration can assign it.");
        }

        return HasAdminKey(request, configuration)
            ? null
            : Problems.Unauthorized("This route needs the admin key (x-functions-key header or code query parameter) or, on Azure with sign-in enabled, a user with the " + AdminRole + " app role.")
                .WithHeader("WWW-Authenticate", "FunctionKey");
    }

    /// <summary>
    /// The role values of an App Service client principal (base64 JSON: <c>auth_typ</c>, <c>claims</c>
    /// of <c>typ</c>/<c>val</c>, <c>name_typ</c>, <c>role_typ</c>): claims whose type is the principal's
    /// <c>role_typ</c> or Entra ID's <c>roles</c>. Null when the header is not such a document.
    /// </summary>
    internal static IReadOnlyList<string>? Roles(string header)
    {
        var bytes = new byte[header.Length];
        if (!Convert.TryFromBase64String(header, bytes, out var length))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(bytes.AsMemory(0, length));
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("claims", out var claims) || claims.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var roleType = root.TryGetProperty("role_typ", out var rt) && rt.ValueKind == JsonValueKind.String ? rt.GetString() : null;
            var roles = new List<string>();
            foreach (var claim in claims.EnumerateArray())
            {
                if (claim.ValueKind != JsonValueKind.Object
                    || !claim.TryGetProperty("typ", out var typ) || typ.ValueKind != JsonValueKind.String
                    || !claim.TryGetProperty("val", out var val) || val.ValueKind != JsonValueKind.String)
                {
                    return null;
                }

                var type = typ.GetString();
                if (type == EntraRolesClaim || (roleType is not null && type == roleType))
                {
                    roles.Add(val.GetString()!);
                }
            }

            return roles;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool HasAdminKey(HttpRequest request, IConfiguration configuration)
    {
        var expected = configuration[Settings.AdminKey];
        if (string.IsNullOrEmpty(expected))
        {
            return false;
        }

        var given = request.Headers["x-functions-key"].FirstOrDefault() ?? request.Query["code"].FirstOrDefault();
        if (given is null)
        {
            return false;
        }

        // Constant-time comparison of equal-length digests.
        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
    }
}
