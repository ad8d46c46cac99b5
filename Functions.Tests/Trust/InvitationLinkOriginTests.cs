using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SurveyNetwork.Functions.Http;
using SurveyNetwork.Functions.Tests.EndToEnd;

namespace SurveyNetwork.Functions.Tests.Trust;

/// <summary>Invitation links take their origin from configuration, never from the request's Host header.</summary>
public sealed class InvitationLinkOriginTests
{
    private const string Evil = "evil.example";

    [Fact]
    public async Task A_forged_Host_header_never_appears_in_invitation_links_from_LocalHost_without_PUBLIC_BASE_URL()
    {
        await using var server = await LocalHostServer.StartAsync();
        await server.SeedAsync();

        var links = await LinksAsync(server);

        Assert.NotEmpty(links);
        Assert.All(links, l => Assert.StartsWith(server.BaseUrl + "/api/survey/page#token=", l, StringComparison.Ordinal));
        Assert.All(links, l => Assert.DoesNotContain(Evil, l, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_forged_Host_header_never_appears_in_invitation_links_when_PUBLIC_BASE_URL_is_set()
    {
        await using var server = await LocalHostServer.StartAsync(new Dictionary<string, string?> { [Settings.PublicBaseUrl] = "https://surveys.example.org/" });
        await server.SeedAsync();

        var links = await LinksAsync(server);

        Assert.NotEmpty(links);
        Assert.All(links, l => Assert.StartsWith("https://surveys.example.org/api/survey/page#token=", l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_a_configured_public_address_issuing_invitations_is_a_conflict_naming_the_setting()
    {
        await using var server = await LocalHostServer.StartAsync();
        await server.SeedAsync();
        var unconfigured = ActivatorUtilities.CreateInstance<IssueInvitations>(server.Services, new ConfigurationBuilder().Build());
        var context = new DefaultHttpContext();
        context.Request.Host = new HostString(Evil);

        var result = Assert.IsType<ApiResult>(await unconfigured.Run(context.Request, "acme", "c1", CancellationToken.None));

        Assert.Equal(StatusCodes.Status409Conflict, result.StatusCode);
        Assert.Equal(Problems.ContentType, result.ContentType);
        Assert.Contains(Settings.PublicBaseUrl, Assert.IsType<Problems.ProblemBody>(result.Value).Detail, StringComparison.Ordinal);
    }

    private static async Task<string[]> LinksAsync(LocalHostServer server)
    {
        var request = server.Admin(HttpMethod.Post, "orgs/acme/cycles/c1/invitations");
        request.Headers.Host = Evil;
        var response = await server.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.DoesNotContain(Evil, body.ToJsonString(), StringComparison.OrdinalIgnoreCase);
        return body["invitations"]!.AsArray().Select(i => (string)i!["link"]!).ToArray();
    }
}
