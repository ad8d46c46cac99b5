using System.Net;
using SurveyNetwork.Functions.Storage.Cosmos;
using SurveyNetwork.Functions.Tests.EndToEnd;
using SurveyNetwork.Functions.Tests.Storage;

namespace SurveyNetwork.Functions.Tests.Trust;

/// <summary>
/// The database stops answering (connections stay open, nothing comes back) while the app runs:
/// each request ends in a 503 with Retry-After once <see cref="CosmosClientFactory.OperationBudget"/>
/// has passed, instead of waiting out the SDK's 65-second HTTP timeout and its retries of reads,
/// and the app answers normally again when the database does.
/// </summary>
[Collection(CosmosEmulatorCollection.Name)]
public sealed class CosmosHangTests(CosmosEmulatorFixture emulator)
{
    [Fact]
    public async Task A_database_that_stops_answering_gets_503_with_retry_after_within_the_operation_budget()
    {
        await using var proxy = TcpFaultProxy.Start(emulator.Endpoint.Port);
        await using var server = await LocalHostServer.StartAsync(new Dictionary<string, string?>
        {
            [Settings.StoreKind] = "cosmos",
            [Settings.CosmosEndpoint] = $"https://127.0.0.1:{proxy.Port}/",
            [Settings.CosmosKey] = CosmosEmulatorFixture.EmulatorKey,
            [Settings.CosmosDatabase] = "hang-" + Guid.NewGuid().ToString("N")[..10],
            [Settings.CosmosCreateIfMissing] = "true",
            [Settings.CosmosAllowLoopbackCertificate] = "true",
        });
        var tokens = await TrustData.SeedAsync(server, 20);

        proxy.Mode = TcpFaultProxy.Fault.Stall;
        // Well under the SDK's own 65-second wait: only the operation budget can end these requests in time.
        using var client = new HttpClient { BaseAddress = server.Client.BaseAddress, Timeout = CosmosClientFactory.OperationBudget * 4 };
        var responses = await Task.WhenAll(
            client.SendAsync(Submit(tokens["r0001"], 1)),
            client.SendAsync(Admin(server, "orgs/acme/cycles/c1")));
        foreach (var response in responses)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.NotNull(response.Headers.RetryAfter);
        }

        proxy.Mode = TcpFaultProxy.Fault.None;
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Submit(tokens["r0002"], 2))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Admin(server, "orgs/acme/cycles/c1"))).StatusCode);
    }

    /// <summary>
    /// The database is already hung when the app starts: the SDK's first contact (reading the
    /// account before any operation) must not hold respondents past the operation budget either.
    /// </summary>
    [Fact]
    public async Task A_database_hung_before_the_app_starts_gets_503_within_the_operation_budget()
    {
        var database = "hang-" + Guid.NewGuid().ToString("N")[..10];
        var data = Directory.CreateTempSubdirectory("surveynetwork-hang-").FullName;
        await using var proxy = TcpFaultProxy.Start(emulator.Endpoint.Port);
        var settings = new Dictionary<string, string?>
        {
            [Settings.StoreKind] = "cosmos",
            [Settings.CosmosEndpoint] = $"https://127.0.0.1:{proxy.Port}/",
            [Settings.CosmosKey] = CosmosEmulatorFixture.EmulatorKey,
            [Settings.CosmosDatabase] = database,
            [Settings.CosmosCreateIfMissing] = "true",
            [Settings.CosmosAllowLoopbackCertificate] = "true",
        };
        Dictionary<string, string> tokens;
        await using (var first = await LocalHostServer.StartAsync(settings, data))
        {
            tokens = await TrustData.SeedAsync(first, 20);
        }

        proxy.Mode = TcpFaultProxy.Fault.Stall;
        // Deployed apps do not create the database: starting must not need it.
        settings[Settings.CosmosCreateIfMissing] = "false";
        await using var server = await LocalHostServer.StartAsync(settings, data);
        using var client = new HttpClient { BaseAddress = server.Client.BaseAddress, Timeout = CosmosClientFactory.OperationBudget * 6 };
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var responses = await Task.WhenAll(
            client.SendAsync(Submit(tokens["r0001"], 1)),
            client.SendAsync(Admin(server, "orgs/acme/cycles/c1")));
        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        foreach (var response in responses)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.NotNull(response.Headers.RetryAfter);
        }

        // One budget for the operation (and a margin for a loaded machine), not the SDK's 65-second waits.
        Assert.True(elapsed < CosmosClientFactory.OperationBudget * 2.5, $"answered after {elapsed.TotalSeconds:F1} s");

        proxy.Mode = TcpFaultProxy.Fault.None;
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Submit(tokens["r0002"], 2))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Admin(server, "orgs/acme/cycles/c1"))).StatusCode);
    }

    private static HttpRequestMessage Submit(string token, int self)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, "survey/response")
        {
            Content = new StringContent(TrustData.Answer(self, 20, 0).ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", token);
        return request;
    }

    private static HttpRequestMessage Admin(LocalHostServer server, string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("x-functions-key", server.AdminKey);
        return request;
    }
}
