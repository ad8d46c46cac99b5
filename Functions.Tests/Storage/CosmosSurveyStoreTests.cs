using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;
using SurveyNetwork.Functions.Storage;
using SurveyNetwork.Functions.Storage.Cosmos;
using static SurveyNetwork.Functions.Tests.Storage.StoreTestData;

namespace SurveyNetwork.Functions.Tests.Storage;

[Collection(CosmosEmulatorCollection.Name)]
public sealed class CosmosSurveyStoreTests(CosmosEmulatorFixture emulator) : SurveyStoreContract
{
    protected override ISurveyStore Store => emulator.Store;

    [Fact]
    public async Task A_submission_is_stored_with_exactly_one_request()
    {
        var org = NewId("org");
        await emulator.Store.UpsertSubmissionAsync(Submission(org, "warm-up", "r0")); // container metadata is cached after this
        await emulator.ResetStatsAsync();

        await emulator.Store.UpsertSubmissionAsync(Submission(org, "c1", "r1"));
        await emulator.Store.UpsertSubmissionAsync(Submission(org, "c1", "r1", contacts: 4, version: 2));

        var stats = await emulator.StatsAsync();
        Assert.True(stats.Total == 2 && stats.Operation("docs.upsert") == 2, stats.ToString());
    }

    [Fact]
    public async Task Listing_submissions_is_one_single_partition_query_without_a_query_plan()
    {
        var org = NewId("org");
        for (var i = 0; i < 5; i++)
            await emulator.Store.UpsertSubmissionAsync(Submission(org, "c1", $"r{i}"));
        await emulator.Store.ListSubmissionsAsync(org, "c0"); // warm-up
        await emulator.ResetStatsAsync();

        var listed = await emulator.Store.ListSubmissionsAsync(org, "c1");

        var stats = await emulator.StatsAsync();
        Assert.Equal(5, listed.Count);
        Assert.True(stats.Total == 1 && stats.Operation("docs.query") == 1, stats.ToString());
    }

    [Fact]
    public async Task Items_carry_their_partition_key_and_type()
    {
        var org = NewId("org");
        await emulator.Store.UpsertSubmissionAsync(Submission(org, "c1", "r1"));
        await emulator.Store.CreateCycleAsync(Cycle(org, "c1"));

        var submission = await ReadRawAsync(CosmosLayout.Submissions, "r1", $"{org}|c1");
        var cycle = await ReadRawAsync(CosmosLayout.Orgs, "cycle:c1", org);

        Assert.Equal(("submission", $"{org}|c1"), ((string?)submission["type"], (string?)submission["pk"]));
        Assert.Equal(("cycle", org, "c1"), ((string?)cycle["type"], (string?)cycle["pk"], (string?)cycle["cycleId"]));
        Assert.NotNull(cycle["options"]); // top level, as the indexing policy excludes /options/*
        Assert.Null(cycle["etag"]);
    }

    [Fact]
    public async Task A_large_roster_is_split_into_chunks_under_the_item_limit_and_replaced_versions_are_removed()
    {
        var org = NewId("org");
        await emulator.Store.ReplaceRosterAsync(Roster(org, 20_000, "A"));
        await emulator.Store.ReplaceRosterAsync(Roster(org, 20_000, "B"));

        var items = await QueryPartitionAsync(org);
        var pointer = Assert.Single(items, i => (string?)i["type"] == "roster");
        var chunks = items.Where(i => (string?)i["type"] == "rosterChunk").ToList();
        Assert.True(chunks.Count >= 3, $"{chunks.Count} chunks");
        Assert.Equal((int)pointer["chunkCount"]!, chunks.Count);
        Assert.All(chunks, c => Assert.Equal((string?)pointer["version"], (string?)c["version"]));
        Assert.All(chunks, c => Assert.True(c.ToJsonString().Length < 1_100_000));
    }

    [Fact]
    public async Task A_roster_read_overtaken_by_a_replacement_starts_over_and_returns_the_new_roster()
    {
        var org = NewId("org");
        var old = Roster(org, 8_000, "A");
        var replacement = Roster(org, 9_000, "B");
        await emulator.Store.ReplaceRosterAsync(old);
        // The replacement completes (old chunks deleted) after the reader has read the old pointer.
        var raced = new BeforeFirstRequest(r => r.Method == HttpMethod.Get && IsChunk(r), () => emulator.Store.ReplaceRosterAsync(replacement));
        using var client = ClientWith(raced);
        var reader = new CosmosSurveyStore(client, new CosmosStoreOptions { Database = emulator.DatabaseName });

        var seen = await reader.GetRosterAsync(org);

        Assert.True(raced.Fired);
        AssertSame(replacement, seen);
    }

    [Fact]
    public async Task A_roster_replacement_that_loses_the_pointer_race_still_lands_last_and_leaves_one_version()
    {
        var org = NewId("org");
        await emulator.Store.ReplaceRosterAsync(Roster(org, 100, "A"));
        var other = Roster(org, 200, "B");
        var mine = Roster(org, 300, "C");
        // Another replacement flips the pointer between our read of it and our conditional replace.
        var raced = new BeforeFirstRequest(r => r.Method == HttpMethod.Put && IsPointer(r), () => emulator.Store.ReplaceRosterAsync(other));
        using var client = ClientWith(raced);
        var writer = new CosmosSurveyStore(client, new CosmosStoreOptions { Database = emulator.DatabaseName, RosterChunkBytes = 8_192 });

        await writer.ReplaceRosterAsync(mine);

        Assert.True(raced.Fired);
        AssertSame(mine, await emulator.Store.GetRosterAsync(org));
        var chunks = (await QueryPartitionAsync(org)).Where(i => (string?)i["type"] == "rosterChunk").ToList();
        Assert.True(chunks.Count > 1);
        Assert.Single(chunks.Select(c => (string?)c["version"]).Distinct());
    }

