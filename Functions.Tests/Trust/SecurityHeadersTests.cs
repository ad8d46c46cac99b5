using System.Net.Http.Headers;
using SurveyNetwork.Functions.Hosting;
using SurveyNetwork.Functions.Tests.EndToEnd;

namespace SurveyNetwork.Functions.Tests.Trust;

/// <summary>
/// Every answer of every route — success or problem, JSON or HTML — tells the browser not to sniff
/// its type; API answers are not cached; HTML pages carry a Content-Security-Policy that forbids
/// framing and a no-referrer policy.
/// </summary>
public sealed class SecurityHeadersTests
{
    [Fact]
    public async Task Every_route_answers_with_nosniff_json_is_not_cached_and_html_forbids_framing()
    {
        await using var server = await LocalHostServer.StartAsync();
        var tokens = await server.SeedAsync();
        (await server.AsRespondentAsync(HttpMethod.Put, "survey/response", tokens["p2"], new
        {
            contacts = new[] { new { personId = "p1", frequency = "weekly", benefits = new[] { "solutions" }, personal = false, giveBack = "rarely" } },
        })).EnsureSuccessStatusCode();
        await server.RunReportsAsync("orgs/acme/cycles/c1/reports?force=true");

        var checkedResponses = 0;
        var pages = 0;
        foreach (var route in FunctionCatalog.Http)
        {
            var path = route.Route.Replace("{orgId}", "acme").Replace("{cycleId}", "c1").Replace("{teamId}", "eng")
                .Replace("{personId}", "nobody").Replace("{name}", "survey.js");
            foreach (var (query, authorized) in new[] { ("", true), ("?format=html", true), ("", false) })
            {
                using var request = new HttpRequestMessage(new HttpMethod(route.Methods[0]), path + query);
                if (authorized)
                {
                    request.Headers.Add("x-functions-key", server.AdminKey);
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens["p2"]);
                }

                using var response = await server.Client.SendAsync(request);
                var what = $"{request.Method} /api/{path}{query} → {(int)response.StatusCode}";
                var type = response.Content.Headers.ContentType?.MediaType;
                if (type is null)
                {
                    continue; // no body (204, 304)
                }

                checkedResponses++;
                Assert.True(response.Headers.TryGetValues("X-Content-Type-Options", out var sniff) && sniff.Single() == "nosniff", $"{what}: no nosniff");
                if (type is "application/json" or "application/problem+json")
                {
                    Assert.True(response.Headers.CacheControl?.NoStore == true, $"{what}: JSON without Cache-Control: no-store");
                }

                if (type == "text/html")
                {
                    pages++;
                    Assert.True(response.Headers.TryGetValues("Content-Security-Policy", out var csp), $"{what}: HTML without a Content-Security-Policy");
                    Assert.Contains("frame-ancestors 'none'", csp.Single());
                    Assert.Contains("default-src 'none'", csp.Single());
                    Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
                }
            }
        }

        Assert.True(checkedResponses >= 30, $"only {checkedResponses} responses had a body");
        Assert.True(pages >= 4, $"only {pages} HTML pages (survey page, organization and team reports, profile)");
    }
}
