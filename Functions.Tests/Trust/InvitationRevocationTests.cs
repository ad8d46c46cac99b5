using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SurveyNetwork.Functions.Tests.EndToEnd;

namespace SurveyNetwork.Functions.Tests.Trust;

/// <summary>Re-issuing one person's link with <c>"revokePrevious": true</c>: their old link stops working at once, nobody else's does.</summary>
public sealed class InvitationRevocationTests
{
    [Fact]
    public async Task Reissuing_one_persons_link_revokes_only_their_old_one()
    {
        await using var server = await LocalHostServer.StartAsync();
        var tokens = await server.SeedAsync();
        Assert.Equal(HttpStatusCode.OK, (await server.AsRespondentAsync(HttpMethod.Get, "survey", tokens["p2"])).StatusCode);

        var response = await server.AdminAsync(HttpMethod.Post, "orgs/acme/cycles/c1/invitations", new { personIds = new[] { "p2" }, revokePrevious = true });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var fresh = (await response.Content.ReadFromJsonAsync<JsonObject>())!["invitations"]!.AsArray().Single()!["token"]!.GetValue<string>();

        var old = await server.AsRespondentAsync(HttpMethod.Get, "survey", tokens["p2"]);
        Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
        Assert.Equal("application/problem+json", old.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await server.AsRespondentAsync(HttpMethod.Put, "survey/response", tokens["p2"], new { contacts = Array.Empty<object>() })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.AsRespondentAsync(HttpMethod.Get, "survey", fresh)).StatusCode);
        foreach (var other in new[] { "p1", "p3", "p4" })
            Assert.Equal(HttpStatusCode.OK, (await server.AsRespondentAsync(HttpMethod.Get, "survey", tokens[other])).StatusCode);

        // Issuing again without revoking adds a link and keeps the one before.
        var again = await server.AdminAsync(HttpMethod.Post, "orgs/acme/cycles/c1/invitations", new { personIds = new[] { "p2" } });
        var second = (await again.Content.ReadFromJsonAsync<JsonObject>())!["invitations"]!.AsArray().Single()!["token"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await server.AsRespondentAsync(HttpMethod.Get, "survey", fresh)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.AsRespondentAsync(HttpMethod.Get, "survey", second)).StatusCode);

        // A second revocation retires both.
        var third = await server.AdminAsync(HttpMethod.Post, "orgs/acme/cycles/c1/invitations", new { personIds = new[] { "p2" }, revokePrevious = true });
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.AsRespondentAsync(HttpMethod.Get, "survey", fresh)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.AsRespondentAsync(HttpMethod.Get, "survey", second)).StatusCode);
    }
}
