using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Azure.Cosmos;
using SurveyNetwork.Functions.Storage.Cosmos;
using SurveyNetwork.Functions.Storage;
using static SurveyNetwork.Functions.Tests.Storage.StoreTestData;

namespace SurveyNetwork.Functions.Tests.Storage;

/// <summary>The gaps tools/cosmos-emulator fills in the npm server, seen through the SDK and on the wire.</summary>
[Collection(CosmosEmulatorCollection.Name)]
public sealed class CosmosEmulatorWrapperTests(CosmosEmulatorFixture emulator)
{
    private Container Submissions => emulator.Container(CosmosLayout.Submissions);

    [Fact]
    public async Task A_query_plan_request_is_answered_with_a_pass_through_plan()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/dbs/{emulator.DatabaseName}/colls/{CosmosLayout.Submissions}/docs")
        {
            Content = new StringContent("""{"query":"SELECT * FROM c ORDER BY c.id"}""", Encoding.UTF8, "application/query+json"),
        };
        request.Headers.Add("x-ms-documentdb-isquery", "True");
        request.Headers.Add("x-ms-cosmos-is-query-plan-request", "True");

        using var response = await emulator.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var plan = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(2, (int)plan["partitionedQueryExecutionInfoVersion"]!);
        Assert.Empty(plan["queryInfo"]!["orderBy"]!.AsArray());
        var range = Assert.Single(plan["queryRanges"]!.AsArray())!;
        Assert.Equal(("", "FF"), ((string?)range["min"], (string?)range["max"]));
    }

    [Fact]
    public async Task A_cross_partition_query_runs_through_the_sdk()
    {
        var marker = NewId("m");
        await Submissions.UpsertItemAsync(Item("a", "p1", marker), new PartitionKey("p1"));
        await Submissions.UpsertItemAsync(Item("b", "p2", marker), new PartitionKey("p2"));

        var found = await QueryAsync(new QueryDefinition("SELECT * FROM c WHERE c.marker = @m").WithParameter("@m", marker), partition: null);

        Assert.Equal(["a", "b"], found.Select(i => (string)i["id"]!).Order());
    }

    [Fact]
    public async Task A_query_returns_only_the_requested_partition_even_without_the_key_in_its_where_clause()
    {
        var marker = NewId("m");
        for (var i = 0; i < 3; i++)
        {
            await Submissions.UpsertItemAsync(Item($"in{i}", $"{marker}-p1", marker), new PartitionKey($"{marker}-p1"));
            await Submissions.UpsertItemAsync(Item($"out{i}", $"{marker}-p2", marker), new PartitionKey($"{marker}-p2"));
        }

        var found = await QueryAsync(new QueryDefinition("SELECT * FROM c WHERE c.marker = @m").WithParameter("@m", marker), $"{marker}-p1");

        Assert.Equal(["in0", "in1", "in2"], found.Select(i => (string)i["id"]!).Order());
    }

    [Fact]
    public async Task A_paged_single_partition_query_returns_every_item_of_the_partition_once()
    {
        var marker = NewId("m");
        for (var i = 0; i < 120; i++)
        {
            await Submissions.UpsertItemAsync(Item($"r{i:D3}", $"{marker}-p1", marker), new PartitionKey($"{marker}-p1"));
            await Submissions.UpsertItemAsync(Item($"r{i:D3}", $"{marker}-p2", marker), new PartitionKey($"{marker}-p2"));
        }

        var found = await QueryAsync(new QueryDefinition("SELECT * FROM c WHERE c.pk = @pk").WithParameter("@pk", $"{marker}-p1"),
            $"{marker}-p1", pageSize: 50);

        Assert.Equal(Enumerable.Range(0, 120).Select(i => $"r{i:D3}"), found.Select(i => (string)i["id"]!).Order());
    }

    [Fact]
    public async Task Reading_a_missing_item_answers_404()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/dbs/{emulator.DatabaseName}/colls/{CosmosLayout.Submissions}/docs/nobody");
        request.Headers.Add("x-ms-documentdb-partitionkey", """["nowhere|c1"]""");
        using var response = await emulator.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var e = await Assert.ThrowsAsync<CosmosException>(() => Submissions.ReadItemAsync<JsonObject>("nobody", new PartitionKey("nowhere|c1")));
        Assert.Equal(HttpStatusCode.NotFound, e.StatusCode);
    }

    [Fact]
    public async Task An_item_is_found_only_in_its_own_partition()
    {
        var pk = NewId("p");
        await Submissions.UpsertItemAsync(Item("r1", pk, "x"), new PartitionKey(pk));

        var found = await Submissions.ReadItemAsync<JsonObject>("r1", new PartitionKey(pk));
        var e = await Assert.ThrowsAsync<CosmosException>(() => Submissions.ReadItemAsync<JsonObject>("r1", new PartitionKey(pk + "-other")));

        Assert.Equal(pk, (string?)found.Resource["pk"]);
        Assert.Equal(HttpStatusCode.NotFound, e.StatusCode);
    }

    [Fact]
    public async Task Each_upsert_is_counted_as_exactly_one_request()
    {
        var pk = NewId("p");
        await Submissions.UpsertItemAsync(Item("warm-up", pk, "x"), new PartitionKey(pk));
        await emulator.ResetStatsAsync();

        for (var i = 0; i < 25; i++)
            await Submissions.UpsertItemAsync(Item($"r{i}", pk, "x"), new PartitionKey(pk));

        var stats = await emulator.StatsAsync();
        Assert.Equal(25, stats.Total);
        Assert.Equal(25, stats.Operation("docs.upsert"));
        Assert.Equal(25, stats.Requests["POST docs"]);
    }

    [Fact]
    public async Task Responses_keep_the_connection_alive()
    {
        using var response = await emulator.Http.GetAsync($"/dbs/{emulator.DatabaseName}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.ConnectionClose ?? false);
        Assert.Contains("keep-alive", response.Headers.Connection);
    }

    private static JsonObject Item(string id, string pk, string marker) =>
        new() { ["id"] = id, ["pk"] = pk, ["type"] = "probe", ["marker"] = marker };

    private async Task<List<JsonObject>> QueryAsync(QueryDefinition query, string? partition, int? pageSize = null)
    {
        var options = new QueryRequestOptions { MaxItemCount = pageSize };
        if (partition is not null)
            options.PartitionKey = new PartitionKey(partition);
        using var iterator = Submissions.GetItemQueryIterator<JsonObject>(query, requestOptions: options);
        var items = new List<JsonObject>();
        while (iterator.HasMoreResults)
            items.AddRange(await iterator.ReadNextAsync());
        return items;
    }
}
