using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cronos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SurveyNetwork.Functions.Hosting;
using SurveyNetwork.Functions.Reports;
using SurveyNetwork.Functions.Storage;
using SurveyNetwork.Functions.Tests.EndToEnd;
using SurveyNetwork.LocalHost;

namespace SurveyNetwork.Functions.Tests.ReportDelivery;

/// <summary>The report routes, the profile route and the timer over LocalHost (real HTTP through Kestrel, SQLite, report folder).</summary>
public sealed class ReportFunctionsTests : IAsyncLifetime
{
    private const string Csp = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'";

    private LocalHostServer _server = null!;
    private Dictionary<string, string> _tokens = null!;

    public async Task InitializeAsync()
    {
        // Profiles look at new answers on every request here (the default waits up to a minute between looks).
        _server = await LocalHostServer.StartAsync(new Dictionary<string, string?> { [Settings.ProfileRefreshSeconds] = "0" });
        _tokens = await _server.SeedAsync();
        string[][] named = [["p2", "p3"], ["p1", "p4"], ["p4", "p1"], ["p3", "p2"]];
        foreach (var (person, contacts) in new[] { "p1", "p2", "p3", "p4" }.Zip(named))
        {
            var answer = new { contacts = contacts.Select(id => new { personId = id, frequency = "weekly", benefits = new[] { "solutions" }, personal = true, giveBack = "often" }).ToArray() };
            (await _server.AsRespondentAsync(HttpMethod.Put, "survey/response", _tokens[person], answer)).EnsureSuccessStatusCode();
        }
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private string ReportFolder => Path.Combine(_server.DataFolder, "reports");

    private async Task<JsonObject> RunAsync(string query = "")
    {
        return await _server.RunReportsAsync("orgs/acme/cycles/c1/reports" + query);
    }

    [Fact]
    public async Task An_admin_runs_the_reports_and_fetches_a_teams_report_in_every_format()
    {
        var summary = await RunAsync();

        Assert.Equal("published", (string?)summary["status"]);
        var outcomes = summary["outcomes"]!.AsArray();
        Assert.Equal(["_organization", "eng", "ops"], outcomes.Select(o => (string?)o!["scope"]));
        // Both teams have fewer respondents than the threshold of five: their reports are written without figures.
        Assert.Equal(["published", "withheld", "withheld"], outcomes.Select(o => (string?)o!["status"]));
        var reportId = (string?)outcomes.Single(o => (string?)o!["scope"] == "eng")!["reportId"];

        var json = await _server.AdminAsync(HttpMethod.Get, "orgs/acme/cycles/c1/teams/eng/report");
        Assert.Equal("application/json; charset=utf-8", json.Content.Headers.ContentType!.ToString());
        var body = (await json.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(("eng", reportId), ((string?)body["teamId"], (string?)body["reportId"]));
        Assert.Equal(reportId, json.Headers.GetValues("X-Report-Id").Single());

        foreach (var (format, type) in new[] { ("json", "application/json"), ("html", "text/html"), ("graphml", "application/graphml+xml"), ("csv", "text/csv"), ("people.csv", "text/csv") })
        {
            var response = await _server.AdminAsync(HttpMethod.Get, $"orgs/acme/cycles/c1/teams/eng/report?format={format}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(type, response.Content.Headers.ContentType!.MediaType);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(ReportFolder, "acme", "c1", "eng", $"report.{format}")), await response.Content.ReadAsByteArrayAsync());
            if (format == "html")
            {
                Assert.Equal(Csp, response.Headers.GetValues("Content-Security-Policy").Single());
                Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
            }
            else if (format is "graphml" or "csv" or "people.csv")
            {
                Assert.Equal($"acme-c1-eng.{format}", response.Content.Headers.ContentDisposition!.FileName!.Trim('"'));
            }
        }

        var csv = await (await _server.AdminAsync(HttpMethod.Get, "orgs/acme/cycles/c1/teams/eng/report?format=csv")).Content.ReadAsStringAsync();
        Assert.StartsWith("source,target,", csv, StringComparison.Ordinal);
        var people = await (await _server.AdminAsync(HttpMethod.Get, "orgs/acme/cycles/c1/report?format=people.csv")).Content.ReadAsStringAsync();
        Assert.StartsWith("key,label,teamId,", people, StringComparison.Ordinal);
        var summaryPage = await _server.AdminAsync(HttpMethod.Get, "orgs/acme/cycles/c1/report?format=html");
        Assert.Equal(HttpStatusCode.OK, summaryPage.StatusCode);
        Assert.Equal(Csp, summaryPage.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task Running_again_without_changes_reports_unchanged_unless_forced()
    {
        var first = await RunAsync();

        var again = await RunAsync();
        var forced = await RunAsync("?force=true");

        Assert.Equal(("unchanged", (string?)first["fingerprint"]), ((string?)again["status"], (string?)again["fingerprint"]));
        Assert.Null(again["outcomes"]);
        Assert.Equal("published", (string?)forced["status"]);
        Assert.Equal(first["outcomes"]!.ToJsonString(), forced["outcomes"]!.ToJsonString());
    }

    [Fact]
    public async Task Bad_requests_get_problems_naming_the_field()
    {
        await RunAsync();

        await AssertProblemAsync(await _server.AdminAsync(HttpMethod.Post, "orgs/acme/cycles/c1/reports?force=maybe"), HttpStatusCode.BadRequest, "force");
        await AssertProblemAsync(await _server.AdminAsync(HttpMethod.Get, "orgs/acme/cycles/c1/teams/eng/report?format=pdf"), HttpStatusCode.BadRequest, "format");
        await AssertProblemAsync(await _server.AdminAsync(HttpMethod.Get, "orgs/acme/cycles/c1/teams/_x/report"), HttpStatusCode.BadRequest, "teamId");
        await AssertProblemAsync(await _server.AdminAsync(HttpMethod.Get, "orgs/acme/cycles/c1/teams/sales/report"), HttpStatusCode.NotFound, null);
        await AssertProblemAsync(await _server.AdminAsync(HttpMethod.Get, "orgs/acme/cycles/c9/report"), HttpStatusCode.NotFound, null);
        await AssertProblemAsync(await _server.AdminAsync(HttpMethod.Post, "orgs/acme/cycles/c9/reports"), HttpStatusCode.NotFound, null);
        await AssertProblemAsync(await _server.Client.GetAsync("orgs/acme/cycles/c1/teams/eng/report"), HttpStatusCode.Unauthorized, null);
        await AssertProblemAsync(await _server.Client.PostAsync("orgs/acme/cycles/c1/reports", null), HttpStatusCode.Unauthorized, null);
    }

    [Fact]
    public async Task A_report_kept_only_as_a_digest_is_served_from_the_published_copy_and_never_a_mismatched_one()
    {
        await RunAsync();
        var reports = _server.Services.GetRequiredService<IReportStore>();
        var stored = (await reports.GetReportAsync("acme", "c1", "ops"))!;
        await reports.SaveReportAsync(stored with { Contents = stored.Contents.Select(c => c with { Bytes = null }).ToArray() });

        var served = await _server.AdminAsync(HttpMethod.Get, "orgs/acme/cycles/c1/teams/ops/report?format=html");
        Assert.Equal(stored.Content("html")!.Bytes, await served.Content.ReadAsByteArrayAsync());

        await File.AppendAllTextAsync(Path.Combine(ReportFolder, "acme", "c1", "ops", "report.html"), "<!-- replaced -->");
        var replaced = await _server.AdminAsync(HttpMethod.Get, "orgs/acme/cycles/c1/teams/ops/report?format=html");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, replaced.StatusCode);
        Assert.True(replaced.Headers.Contains("Retry-After"));

        File.Delete(Path.Combine(ReportFolder, "acme", "c1", "ops", "report.csv"));
        Assert.Equal(HttpStatusCode.NotFound, (await _server.AdminAsync(HttpMethod.Get, "orgs/acme/cycles/c1/teams/ops/report?format=csv")).StatusCode);
    }

    [Fact]
    public async Task A_respondent_sees_their_own_profile_and_it_follows_new_answers()
    {
        var first = await _server.AsRespondentAsync(HttpMethod.Get, "survey/profile", _tokens["p2"]);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("application/json", first.Content.Headers.ContentType!.MediaType);
        var profile = (await first.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(("p2", "acme", "c1", true), ((string?)profile["personId"], (string?)profile["orgId"], (string?)profile["cycleId"], (bool?)profile["responded"]));

        var page = await _server.AsRespondentAsync(HttpMethod.Get, "survey/profile?format=html", _tokens["p2"]);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        Assert.Equal(Csp, page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Contains("Ben Okafor", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var answer = new { contacts = new[] { new { personId = "p1", frequency = "daily", benefits = new[] { "validation" }, personal = false, giveBack = "never" } } };
        (await _server.AsRespondentAsync(HttpMethod.Put, "survey/response", _tokens["p2"], answer)).EnsureSuccessStatusCode();
        var after = (await (await _server.AsRespondentAsync(HttpMethod.Get, "survey/profile", _tokens["p2"])).Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.NotEqual((string?)profile["fingerprint"], (string?)after["fingerprint"]);
    }

    [Fact]
    public async Task The_profile_needs_a_valid_token_and_a_known_format()
    {
        await AssertProblemAsync(await _server.Client.GetAsync("survey/profile"), HttpStatusCode.Unauthorized, null);
        await AssertProblemAsync(await _server.AsRespondentAsync(HttpMethod.Get, "survey/profile", _tokens["p2"] + "x"), HttpStatusCode.Unauthorized, null);
        await AssertProblemAsync(await _server.AsRespondentAsync(HttpMethod.Get, "survey/profile?format=csv", _tokens["p2"]), HttpStatusCode.BadRequest, "format");
    }

    [Fact]
    public async Task The_timer_function_publishes_the_reports_on_its_schedule()
    {
        var timer = Assert.Single(FunctionCatalog.Timers, t => t.Name == "PublishReports");

        // Two runs at once (as on two instances): one after the other, the queue function could finish
        // the first request before the second run looks, and then queuing the cycle again is right.
        await Task.WhenAll(
            TimerFunctions.RunOnceAsync(_server.Services, timer, CancellationToken.None),
            TimerFunctions.RunOnceAsync(_server.Services, timer, CancellationToken.None));

        // The timer only queued the cycle, once although it ran twice; the queue function ran it.
        JsonObject runs;
        do
        {
            await Task.Delay(50);
            runs = (await (await _server.AdminAsync(HttpMethod.Get, "orgs/acme/cycles/c1/runs")).Content.ReadFromJsonAsync<JsonObject>())!;
        }
        while (runs["requests"]!.AsArray().Any(r => (string?)r!["state"] is "queued" or "running"));
        var request = Assert.Single(runs["requests"]!.AsArray());
        Assert.Equal("schedule", (string?)request!["origin"]);
        Assert.Equal("published", (string?)request["result"]!["status"]);
        Assert.True(File.Exists(Path.Combine(ReportFolder, "acme", "c1", "eng", "report.html")));
        Assert.True(File.Exists(Path.Combine(ReportFolder, "acme", "c1", "_organization", "report.json")));
        Assert.Equal("unchanged", (string?)(await RunAsync())["status"]);
    }

    [Fact]
    public void By_default_the_timer_runs_every_monday_at_six_utc()
    {
        var defaults = new ConfigurationBuilder().AddInMemoryCollection(LocalHostApp.Defaults(Path.GetTempPath())).Build();
        var timer = Assert.Single(FunctionCatalog.Timers, t => t.Name == "PublishReports");

        var next = CronExpression.Parse(TimerFunctions.Resolve(timer.Schedule, defaults), CronFormat.IncludeSeconds).GetNextOccurrence(new DateTime(2026, 3, 4, 12, 0, 0, DateTimeKind.Utc));

        Assert.Equal(new DateTime(2026, 3, 9, 6, 0, 0, DateTimeKind.Utc), next);
        Assert.Equal(DayOfWeek.Monday, next!.Value.DayOfWeek);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? field)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal((int)status, (int?)problem["status"]);
        if (field is not null)
        {
            Assert.NotNull(problem["errors"]![field]);
        }
    }
}
