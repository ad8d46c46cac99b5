using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using SurveyNetwork.Domain.Survey;
using SurveyNetwork.Functions.Tests.EndToEnd;
using SurveyNetwork.Functions.Tests.Storage;

namespace SurveyNetwork.Functions.Tests.Trust;

/// <summary>
/// Respondents answer again while a person is being erased: every answer acknowledged with 200 is
/// what the store holds afterwards (less the erased person, where it named them), and nothing
/// anywhere names the erased person — on SQLite and on the Cosmos DB emulator.
/// </summary>
[Collection(CosmosEmulatorCollection.Name)]
public sealed class ErasePersonRaceTests(CosmosEmulatorFixture emulator)
{
    private const int People = 2_000;
    private const int Workers = 16;
    private static readonly string Erased = TrustData.PersonId(17);

    private sealed record Ack(string PersonId, long Version, string[] Contacts);

    [Fact]
    public async Task Erase_during_resubmissions_keeps_every_acknowledged_answer_on_sqlite()
    {
        await using var server = await LocalHostServer.StartAsync();
        await RaceAsync(server);
    }

    [Fact]
    public async Task Erase_during_resubmissions_keeps_every_acknowledged_answer_on_cosmos()
    {
        await using var server = await LocalHostServer.StartAsync(new Dictionary<string, string?>
        {
            [Settings.StoreKind] = "cosmos",
            [Settings.CosmosEndpoint] = emulator.Endpoint.AbsoluteUri,
            [Settings.CosmosKey] = CosmosEmulatorFixture.EmulatorKey,
            [Settings.CosmosDatabase] = "erase-" + Guid.NewGuid().ToString("N")[..10],
            [Settings.CosmosCreateIfMissing] = "true",
            [Settings.CosmosAllowLoopbackCertificate] = "true",
        });
        await RaceAsync(server);
    }

    private static async Task RaceAsync(LocalHostServer server)
    {
        var tokens = await TrustData.SeedAsync(server, People);

        // Every first answer names the erased person, so the erasure rewrites all of them.
        var first = new ConcurrentDictionary<string, string[]>();
        var now = DateTimeOffset.UtcNow;
        await Parallel.ForEachAsync(Enumerable.Range(0, People), new ParallelOptions { MaxDegreeOfParallelism = Workers }, async (i, ct) =>
        {
            var id = TrustData.PersonId(i);
            string[] named = id == Erased ? [TrustData.PersonId(i + 1)] : [Erased, .. Colleagues(i, 0)];
            first[id] = named;
            await server.Store.UpsertSubmissionAsync(new Submission
            {
                OrgId = "acme",
                CycleId = "c1",
                RespondentId = id,
                Contacts = named.Select(Contact).ToArray(),
                SubmittedAt = now,
                Version = Submission.VersionAt(now),
            }, ct);
        });

        // Resubmissions start with the erasure and go on until it answers; every other one names the erased person again.
        var order = new ConcurrentQueue<int>(Enumerable.Range(0, People).Where(i => TrustData.PersonId(i) != Erased).OrderBy(i => (i * 7919) % People));
        var acks = new ConcurrentDictionary<string, Ack>();
        var ackedDuringErasure = 0;
        var erasure = server.AdminAsync(HttpMethod.Delete, $"orgs/acme/people/{Erased}");

        async Task Resubmit()
        {
            while (!erasure.IsCompleted && order.TryDequeue(out var i))
            {
                var id = TrustData.PersonId(i);
                string[] named = i % 2 == 0 ? [.. Colleagues(i, 1), Erased] : Colleagues(i, 1);
                var response = await server.AsRespondentAsync(HttpMethod.Put, "survey/response", tokens[id], Answer(named));
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    continue;
                }

                var version = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["version"]!.GetValue<long>();
                acks[id] = new Ack(id, version, named);
                if (!erasure.IsCompleted)
                {
                    Interlocked.Increment(ref ackedDuringErasure);
                }
            }
        }

        async Task ErasedKeepsAnswering()
        {
            while (!erasure.IsCompleted)
            {
                await server.AsRespondentAsync(HttpMethod.Put, "survey/response", tokens[Erased], Answer([TrustData.PersonId(3)]));
                await Task.Delay(5);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => Task.Run(Resubmit)).Append(Task.Run(ErasedKeepsAnswering)));
        var erased = await erasure;

        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        Assert.True(ackedDuringErasure > 0, "No answer was acknowledged while the erasure ran.");
        Assert.DoesNotContain((await server.Store.GetRosterAsync("acme"))!.People, p => p.Id == Erased);
        var stored = (await server.Store.ListSubmissionsAsync("acme", "c1")).ToDictionary(s => s.RespondentId);
        Assert.False(stored.ContainsKey(Erased));
        Assert.Equal(People - 1, stored.Count);
        var lost = new List<string>();
        foreach (var (id, s) in stored)
        {
            Assert.DoesNotContain(s.Contacts, c => c.PersonId == Erased);
            var expected = (acks.TryGetValue(id, out var ack) ? ack.Contacts : first[id]).Where(c => c != Erased);
            if (!expected.SequenceEqual(s.Contacts.Select(c => c.PersonId)) || (ack is not null && ack.Version != s.Version))
            {
                lost.Add(id);
            }
        }

        Assert.True(lost.Count == 0, $"{lost.Count} of {acks.Count} acknowledged answers were not kept, e.g. {string.Join(", ", lost.Take(5))}");
    }

    /// <summary>Two colleagues of person <paramref name="i"/>, other than the erased person, varied by <paramref name="seed"/>.</summary>
    private static string[] Colleagues(int i, int seed) =>
        [.. Enumerable.Range(1, People).Select(k => TrustData.PersonId((i + k + (seed * 5)) % People)).Where(id => id != Erased && id != TrustData.PersonId(i)).Take(2)];

    private static ContactAnswer Contact(string personId) =>
        new() { PersonId = personId, Frequency = Frequency.Weekly, Benefits = [Benefit.Solutions], GiveBack = GiveBack.Rarely };

    private static JsonObject Answer(string[] named) => new()
    {
        ["contacts"] = new JsonArray([.. named.Select(id => (JsonNode)new JsonObject
        {
            ["personId"] = id, ["frequency"] = "daily", ["benefits"] = new JsonArray("validation"), ["personal"] = true, ["giveBack"] = "often",
        })]),
    };
}
