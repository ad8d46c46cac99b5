using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using SurveyNetwork.Domain.Reports.Analysis;
using SurveyNetwork.Domain.Reports.Rendering;
using SurveyNetwork.Domain.Survey;
using SurveyNetwork.Functions.Queues;
using SurveyNetwork.Functions.Reports;
using SurveyNetwork.Functions.Storage.Cosmos;
using SurveyNetwork.Functions.Tests.EndToEnd;
using SurveyNetwork.Functions.Tests.Storage;
using Xunit.Abstractions;

namespace SurveyNetwork.Functions.Tests.ReportDelivery;

/// <summary>
/// Report runs fanned out over three LocalHost processes sharing one Azurite queue, one Cosmos DB
/// (emulator) and one blob container: 50 organizations' cycles are queued, one process is killed
/// while the others and it are running cycles, and in the end every cycle is published once, with
/// the bytes an independent rebuild gives, and nothing is left in the queue or its poison queue.
/// </summary>
[Collection(CosmosEmulatorCollection.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ReportQueueScaleOutTests(CosmosEmulatorFixture cosmos, AzuriteFixture azurite, ITestOutputHelper output)
    : IClassFixture<AzuriteFixture>
{
    private const int Organizations = 50;
    private const int People = 16;
    private const int KillAfterDone = 8;
    private const string CycleId = "c1";
    private const string AdminKey = "scale-out-admin-key-0123456789abcdef";
    private static readonly string[] Teams = ["t0", "t1"];

    private readonly CosmosReportStore _reports = new(cosmos.Client, new CosmosStoreOptions { Database = cosmos.DatabaseName, CreateIfMissing = true });

    [Fact]
    public async Task Three_processes_publish_every_queued_cycle_exactly_once_though_one_is_killed_mid_run()
    {
        await azurite.StartQueueServiceAsync();
        await _reports.InitializeAsync();
        var container = "scale-" + Guid.NewGuid().ToString("N")[..12];
        var environment = new Dictionary<string, string>
        {
            [Settings.StoreKind] = "cosmos",
            [Settings.CosmosEndpoint] = cosmos.Endpoint.AbsoluteUri,
            [Settings.CosmosKey] = CosmosEmulatorFixture.EmulatorKey,
            [Settings.CosmosDatabase] = cosmos.DatabaseName,
            [Settings.CosmosCreateIfMissing] = "true",
            [Settings.CosmosAllowLoopbackCertificate] = "true",
            [Settings.ReportPublisher] = "blob",
            [Settings.ReportStorageConnectionString] = azurite.ConnectionString,
            [Settings.ReportContainer] = container,
            [Settings.ReportQueueConnectionString] = azurite.QueueConnectionString,
            [Settings.AdminKey] = AdminKey,
            [Settings.ReportLeaseSeconds] = "6",
            [Settings.QueueMessageLeaseSeconds] = "5",
            ["AzureFunctionsJobHost__extensions__queues__visibilityTimeout"] = "00:00:01",
            ["AzureFunctionsJobHost__extensions__queues__maxPollingInterval"] = "00:00:01",
            ["COSMOS_DISABLE_IMDS_ACCESS"] = "true",
        };

        var orgs = Enumerable.Range(0, Organizations).Select(i => $"scale{i:D2}-{Guid.NewGuid().ToString("N")[..8]}").ToArray();
        await SeedAsync(orgs);
        var starting = Enumerable.Range(0, 3).Select(_ => LocalHostProcess.StartAsync(environment)).ToArray();
        try
        {
            await Task.WhenAll(starting);
        }
        catch (TimeoutException)
        {
            foreach (var started in starting.Where(s => s.IsCompletedSuccessfully))
                await (await started).DisposeAsync();
            throw;
        }

        var hosts = await Task.WhenAll(starting);
        try
        {
            using var http = new HttpClient();
            http.DefaultRequestHeaders.Add("x-functions-key", AdminKey);

            // Queued through all three processes' 202 route.
            var requestIds = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < orgs.Length; i++)
            {
                var accepted = await http.PostAsync($"{hosts[i % 3].BaseUrl}/api/orgs/{orgs[i]}/cycles/{CycleId}/reports", null);
                Assert.True(accepted.StatusCode == HttpStatusCode.Accepted, $"POST reports of {orgs[i]} answered {accepted.StatusCode}: {await accepted.Content.ReadAsStringAsync()}");
                requestIds[orgs[i]] = (string)(await accepted.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
            }

            var killed = hosts[0];
            var doneAtKill = await WaitForDoneAsync(orgs, requestIds, KillAfterDone, TimeSpan.FromSeconds(90), "before the kill");
            Assert.True(doneAtKill < Organizations, $"All {Organizations} cycles were done before a process could be killed; the kill proves nothing.");
            await killed.KillAsync();
            output.WriteLine($"Killed process {killed.Pid} with {doneAtKill} of {Organizations} cycles done.");

            await WaitForDoneAsync(orgs, requestIds, Organizations, TimeSpan.FromSeconds(150), "after the kill");
            var queues = new QueueServiceClient(azurite.QueueConnectionString);
            await WaitForEmptyAsync(queues, TimeSpan.FromSeconds(60));

            var retried = 0;
            foreach (var org in orgs)
            {
                var requests = await _reports.ListRequestsAsync(org, CycleId, 10);
                var request = Assert.Single(requests);
                Assert.Equal(requestIds[org], request.Id);
                Assert.Equal(ReportRequestState.Done, request.State);
                Assert.True(request.Result?.Status is CycleRunStatus.Published or CycleRunStatus.Unchanged,
                    $"{org}: the run ended {request.Result?.Status} ({request.Result?.Detail}) after {request.Attempts} attempt(s)");
                retried += request.Attempts > 1 ? 1 : 0;

                var run = await _reports.GetLastRunAsync(org, CycleId);
                Assert.NotNull(run);
                Assert.Equal(request.Result!.Fingerprint, run.Fingerprint);
                Assert.Equal([ReportScope.Organization, .. Teams], run.Outcomes.Select(o => o.Scope));
                Assert.All(run.Outcomes, o => Assert.Equal(ScopeStatus.Published, o.Status));
                Assert.Equal([ReportScope.Organization, .. Teams], await _reports.ListReportScopesAsync(org, CycleId));

                await AssertPublishedBytesAreTheRebuiltOnesAsync(org, container);
            }

            var (runs, poison) = (queues.GetQueueClient(ReportQueues.Runs), queues.GetQueueClient(ReportQueues.Poison));
            Assert.Empty((await runs.PeekMessagesAsync(32)).Value);
            Assert.Empty((await poison.PeekMessagesAsync(32)).Value);
            Assert.Equal(0, (await runs.GetPropertiesAsync()).Value.ApproximateMessagesCount);
            Assert.Equal(0, (await poison.GetPropertiesAsync()).Value.ApproximateMessagesCount);
            output.WriteLine($"{retried} cycle(s) needed a second attempt (the killed process's, or one that met its lease).");
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.DisposeAsync();
            }
        }
    }

    /// <summary>Every report file in the container has the bytes of the stored digest and of a rebuild in this process from the stored inputs.</summary>
    private async Task AssertPublishedBytesAreTheRebuiltOnesAsync(string org, string container)
    {
        var cycle = (await cosmos.Store.GetCycleAsync(org, CycleId))!;
        var inputs = (await ReportInputsReader.ReadAsync(cosmos.Store, cycle, roster: null, requireSubmissions: true, CancellationToken.None))!;
        var analysis = ReportBuilder.Analyze(inputs);
        var organization = ReportBuilder.BuildOrganization(analysis);
        var rebuilt = new Dictionary<string, byte[][]>(StringComparer.Ordinal)
        {
            [ReportScope.Organization] = [ReportFormats.Json(organization), ReportFormats.Html(organization), ReportFormats.GraphMl(organization),
                ReportFormats.CsvEdges(organization), ReportFormats.CsvPeople(organization)],
        };
        foreach (var teamId in Teams)
        {
            var team = ReportBuilder.BuildTeam(analysis, teamId);
            rebuilt[teamId] = [ReportFormats.Json(team), ReportFormats.Html(team), ReportFormats.GraphMl(team), ReportFormats.CsvEdges(team), ReportFormats.CsvPeople(team)];
        }

        var blobs = azurite.Container(container);
        foreach (var (scope, files) in rebuilt)
        {
            var stored = (await _reports.GetReportAsync(org, CycleId, scope))!;
            for (var f = 0; f < ReportFormat.All.Count; f++)
            {
                var format = ReportFormat.All[f];
                var published = (await blobs.GetBlobClient(ReportPaths.Relative(org, CycleId, scope, format)).DownloadContentAsync()).Value.Content.ToArray();
                Assert.True(files[f].AsSpan().SequenceEqual(published), $"{org}/{scope}/report.{format}: the published bytes differ from a rebuild");
                Assert.Equal(stored.Contents.Single(c => c.Format == format).Sha256, Convert.ToHexStringLower(SHA256.HashData(published)));
            }
        }
    }

    /// <summary>Rosters of two teams, a closed cycle and everyone's answers, written to the shared Cosmos database.</summary>
    private async Task SeedAsync(string[] orgs)
    {
        await Parallel.ForEachAsync(orgs, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (org, ct) =>
        {
            var roster = StoreTestData.Roster(org, People, teams: Teams.Length);
            roster = roster with
            {
                Teams = roster.Teams.Select(t => t with { ReportRecipients = null, WebhookUrl = null }).ToList(),
                People = roster.People.Select(p => p with { Active = true }).ToList(),
            };
            await cosmos.Store.ReplaceRosterAsync(roster, ct);
            await cosmos.Store.CreateCycleAsync(StoreTestData.Cycle(org, CycleId), ct);
            for (var i = 0; i < People; i++)
            {
                var contacts = new[] { 1, 2, 5 }.Select(step => new ContactAnswer
                {
                    PersonId = $"p{(i + step) % People:D6}",
                    Frequency = (Frequency)(1 + (i + step) % 4),
                    Benefits = [Benefit.Solutions],
                    Personal = step == 1,
                    GiveBack = (GiveBack)(i % 4),
                }).ToList();
                await cosmos.Store.UpsertSubmissionAsync(StoreTestData.Submission(org, CycleId, $"p{i:D6}") with { Contacts = contacts }, ct);
            }
        });
    }

    /// <summary>Waits until at least <paramref name="count"/> requests are done; returns how many were.</summary>
    private async Task<int> WaitForDoneAsync(string[] orgs, Dictionary<string, string> requestIds, int count, TimeSpan bound, string when)
    {
        var stopwatch = Stopwatch.StartNew();
        var states = new Dictionary<ReportRequestState, int>();
        while (stopwatch.Elapsed < bound)
        {
            var requests = await Task.WhenAll(orgs.Select(o => _reports.GetRequestAsync(o, CycleId, requestIds[o])));
            states = requests.GroupBy(r => r?.State ?? ReportRequestState.Queued).ToDictionary(g => g.Key, g => g.Count());
            var done = states.GetValueOrDefault(ReportRequestState.Done);
            if (done >= count || states.GetValueOrDefault(ReportRequestState.Failed) > 0)
            {
                Assert.True(states.GetValueOrDefault(ReportRequestState.Failed) == 0, $"A request failed {when}: {Describe(states)}");
                return done;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Fewer than {count} of {orgs.Length} cycles were done {when} within {bound.TotalSeconds} s: {Describe(states)}");
    }

    private static async Task WaitForEmptyAsync(QueueServiceClient queues, TimeSpan bound)
    {
        var stopwatch = Stopwatch.StartNew();
        int runs = -1, poison = -1;
        while (stopwatch.Elapsed < bound)
        {
            runs = (await queues.GetQueueClient(ReportQueues.Runs).GetPropertiesAsync()).Value.ApproximateMessagesCount;
            poison = (await queues.GetQueueClient(ReportQueues.Poison).GetPropertiesAsync()).Value.ApproximateMessagesCount;
            if (runs == 0 && poison == 0)
                return;
            await Task.Delay(200);
        }

        throw new TimeoutException($"The queues were not empty within {bound.TotalSeconds} s after every cycle was done: {runs} in {ReportQueues.Runs}, {poison} in {ReportQueues.Poison}.");
    }

    private static string Describe(Dictionary<ReportRequestState, int> states) =>
        string.Join(", ", states.OrderBy(s => s.Key).Select(s => $"{s.Value} {s.Key}"));
}
