using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SurveyNetwork.Functions.Tests.EndToEnd;
using SurveyNetwork.Functions.Tests.Storage;

namespace SurveyNetwork.Functions.Tests.Trust;

/// <summary>
/// Cosmos DB goes away in the middle of a stream of concurrent submissions (the emulator answers
/// every request with 503, or with 429 past the SDK's retries) and comes back: each refused answer
/// is a 503 problem+json with Retry-After, nothing partial is stored, and the same LocalHost
/// accepts answers again once the database is back.
/// </summary>
[Collection(CosmosEmulatorCollection.Name)]
public sealed class CosmosOutageTests(CosmosEmulatorFixture emulator)
{
    private const int People = 240;
    private const int Workers = 16;

    private sealed record Attempt(string PersonId, int Seed, HttpStatusCode Status, bool ProblemJson, string? RetryAfter, long Version, string Body);

    [Theory]
    [InlineData(503)]
    [InlineData(429)]
    public async Task An_outage_mid_run_refuses_answers_with_503_stores_nothing_partial_and_heals_without_a_restart(int outageStatus)
    {
        await using var server = await StartAsync();
        var tokens = await TrustData.SeedAsync(server, People);

        // Each respondent answers one to three times, one answer after another; workers run respondents concurrently.
        var plan = new ConcurrentQueue<int>(Enumerable.Range(0, People));
        var attempts = new ConcurrentBag<Attempt>();
        var completed = 0;
        var down = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var backUp = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        async Task Worker()
        {
            while (plan.TryDequeue(out var i))
            {
                for (var seed = 0; seed <= i % 3; seed++)
                {
                    var id = TrustData.PersonId(i);
                    var response = await server.AsRespondentAsync(HttpMethod.Put, "survey/response", tokens[id], TrustData.Answer(i, People, seed));
                    var body = await response.Content.ReadAsStringAsync();
                    var version = response.IsSuccessStatusCode ? JsonNode.Parse(body)!["version"]!.GetValue<long>() : 0;
                    attempts.Add(new Attempt(id, seed, response.StatusCode, response.Content.Headers.ContentType?.MediaType == "application/problem+json",
                        response.Headers.RetryAfter?.ToString(), version, body));
                    var done = Interlocked.Increment(ref completed);
                    if (done == 120)
                    {
                        down.TrySetResult();
                    }

                    if (done == 240)
                    {
                        backUp.TrySetResult();
                    }
                }
            }
        }

        async Task Outage()
        {
            await down.Task;
            await emulator.SetFaultAsync(down: true, status: outageStatus);
            await backUp.Task;
            await emulator.SetFaultAsync(down: false);
        }

        try
        {
            var outage = Outage();
            await Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => Task.Run(Worker)));
            backUp.TrySetResult();
            await outage;
        }
        finally
        {
            await emulator.SetFaultAsync(down: false);
        }

        // Every refusal is a 503 problem with Retry-After; nothing else went wrong.
        var refused = attempts.Where(a => a.Status != HttpStatusCode.OK).ToArray();
        Assert.NotEmpty(refused);
        Assert.All(refused, a =>
        {
            Assert.True(a.Status == HttpStatusCode.ServiceUnavailable, $"{a.PersonId}: {(int)a.Status} {a.Body}");
            Assert.True(a.ProblemJson, a.Body);
            Assert.NotNull(a.RetryAfter);
        });
        Assert.Contains(attempts, a => a.Status == HttpStatusCode.OK);

        // The store holds exactly the last acknowledged answer of each respondent, and nothing for the others.
        var lastAcknowledged = attempts.Where(a => a.Status == HttpStatusCode.OK)
            .GroupBy(a => a.PersonId).ToDictionary(g => g.Key, g => g.MaxBy(a => a.Seed)!);
        var stored = await server.Store.ListSubmissionsAsync("acme", "c1");
        Assert.Equal(lastAcknowledged.Keys.Order(), stored.Select(s => s.RespondentId).Order());
        foreach (var s in stored)
        {
            var ack = lastAcknowledged[s.RespondentId];
            Assert.Equal(ack.Version, s.Version);
            var sent = TrustData.Answer(int.Parse(s.RespondentId[1..], CultureInfo.InvariantCulture), People, ack.Seed)["contacts"]!.AsArray().Select(c => c!["personId"]!.GetValue<string>());
            Assert.Equal(sent, s.Contacts.Select(c => c.PersonId));
        }

        // The same server takes answers again, and a respondent refused during the outage can answer now.
        var refusedOnly = refused.Select(a => a.PersonId).Except(lastAcknowledged.Keys).FirstOrDefault() ?? refused[0].PersonId;
        var again = await server.AsRespondentAsync(HttpMethod.Put, "survey/response", tokens[refusedOnly], TrustData.Answer(int.Parse(refusedOnly[1..], CultureInfo.InvariantCulture), People, 7));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.NotNull(await server.Store.GetSubmissionAsync("acme", "c1", refusedOnly));
    }

    [Fact]
    public async Task Admin_calls_during_an_outage_get_503_and_change_nothing()
    {
        await using var server = await StartAsync();
        await TrustData.SeedAsync(server, 20);
        var before = await server.SnapshotAsync();
        try
        {
            await emulator.SetFaultAsync(down: true);
            HttpResponseMessage[] responses =
            [
                await server.AdminAsync(HttpMethod.Put, "orgs/acme/roster", TrustData.Roster(30)),
                await server.AdminAsync(HttpMethod.Post, "orgs/acme/cycles", new JsonObject { ["id"] = "c2", ["title"] = "T", ["closesAt"] = DateTimeOffset.UtcNow.AddDays(3) }),
                await server.AdminAsync(HttpMethod.Post, "orgs/acme/cycles/c1/close"),
                await server.AdminAsync(HttpMethod.Get, "orgs/acme/cycles/c1"),
                await server.AdminAsync(HttpMethod.Delete, "orgs/acme/people/r0003"),
            ];
            foreach (var r in responses)
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, r.StatusCode);
                Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
                Assert.NotNull(r.Headers.RetryAfter);
            }
        }
        finally
        {
            await emulator.SetFaultAsync(down: false);
        }

        Assert.Equal(before, await server.SnapshotAsync());
        Assert.Equal(HttpStatusCode.OK, (await server.AdminAsync(HttpMethod.Get, "orgs/acme/cycles/c1")).StatusCode);
    }

    private Task<LocalHostServer> StartAsync() => LocalHostServer.StartAsync(new Dictionary<string, string?>
    {
        [Settings.StoreKind] = "cosmos",
        [Settings.CosmosEndpoint] = emulator.Endpoint.AbsoluteUri,
        [Settings.CosmosKey] = CosmosEmulatorFixture.EmulatorKey,
        [Settings.CosmosDatabase] = "outage-" + Guid.NewGuid().ToString("N")[..10],
        [Settings.CosmosCreateIfMissing] = "true",
        [Settings.CosmosAllowLoopbackCertificate] = "true",
    });
}