    [Fact]
    public async Task An_unreachable_server_surfaces_as_store_unavailable()
    {
        var org = NewId("org");
        await emulator.Store.UpsertSubmissionAsync(Submission(org, "c1", "r1"));
        await emulator.SetFaultAsync(down: true, status: 503);
        try
        {
            await Assert.ThrowsAsync<StoreUnavailableException>(() => emulator.Store.UpsertSubmissionAsync(Submission(org, "c1", "r2")));
            await Assert.ThrowsAsync<StoreUnavailableException>(() => emulator.Store.GetSubmissionAsync(org, "c1", "r1"));
            await Assert.ThrowsAsync<StoreUnavailableException>(() => emulator.Store.ListSubmissionsAsync(org, "c1"));
            await Assert.ThrowsAsync<StoreUnavailableException>(() => emulator.Store.GetRosterAsync(org));
        }
        finally
        {
            await emulator.SetFaultAsync(down: false);
        }
        Assert.NotNull(await emulator.Store.GetSubmissionAsync(org, "c1", "r1"));
    }

    [Fact]
    public async Task Throttling_beyond_the_clients_retries_surfaces_as_store_unavailable()
    {
        var org = NewId("org");
        await emulator.Store.UpsertSubmissionAsync(Submission(org, "warm-up", "r0"));
        await emulator.ResetStatsAsync();
        await emulator.SetFaultAsync(down: true, status: 429, retryAfterMs: 1);
        try
        {
            await Assert.ThrowsAsync<StoreUnavailableException>(() => emulator.Store.UpsertSubmissionAsync(Submission(org, "c1", "r1")));
        }
        finally
        {
            await emulator.SetFaultAsync(down: false);
        }
        var stats = await emulator.StatsAsync();
        Assert.True(stats.Operation("docs.upsert") > 1, $"the client retries a throttled request before giving up: {stats}");
    }

    [Fact]
    public async Task A_stopped_server_surfaces_as_store_unavailable()
    {
        // A client aimed at a closed loopback port: the transport fails, not the service.
        var closedPort = new Uri($"https://127.0.0.1:{FreePort()}/");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [Settings.CosmosEndpoint] = closedPort.AbsoluteUri,
            [Settings.CosmosKey] = CosmosEmulatorFixture.EmulatorKey,
            [Settings.CosmosAllowLoopbackCertificate] = "true",
        }).Build();
        using var client = CosmosClientFactory.Create(configuration);
        var store = new CosmosSurveyStore(client, new CosmosStoreOptions { Database = emulator.DatabaseName });

        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.GetSubmissionAsync("org", "c1", "r1"));
    }

    private static bool IsChunk(RequestMessage request) =>
        Uri.UnescapeDataString(request.RequestUri.OriginalString).Contains("/docs/roster:", StringComparison.Ordinal);

    private static bool IsPointer(RequestMessage request) =>
        Uri.UnescapeDataString(request.RequestUri.OriginalString).EndsWith("/docs/roster", StringComparison.Ordinal);

    private CosmosClient ClientWith(RequestHandler handler)
    {
        var options = CosmosClientFactory.CreateOptions(emulator.Endpoint, allowLoopbackCertificate: true);
        options.CustomHandlers.Add(handler);
        return new CosmosClient(emulator.Endpoint.AbsoluteUri, CosmosEmulatorFixture.EmulatorKey, options);
    }

    /// <summary>Runs an action once, just before the first matching request goes out.</summary>
    private sealed class BeforeFirstRequest(Func<RequestMessage, bool> match, Func<Task> action) : RequestHandler
    {
        private int _fired;

        public bool Fired => _fired == 1;

        public override async Task<ResponseMessage> SendAsync(RequestMessage request, CancellationToken cancellationToken)
        {
            if (match(request) && Interlocked.Exchange(ref _fired, 1) == 0)
                await action();
            return await base.SendAsync(request, cancellationToken);
        }
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task<JsonObject> ReadRawAsync(string container, string id, string pk)
    {
        var response = await emulator.Container(container).ReadItemAsync<JsonObject>(id, new PartitionKey(pk));
        return response.Resource;
    }

    private async Task<List<JsonObject>> QueryPartitionAsync(string pk)
    {
        var query = new QueryDefinition("SELECT * FROM c WHERE c.pk = @pk").WithParameter("@pk", pk);
        using var iterator = emulator.Container(CosmosLayout.Orgs).GetItemQueryIterator<JsonObject>(query,
            requestOptions: new QueryRequestOptions { PartitionKey = new PartitionKey(pk) });
        var items = new List<JsonObject>();
        while (iterator.HasMoreResults)
            items.AddRange(await iterator.ReadNextAsync());
        return items;
    }
}
