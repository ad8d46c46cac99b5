using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SurveyNetwork.Functions.Tests.EndToEnd;
using SurveyNetwork.Functions.Tests.ReportDelivery;

namespace SurveyNetwork.Functions.Tests.Trust;

/// <summary>
/// Blob Storage is unreachable while reports are published (connections to Azurite are refused):
/// the run records each team's failure rather than failing with a 500 or stopping at the first
/// team, nothing is served as published, and the next run, with storage back, publishes what was
/// missed.
/// </summary>
public sealed class BlobOutageTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_run_while_blob_storage_is_down_records_every_team_as_failed_and_the_next_run_publishes_them()
    {
        await using var proxy = TcpFaultProxy.Start(azurite.Port);
        var container = "outage-" + Guid.NewGuid().ToString("N")[..12];
        await using var server = await LocalHostServer.StartAsync(new Dictionary<string, string?>
        {
            [Settings.ReportPublisher] = "blob",
            [Settings.ReportStorageConnectionString] = azurite.ConnectionString.Replace($":{azurite.Port}/", $":{proxy.Port}/", StringComparison.Ordinal),
            [Settings.ReportContainer] = container,
            // A run that fails as a whole is retried by the queue; a short retry delay keeps the test quick.
            ["AzureFunctionsJobHost:extensions:queues:visibilityTimeout"] = "00:00:01",
        });
        var tokens = await server.SeedAsync();
        foreach (var (person, contact) in new[] { ("p1", "p2"), ("p2", "p3"), ("p3", "p4"), ("p4", "p1") })
        {
            var answer = new { contacts = new[] { new { personId = contact, frequency = "weekly", benefits = new[] { "solutions" }, personal = false, giveBack = "rarely" } } };
            (await server.AsRespondentAsync(HttpMethod.Put, "survey/response", tokens[person], answer)).EnsureSuccessStatusCode();
        }

        proxy.Mode = TcpFaultProxy.Fault.Refuse;
        var failed = await server.RequestReportsAsync("orgs/acme/cycles/c1/reports");

        Assert.True((string?)failed["state"] is "done" or "failed", failed.ToJsonString());
        if ((string?)failed["state"] == "done")
        {
            var summary = failed["result"]!.AsObject();
            Assert.Equal("partial", (string?)summary["status"]);
            var outcomes = summary["outcomes"]!.AsArray();
            Assert.Equal(["_organization", "eng", "ops"], outcomes.Select(o => (string)o!["scope"]!).Order()); // every team was tried
            Assert.All(outcomes, o => Assert.Equal("failed", (string?)o!["status"]));
        }
        else
        {
            // Every attempt failed: the run history says so.
            Assert.StartsWith("Gave up after 5 attempt(s)", (string?)failed["error"], StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await server.AdminAsync(HttpMethod.Get, "orgs/acme/cycles/c1/teams/eng/report?format=html")).StatusCode);

        proxy.Mode = TcpFaultProxy.Fault.None;
        var retried = await server.RunReportsAsync("orgs/acme/cycles/c1/reports");

        Assert.Equal("published", (string?)retried["status"]);
        foreach (var team in new[] { "eng", "ops" })
        {
            var served = await server.AdminAsync(HttpMethod.Get, $"orgs/acme/cycles/c1/teams/{team}/report?format=html");
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
            var blob = await azurite.Container(container).GetBlobClient($"acme/c1/{team}/report.html").DownloadContentAsync();
            Assert.Equal(blob.Value.Content.ToArray(), await served.Content.ReadAsByteArrayAsync());
        }
    }
}
