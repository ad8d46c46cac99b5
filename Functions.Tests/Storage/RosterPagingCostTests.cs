using Microsoft.Azure.Cosmos;
using SurveyNetwork.Functions.App;
using SurveyNetwork.Functions.Storage.Cosmos;
using Xunit.Abstractions;

namespace SurveyNetwork.Functions.Tests.Storage;

/// <summary>
/// Paging through a 100,000-person roster on Cosmos DB reads the roster's documents once, not once per
/// page: the pages come from the roster cache. Counted on the wire with a request handler.
/// </summary>
[Collection(CosmosEmulatorCollection.Name)]
public sealed class RosterPagingCostTests(CosmosEmulatorFixture emulator, ITestOutputHelper output)
{
    private const int People = 100_000;
    private const int Pages = 5;
    private const int PageSize = 500;

    [Fact]
    public async Task Walking_pages_of_a_100000_person_roster_costs_one_roster_read_not_one_per_page()
    {
        var counter = new Counter();
        var options = CosmosClientFactory.CreateOptions(emulator.Endpoint, allowLoopbackCertificate: true);
        options.CustomHandlers.Add(counter);
        using var client = new CosmosClient(emulator.Endpoint.AbsoluteUri, CosmosEmulatorFixture.EmulatorKey, options);
        var store = new CosmosSurveyStore(client, new CosmosStoreOptions { Database = emulator.DatabaseName });
        var org = "paging-" + Guid.NewGuid().ToString("N")[..8];
        await store.ReplaceRosterAsync(StoreTestData.Roster(org, People));

        // One whole-roster read: what every page used to cost.
        counter.Reset();
        Assert.Equal(People, (await store.GetRosterAsync(org))!.People.Count);
        var oneRead = counter.Snapshot();

        counter.Reset();
        var administration = new Administration(store, null!, new RosterCycleCache(store, TimeProvider.System), TimeProvider.System);
        string? after = null;
        var seen = new List<string>();
        for (var i = 0; i < Pages; i++)
        {
            var page = await administration.RosterPageAsync(org, null, after, PageSize, CancellationToken.None);
            Assert.True(page.Succeeded);
            Assert.Equal(People, page.Value.Matching);
            Assert.Equal(PageSize, page.Value.People.Count);
            seen.AddRange(page.Value.People.Select(p => p.Id));
            after = page.Value.NextAfter;
        }

        var paging = counter.Snapshot();
        output.WriteLine($"one roster read: {oneRead}");
        output.WriteLine($"{Pages} pages of {PageSize}: {paging} (before the cache: {Pages} x one roster read)");

        Assert.Equal(seen.Order(StringComparer.Ordinal), seen);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.True(oneRead.Requests >= 2, oneRead.ToString());
        Assert.Equal(oneRead.Requests, paging.Requests);
        Assert.Equal(oneRead.Bytes, paging.Bytes);
    }

    /// <summary>Requests, response bytes and request units the client saw.</summary>
    private sealed class Counter : RequestHandler
    {
        private long _requests;
        private long _bytes;
        private double _charge;

        public void Reset()
        {
            Interlocked.Exchange(ref _requests, 0);
            Interlocked.Exchange(ref _bytes, 0);
            lock (this)
            {
                _charge = 0;
            }
        }

        public Usage Snapshot()
        {
            lock (this)
            {
                return new Usage(Interlocked.Read(ref _requests), Interlocked.Read(ref _bytes), _charge);
            }
        }

        public override async Task<ResponseMessage> SendAsync(RequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            Interlocked.Increment(ref _requests);
            if (response.Content is { CanSeek: true } content)
            {
                Interlocked.Add(ref _bytes, content.Length);
            }

            lock (this)
            {
                _charge += response.Headers.RequestCharge;
            }

            return response;
        }
    }

    private sealed record Usage(long Requests, long Bytes, double RequestCharge)
    {
        public override string ToString() => $"{Requests} requests, {Bytes:N0} response bytes, {RequestCharge:0.##} RU";
    }
}
