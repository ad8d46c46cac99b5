using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SurveyNetwork.Functions.Queues;
using SurveyNetwork.Functions.Reports;
using SurveyNetwork.Functions.Storage;
using SurveyNetwork.Functions.Tests.EndToEnd;

namespace SurveyNetwork.Functions.Tests.ReportDelivery;

/// <summary>
/// Report runs through LocalHost's embedded queue: 202 Accepted with a status route, one pending
/// request per cycle, retries up to maxDequeueCount then the poison queue, and a given-up run in the history.
/// </summary>
public sealed class ReportQueueTests : IAsyncLifetime
{
    private LocalHostServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await LocalHostServer.StartAsync(new Dictionary<string, string?>
        {
            ["AzureFunctionsJobHost:extensions:queues:visibilityTimeout"] = "00:00:00",
        });
        var tokens = await _server.SeedAsync();
        foreach (var (person, contact) in new[] { ("p1", "p2"), ("p2", "p3"), ("p3", "p4"), ("p4", "p1") })
        {
            var answer = new { contacts = new[] { new { personId = contact, frequency = "weekly", benefits = new[] { "solutions" }, personal = false, giveBack = "rarely" } } };
            (await _server.AsRespondentAsync(HttpMethod.Put, "survey/response", tokens[person], answer)).EnsureSuccessStatusCode();
        }
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private IQueueBackend Queue => _server.Services.GetRequiredService<IQueueBackend>();

    [Fact]
    public async Task Post_answers_202_with_a_status_route_that_goes_from_queued_to_done()
    {
        var accepted = await _server.AdminAsync(HttpMethod.Post, "orgs/acme/cycles/c1/reports");

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.NotNull(accepted.Headers.RetryAfter);
        var queued = (await accepted.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("admin", (string?)queued["origin"]);
        Assert.Equal($"/api/orgs/acme/cycles/c1/runs/{(string?)queued["id"]}", accepted.Headers.Location!.OriginalString);

        var done = await _server.RequestReportsAsync("orgs/acme/cycles/c1/reports?force=true");
        Assert.Equal("done", (string?)done["state"]);
        Assert.Equal("published", (string?)done["result"]!["status"]);
        Assert.Equal(1, (int?)done["attempts"]);
        Assert.Equal(0, await Queue.CountAsync(ReportQueues.Runs));
    }

    [Fact]
    public async Task The_status_route_refuses_unknown_and_malformed_run_ids()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await _server.AdminAsync(HttpMethod.Get, "orgs/acme/cycles/c1/runs/nosuchrun")).StatusCode);
        var bad = await _server.AdminAsync(HttpMethod.Get, "orgs/acme/cycles/c1/runs/_bad");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("runId", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _server.Client.GetAsync("orgs/acme/cycles/c1/runs/nosuchrun")).StatusCode);
    }

    [Fact]
    public async Task A_cycle_is_queued_once_while_its_request_is_pending()
    {
        var requests = _server.Services.GetRequiredService<ReportRequests>();
        var store = _server.Services.GetRequiredService<IReportStore>();
        // A pending request that no worker can see yet (queued in the store only).
        var now = DateTimeOffset.UtcNow;
        var pending = new ReportRequest { Id = ReportRequest.NewId(now), OrgId = "acme", CycleId = "c1", Origin = ReportRequest.Scheduled, State = ReportRequestState.Queued, QueuedAt = now };
        Assert.Null(await store.TryAddPendingRequestAsync(pending, now - ReportRequests.PendingStaleAfter));

        var again = await requests.RequestAsync("acme", "c1", force: false, ReportRequest.Scheduled);
        var viaHttp = await _server.AdminAsync(HttpMethod.Post, "orgs/acme/cycles/c1/reports");

        Assert.False(again.Added);
        Assert.Equal(pending.Id, again.Request.Id);
        Assert.Equal(HttpStatusCode.Accepted, viaHttp.StatusCode);
        Assert.EndsWith("/runs/" + pending.Id, viaHttp.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(0, await Queue.CountAsync(ReportQueues.Runs));

        // A stale pending request no longer blocks.
        var later = await store.TryAddPendingRequestAsync(pending with { Id = ReportRequest.NewId(now.AddHours(3)), QueuedAt = now.AddHours(3) }, now.AddHours(1));
        Assert.Null(later);
    }

    [Fact]
    public async Task A_message_that_always_fails_is_tried_max_dequeue_count_times_then_moved_to_the_poison_queue()
    {
        // Not a report request: the queue function throws each time; the poison function throws too, so it ends one queue further.
        await Queue.SendAsync(ReportQueues.Runs, "not a request");

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await Queue.CountAsync(ReportQueues.Poison + "-poison") == 0 && DateTime.UtcNow < deadline)
            await Task.Delay(100);

        Assert.Equal(0, await Queue.CountAsync(ReportQueues.Runs));
        Assert.Equal(0, await Queue.CountAsync(ReportQueues.Poison));
        var dead = Assert.Single(await Queue.ReceiveAsync(ReportQueues.Poison + "-poison", 10, TimeSpan.FromMinutes(1)));
        Assert.Equal("not a request", dead.Body);
    }

    [Fact]
    public async Task A_run_given_up_in_the_poison_queue_is_recorded_as_failed_in_the_run_history()
    {
        var store = _server.Services.GetRequiredService<IReportStore>();
        var now = DateTimeOffset.UtcNow;
        var request = new ReportRequest
        {
            Id = ReportRequest.NewId(now), OrgId = "acme", CycleId = "c1", Origin = ReportRequest.Admin, State = ReportRequestState.Queued,
            QueuedAt = now, Attempts = 5, Error = "StoreUnavailableException: the store was down",
        };
        Assert.Null(await store.TryAddPendingRequestAsync(request, now - ReportRequests.PendingStaleAfter));

        // What the host does after the fifth failed attempt: the same message, in the poison queue.
        await Queue.SendAsync(ReportQueues.Poison, ReportRequests.Serialize(request));

        JsonObject status;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        do
        {
            await Task.Delay(50);
            status = (await (await _server.AdminAsync(HttpMethod.Get, $"orgs/acme/cycles/c1/runs/{request.Id}")).Content.ReadFromJsonAsync<JsonObject>())!;
        }
        while ((string?)status["state"] != "failed" && DateTime.UtcNow < deadline);

        Assert.Equal("failed", (string?)status["state"]);
        Assert.Equal("Gave up after 5 attempt(s): StoreUnavailableException: the store was down", (string?)status["error"]);
        var history = (await (await _server.AdminAsync(HttpMethod.Get, "orgs/acme/cycles/c1/runs")).Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("failed", (string?)history["requests"]![0]!["state"]);
        Assert.Equal(0, await Queue.CountAsync(ReportQueues.Poison));

        // The cycle is no longer pending: a new request is queued and runs.
        var next = await _server.RequestReportsAsync("orgs/acme/cycles/c1/reports");
        Assert.NotEqual(request.Id, (string?)next["id"]);
        Assert.Equal("done", (string?)next["state"]);
    }
}
