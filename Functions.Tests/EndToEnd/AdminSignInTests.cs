using System.Net;
using System.Text;
using System.Text.Json;
using SurveyNetwork.Functions.Hosting;

namespace SurveyNetwork.Functions.Tests.EndToEnd;

/// <summary>
/// Who may use the admin routes: the admin key, or the principal App Service authentication passes in
/// X-MS-CLIENT-PRINCIPAL with the SurveyNetwork.Admin app role, trusted only where Easy Auth is on.
/// The header is built as the platform builds it for Microsoft Entra ID.
/// </summary>
public sealed class AdminSignInTests
{
    private const string RoleClaimType = "http://schemas.microsoft.com/ws/2008/06/identity/claims/role";

    /// <summary>A client principal as the platform encodes it: base64 of UTF-8 JSON with auth_typ, claims, name_typ, role_typ.</summary>
    private static string Principal(params string[] roles)
    {
        var claims = new List<object>
        {
            new { typ = "name", val = "Ada Admin" },
            new { typ = "http://schemas.microsoft.com/identity/claims/objectidentifier", val = "9f2b1c7e-0000-4000-8000-000000000001" },
            new { typ = "preferred_username", val = "ada@contoso.example" },
        };
        claims.AddRange(roles.Select(r => new { typ = "roles", val = r }));
        var json = JsonSerializer.Serialize(new
        {
            auth_typ = "aad",
            claims,
            name_typ = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name",
            role_typ = RoleClaimType,
        });
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(json));
    }

    private static HttpRequestMessage WithPrincipal(string principal)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "orgs");
        request.Headers.Add(AdminAccess.PrincipalHeader, principal);
        return request;
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    [Fact]
    public async Task With_Easy_Auth_on_the_admin_role_opens_every_admin_route_and_no_role_is_forbidden()
    {
        await using var server = await LocalHostServer.StartAsync(new Dictionary<string, string?> { [Settings.EasyAuthEnabled] = "true" });

        using var admin = await server.Client.SendAsync(WithPrincipal(Principal(AdminAccess.AdminRole)));
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);

        // A role claim typed with the principal's role_typ counts as well.
        var typed = Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
        {
            auth_typ = "aad", claims = new[] { new { typ = RoleClaimType, val = AdminAccess.AdminRole } }, name_typ = "name", role_typ = RoleClaimType,
        })));
        using var viaRoleType = await server.Client.SendAsync(WithPrincipal(typed));
        Assert.Equal(HttpStatusCode.OK, viaRoleType.StatusCode);

        using var reader = await server.Client.SendAsync(WithPrincipal(Principal("SurveyNetwork.Reader")));
        Assert.Equal(HttpStatusCode.Forbidden, reader.StatusCode);
        Assert.Contains(AdminAccess.AdminRole, (await ProblemAsync(reader)).GetProperty("detail").GetString());

        using var noRole = await server.Client.SendAsync(WithPrincipal(Principal()));
        Assert.Equal(HttpStatusCode.Forbidden, noRole.StatusCode);

        // A role claim whose value only resembles the role does not count.
        using var lookalike = await server.Client.SendAsync(WithPrincipal(Principal("surveynetwork.admin", "SurveyNetwork.Admin ")));
        Assert.Equal(HttpStatusCode.Forbidden, lookalike.StatusCode);

        // A write route is guarded by the same check.
        using var put = new HttpRequestMessage(HttpMethod.Delete, "orgs/acme/people/p1");
        put.Headers.Add(AdminAccess.PrincipalHeader, Principal());
        using var refusedWrite = await server.Client.SendAsync(put);
        Assert.Equal(HttpStatusCode.Forbidden, refusedWrite.StatusCode);

        // The admin key still works for automation where sign-in is on.
        using var byKey = await server.AdminAsync(HttpMethod.Get, "orgs");
        Assert.Equal(HttpStatusCode.OK, byKey.StatusCode);
    }

    [Theory]
    [InlineData("not base64 at all!")]
    [InlineData("eyJub3QiOiJjbG9zZWQ=")] // base64 of a truncated JSON object
    [InlineData("W10=")] // base64 of []
    [InlineData("eyJhdXRoX3R5cCI6ImFhZCJ9")] // {"auth_typ":"aad"}: no claims
    [InlineData("eyJjbGFpbXMiOlt7InR5cCI6InJvbGVzIiwidmFsIjoxfV19")] // {"claims":[{"typ":"roles","val":1}]}
    public async Task A_malformed_principal_is_unauthorized(string header)
    {
        await using var server = await LocalHostServer.StartAsync(new Dictionary<string, string?> { [Settings.EasyAuthEnabled] = "true" });

        using var response = await server.Client.SendAsync(WithPrincipal(header));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(AdminAccess.PrincipalHeader, (await ProblemAsync(response)).GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("false")]
    [InlineData("")]
    public async Task Without_Easy_Auth_the_principal_header_is_refused_even_with_the_admin_role_and_the_key(string? easyAuth)
    {
        await using var server = await LocalHostServer.StartAsync(new Dictionary<string, string?> { [Settings.EasyAuthEnabled] = easyAuth });

        using var forged = await server.Client.SendAsync(WithPrincipal(Principal(AdminAccess.AdminRole)));
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Contains(Settings.EasyAuthEnabled, (await ProblemAsync(forged)).GetProperty("detail").GetString());

        var withKey = server.Admin(HttpMethod.Get, "orgs");
        withKey.Headers.Add(AdminAccess.PrincipalHeader, Principal(AdminAccess.AdminRole));
        using var forgedWithKey = await server.Client.SendAsync(withKey);
        Assert.Equal(HttpStatusCode.Unauthorized, forgedWithKey.StatusCode);

        // Public routes do not look at the header.
        using var health = await server.Client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "health") { Headers = { { AdminAccess.PrincipalHeader, "x" } } });
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);

        using var byKey = await server.AdminAsync(HttpMethod.Get, "orgs");
        Assert.Equal(HttpStatusCode.OK, byKey.StatusCode);
        using var noCredential = await server.Client.GetAsync(new Uri("orgs", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, noCredential.StatusCode);
    }

    [Fact]
    public void Every_admin_route_is_marked_and_left_anonymous_to_the_host_so_the_code_check_is_the_one_that_decides()
    {
        var orgs = Hosting.FunctionCatalog.Http.Where(f => f.Route.StartsWith("orgs", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(orgs);
        Assert.All(orgs, f => Assert.True(f.Admin, f.Name));
        Assert.All(Hosting.FunctionCatalog.Http.Where(f => f.Admin), f =>
        {
            Assert.True(f.Method.IsDefined(typeof(AdminOnlyAttribute), false), f.Name);
            Assert.Equal(Microsoft.Azure.Functions.Worker.AuthorizationLevel.Anonymous, f.Level);
        });
        Assert.DoesNotContain(Hosting.FunctionCatalog.Http, f => f.Admin && f.Route.StartsWith("survey", StringComparison.Ordinal));
    }
}
