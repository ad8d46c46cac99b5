using System.Text.Json.Nodes;
using Microsoft.Azure.Cosmos;
using SurveyNetwork.Functions.Reports;
using SurveyNetwork.Functions.Storage;
using SurveyNetwork.Functions.Storage.Cosmos;
using SurveyNetwork.Functions.Tests.Storage;
using static SurveyNetwork.Functions.Tests.Storage.StoreTestData;

namespace SurveyNetwork.Functions.Tests.ReportDelivery;

/// <summary>The report store contract through the Cosmos DB wire protocol (the loopback emulator).</summary>
[Collection(CosmosEmulatorCollection.Name)]
public sealed class CosmosReportStoreTests(CosmosEmulatorFixture emulator) : ReportStoreContract, IAsyncLifetime
{
    private readonly CosmosReportStore _store = new(emulator.Client,
        new CosmosStoreOptions { Database = emulator.DatabaseName, CreateIfMissing = true });

    protected override IReportStore Store => _store;

    public Task InitializeAsync() => _store.InitializeAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_cycles_reports_run_and_lease_are_items_of_one_partition()
    {
        var org = NewId("org");
        await _store.SaveReportAsync(Report(org, "c1", "eng"));
        await _store.SaveReportAsync(Report(org, "c1", "eng", "B"));
        await _store.SaveReportAsync(Report(org, "c1", ReportScope.Organization));
        await _store.SaveRunAsync(Run(org, "c1", "fp"));
        await _store.TryAcquireLeaseAsync(org, "c1", TimeSpan.FromMinutes(1), Now);

        var items = await PartitionAsync($"{org}|c1");

        Assert.Equal(["lease", "report:_organization", "report:eng", "run"], items.Select(i => (string)i["id"]!).Order(StringComparer.Ordinal));
        Assert.All(items, i => Assert.Equal($"{org}|c1", (string?)i["pk"]));
        var report = items.Single(i => (string?)i["id"] == "report:eng");
        Assert.Equal(("report", "eng"), ((string?)report["type"], (string?)report["scope"]));
        Assert.Equal(ReportFormat.All, report["body"]!.AsObject().Select(kv => kv.Key));
    }

    [Fact]
    public async Task Contents_beyond_the_item_budget_keep_only_their_digest()
    {
        var org = NewId("org");
        var random = new Random(7);
        var noise = new byte[CosmosReportStore.InlineBudgetBytes]; // incompressible: too large even gzipped
        random.NextBytes(noise);
        var small = Report(org, "c1", "eng");
        var report = small with
        {
            Contents = [small.Contents[0], ReportContent.Of(ReportFormat.Html, noise), .. small.Contents.Skip(2)],
        };

        await _store.SaveReportAsync(report);

        var stored = (await _store.GetReportAsync(org, "c1", "eng"))!;
        Assert.Equal(report.Contents.Select(c => (c.Format, c.Length, c.Sha256)), stored.Contents.Select(c => (c.Format, c.Length, c.Sha256)));
        Assert.Null(stored.Content(ReportFormat.Html)!.Bytes);
        Assert.Equal(report.Content(ReportFormat.Json)!.Bytes, stored.Content(ReportFormat.Json)!.Bytes);
        Assert.Equal(report.Content(ReportFormat.Csv)!.Bytes, stored.Content(ReportFormat.Csv)!.Bytes);
    }

    [Fact]
    public async Task Reading_and_listing_use_point_reads_and_one_query_without_a_query_plan()
    {
        var org = NewId("org");
        await _store.SaveReportAsync(Report(org, "c1", "eng"));
        await _store.ListReportScopesAsync(org, "c0"); // warm-up: container metadata is cached after this
        await emulator.ResetStatsAsync();

        await _store.GetReportAsync(org, "c1", "eng");
        await _store.GetLastRunAsync(org, "c1");
        await _store.ListReportScopesAsync(org, "c1");

        var stats = await emulator.StatsAsync();
        Assert.True(stats.Total == 3 && stats.Operation("docs.read") == 2 && stats.Operation("docs.query") == 1, stats.ToString());
    }

    private async Task<List<JsonObject>> PartitionAsync(string pk)
    {
        var query = new QueryDefinition("SELECT * FROM c WHERE c.pk = @pk").WithParameter("@pk", pk);
        using var iterator = emulator.Container(CosmosLayout.Reports).GetItemQueryIterator<JsonObject>(query,
            requestOptions: new QueryRequestOptions { PartitionKey = new PartitionKey(pk) });
        var items = new List<JsonObject>();
        while (iterator.HasMoreResults)
            items.AddRange(await iterator.ReadNextAsync());
        return items;
    }
}
