using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SurveyNetwork.Functions.Storage;
using SurveyNetwork.LocalHost;

namespace SurveyNetwork.Functions.Tests.EndToEnd;

/// <summary>
/// The LocalHost web app started in-process on a free loopback port, with its own data folder.
/// Requests go over real HTTP through Kestrel to the same function classes the Functions app runs.
/// </summary>
public sealed class LocalHostServer : IAsyncDisposable
{
    private readonly bool _ownsFolder;

    private LocalHostServer(WebApplication app, string dataFolder, bool ownsFolder)
    {
        App = app;
        DataFolder = dataFolder;
        _ownsFolder = ownsFolder;
        BaseUrl = LocalHostApp.Addresses(app)[0].TrimEnd('/');
        Client = new HttpClient { BaseAddress = new Uri(BaseUrl + "/api/") };
        AdminKey = app.Services.GetRequiredService<IConfiguration>()[Settings.AdminKey]!;
    }

    public WebApplication App { get; }
    public string DataFolder { get; }
    public string BaseUrl { get; }
    public HttpClient Client { get; }
    public string AdminKey { get; }
    public IServiceProvider Services => App.Services;
    public ISurveyStore Store => Services.GetRequiredService<ISurveyStore>();

    public static async Task<LocalHostServer> StartAsync(
        IDictionary<string, string?>? settings = null, string? dataFolder = null, Action<Microsoft.Extensions.Logging.ILoggingBuilder>? configureLogging = null, string[]? args = null)
    {
        var ownsFolder = dataFolder is null;
        dataFolder ??= Directory.CreateTempSubdirectory("surveynetwork-e2e-").FullName;
        var overrides = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["data"] = dataFolder,
            ["urls"] = "http://127.0.0.1:0",
            [Settings.ReportSchedule] = "0 0 0 1 1 *",
        };
        var app = LocalHostApp.Build(args ?? [], overrides, configureLogging);
        await app.StartAsync();
        return new LocalHostServer(app, dataFolder, ownsFolder);
    }

    public HttpRequestMessage Admin(HttpMethod method, string path, object? json = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("x-functions-key", AdminKey);
        if (json is not null)
        {
            request.Content = JsonContent.Create(json, options: Http.ApiJson.Options);
        }

        return request;
    }

    public async Task<HttpResponseMessage> AdminAsync(HttpMethod method, string path, object? json = null) =>
        await Client.SendAsync(Admin(method, path, json));

    /// <summary>
    /// Asks for a report run (<c>POST …/reports</c>, 202 Accepted) and follows its <c>Location</c> until the
    /// run is done or failed; returns the final status record (state, result, error).
    /// </summary>
    public async Task<JsonObject> RequestReportsAsync(string path, TimeSpan? timeout = null)
    {
        var accepted = await AdminAsync(HttpMethod.Post, path);
        if (accepted.StatusCode != System.Net.HttpStatusCode.Accepted)
            throw new InvalidOperationException($"POST {path} answered {(int)accepted.StatusCode}: {await accepted.Content.ReadAsStringAsync()}");
        var location = accepted.Headers.Location ?? throw new InvalidOperationException("202 without Location");
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        while (true)
        {
            var status = await Client.SendAsync(Admin(HttpMethod.Get, new Uri(new Uri(BaseUrl), location).ToString()));
            status.EnsureSuccessStatusCode();
            var record = (await status.Content.ReadFromJsonAsync<JsonObject>())!;
            if ((string?)record["state"] is "done" or "failed")
                return record;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"The report run did not finish: {record.ToJsonString()}");
            await Task.Delay(50);
        }
    }

    /// <summary>Runs the reports through the queue (<see cref="RequestReportsAsync"/>) and returns the finished run's summary.</summary>
    public async Task<JsonObject> RunReportsAsync(string path)
    {
        var record = await RequestReportsAsync(path);
        if ((string?)record["state"] != "done")
            throw new InvalidOperationException($"The report run did not succeed: {record.ToJsonString()}");
        return record["result"]!.AsObject();
    }

    public async Task<HttpResponseMessage> AdminRawAsync(HttpMethod method, string path, string body, string contentType)
    {
        var request = Admin(method, path);
        request.Content = new StringContent(body, Encoding.UTF8);
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return await Client.SendAsync(request);
    }

    public async Task<HttpResponseMessage> AsRespondentAsync(HttpMethod method, string path, string token, object? json = null, string? raw = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (json is not null)
        {
            request.Content = JsonContent.Create(json, options: Http.ApiJson.Options);
        }
        else if (raw is not null)
        {
            request.Content = new StringContent(raw, Encoding.UTF8, "application/json");
        }

        return await Client.SendAsync(request);
    }

    /// <summary>Loads the standard test roster, opens cycle "c1" and returns a token per person.</summary>
    public async Task<Dictionary<string, string>> SeedAsync(string orgId = "acme", string cycleId = "c1", JsonNode? cycle = null)
    {
        (await AdminAsync(HttpMethod.Put, $"orgs/{orgId}/roster", TestRoster)).EnsureSuccessStatusCode();
        cycle ??= JsonNode.Parse($$"""{"id":"{{cycleId}}","title":"Test","closesAt":"{{DateTimeOffset.UtcNow.AddDays(7):O}}"}""");
        (await AdminAsync(HttpMethod.Post, $"orgs/{orgId}/cycles", cycle)).EnsureSuccessStatusCode();
        var invitations = await (await AdminAsync(HttpMethod.Post, $"orgs/{orgId}/cycles/{cycleId}/invitations")).Content.ReadFromJsonAsync<JsonObject>();
        return invitations!["invitations"]!.AsArray().ToDictionary(i => i!["personId"]!.GetValue<string>(), i => i!["token"]!.GetValue<string>());
    }

    /// <summary>Five people in two teams; p5 is inactive.</summary>
    public static JsonNode TestRoster => JsonNode.Parse("""
        {"teams":[{"id":"eng","name":"Engineering"},{"id":"ops","name":"Operations"}],
         "people":[
          {"id":"p1","name":"Ana Silva","teamId":"eng","function":"Engineering","level":3,"location":"Lisbon"},
          {"id":"p2","name":"Ben Okafor","teamId":"eng","function":"Engineering","level":2,"location":"Lisbon","managerId":"p1"},
          {"id":"p3","name":"Chloé Martin","teamId":"ops","function":"Operations","level":2,"location":"Berlin","managerId":"p1"},
          {"id":"p4","name":"Dmitri Petrov","teamId":"ops","function":"Operations","level":1,"location":"Berlin","managerId":"p3"},
          {"id":"p5","name":"Eva Schmidt","teamId":"ops","function":"Operations","level":1,"location":"Berlin","managerId":"p3","active":false}]}
        """)!;

    /// <summary>Everything the store holds for an organization, serialized, to compare before and after.</summary>
    public async Task<string> SnapshotAsync(string orgId = "acme")
    {
        var roster = await Store.GetRosterAsync(orgId);
        var cycles = (await Store.ListCyclesAsync(orgId)).OrderBy(c => c.Id).Select(c => c with { ETag = null }).ToArray();
        var submissions = new List<object>();
        foreach (var c in cycles)
        {
            submissions.AddRange((await Store.ListSubmissionsAsync(orgId, c.Id)).OrderBy(s => s.RespondentId));
        }

        return JsonSerializer.Serialize(new { roster, cycles, submissions, orgs = await Store.ListOrganizationsAsync() });
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        if (_ownsFolder)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(DataFolder, recursive: true);
            }
            catch (IOException)
            {
                // A file still held by a closing process; the temp folder is cleaned by the OS.
            }
        }
    }
}
