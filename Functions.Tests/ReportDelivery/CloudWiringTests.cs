using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SurveyNetwork.Functions.Tests.EndToEnd;
using SurveyNetwork.Functions.Tests.Storage;

namespace SurveyNetwork.Functions.Tests.ReportDelivery;

/// <summary>
/// The app as Azure runs it — Cosmos DB store and Blob Storage publisher — over the emulators'
/// wire protocols: a report run lands in the <c>reports</c> container and in blobs, and the report
/// routes serve what was published.
/// </summary>
[Collection(CosmosEmulatorCollection.Name)]
public sealed class CloudWiringTests(CosmosEmulatorFixture cosmos, AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_run_stores_reports_in_cosmos_publishes_blobs_and_serves_them()
    {
        var container = "reports-" + Guid.NewGuid().ToString("N")[..12];
        await using var server = await LocalHostServer.StartAsync(new Dictionary<string, string?>
        {
            [Settings.StoreKind] = "cosmos",
            [Settings.CosmosEndpoint] = cosmos.Endpoint.AbsoluteUri,
            [Settings.CosmosKey] = CosmosEmulatorFixture.EmulatorKey,
            [Settings.CosmosDatabase] = "e2e-reports-" + Guid.NewGuid().ToString("N")[..8],
            [Settings.CosmosCreateIfMissing] = "true",
            [Settings.CosmosAllowLoopbackCertificate] = "true",
            [Settings.ReportPublisher] = "blob",
            [Settings.ReportStorageConnectionString] = azurite.ConnectionString,
            [Settings.ReportContainer] = container,
        });
        var tokens = await server.SeedAsync();
        foreach (var (person, contact) in new[] { ("p1", "p2"), ("p2", "p3"), ("p3", "p4"), ("p4", "p1") })
        {
            var answer = new { contacts = new[] { new { personId = contact, frequency = "weekly", benefits = new[] { "solutions" }, personal = false, giveBack = "rarely" } } };
            (await server.AsRespondentAsync(HttpMethod.Put, "survey/response", tokens[person], answer)).EnsureSuccessStatusCode();
        }

        var run = await server.RunReportsAsync("orgs/acme/cycles/c1/reports");
        Assert.Equal("published", (string?)run["status"]);

        var blobs = azurite.Container(container);
        foreach (var format in new[] { "json", "html", "graphml", "csv" })
        {
            var blob = await blobs.GetBlobClient($"acme/c1/eng/report.{format}").DownloadContentAsync();
            var served = await server.AdminAsync(HttpMethod.Get, $"orgs/acme/cycles/c1/teams/eng/report?format={format}");
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
            Assert.Equal(blob.Value.Content.ToArray(), await served.Content.ReadAsByteArrayAsync());
        }

        var again = await server.RunReportsAsync("orgs/acme/cycles/c1/reports");
        Assert.Equal("unchanged", (string?)again["status"]);
    }
}
