using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SurveyNetwork.LocalHost;

namespace SurveyNetwork.Functions.Tests.EndToEnd;

/// <summary>What <c>--demo</c> seeds: two cycles, so the published reports compare with the previous one.</summary>
public sealed class DemoCycleTests
{
    [Fact]
    public async Task The_demo_reports_show_change_since_the_previous_cycle()
    {
        await using var server = await LocalHostServer.StartAsync();
        await DemoSeeder.SeedAsync(server.Services, server.BaseUrl, TextWriter.Null, CancellationToken.None);

        var cycles = (await (await server.AdminAsync(HttpMethod.Get, $"orgs/{DemoSeeder.OrgId}/cycles")).Content.ReadFromJsonAsync<JsonObject>())!;
        var ids = cycles["cycles"]!.AsArray().Select(c => (string)c!["id"]!).ToArray();
        Assert.Contains(DemoSeeder.PreviousCycleId, ids);
        Assert.Contains(DemoSeeder.CycleId, ids);

        var basePath = $"orgs/{DemoSeeder.OrgId}/cycles/{DemoSeeder.CycleId}";
        var org = (await (await server.AdminAsync(HttpMethod.Get, $"{basePath}/report")).Content.ReadFromJsonAsync<JsonObject>())!;
        var change = org["change"]!;
        Assert.Equal(DemoSeeder.PreviousCycleId, (string?)change["previousCycleId"]);
        Assert.NotEqual(0, change["respondentsDelta"]!.GetValue<int>());
        Assert.NotNull(change["densityDelta"]);
        var delta = change["delta"]!.AsObject();
        Assert.NotNull(delta["networkSize"]);
        Assert.NotNull(delta["inDegree"]);
        Assert.NotNull(delta["energizing"]);

        var teamsWithDelta = 0;
        foreach (var team in org["teams"]!.AsArray().Where(t => t!["published"]!.GetValue<bool>()))
        {
            var report = (await (await server.AdminAsync(HttpMethod.Get, $"{basePath}/teams/{team!["teamId"]}/report")).Content.ReadFromJsonAsync<JsonObject>())!;
            Assert.Equal(DemoSeeder.PreviousCycleId, (string?)report["change"]!["previousCycleId"]);
            teamsWithDelta += report["change"]!["delta"] is JsonObject { Count: > 0 } d && d["networkSize"] is not null ? 1 : 0;
        }

        Assert.True(teamsWithDelta > 0);
        var html = await (await server.AdminAsync(HttpMethod.Get, $"{basePath}/report?format=html")).Content.ReadAsStringAsync();
        Assert.Contains("Change since the previous cycle", html, StringComparison.Ordinal);
        Assert.Contains("Since last cycle", html, StringComparison.Ordinal);

        var previous = await server.AdminAsync(HttpMethod.Get, $"orgs/{DemoSeeder.OrgId}/cycles/{DemoSeeder.PreviousCycleId}/report");
        Assert.Equal(HttpStatusCode.OK, previous.StatusCode);
    }
}
