using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SurveyNetwork.Functions.Security;

namespace SurveyNetwork.Functions.Tests.EndToEnd;

public sealed class PrivacyAndSecurityTests
{
    private static object Answer(params string[] ids) => new
    {
        contacts = ids.Select(id => new { personId = id, frequency = "weekly", benefits = Array.Empty<string>(), personal = false, giveBack = "never" }).ToArray(),
    };

    [Fact]
    public async Task Erasing_a_person_removes_their_answers_their_mentions_and_their_link()
    {
        await using var server = await LocalHostServer.StartAsync();
        var tokens = await server.SeedAsync();
        Assert.True((await server.AsRespondentAsync(HttpMethod.Put, "survey/response", tokens["p2"], Answer("p1", "p3"))).IsSuccessStatusCode);
        Assert.True((await server.AsRespondentAsync(HttpMethod.Put, "survey/response", tokens["p3"], Answer("p2", "p4"))).IsSuccessStatusCode);
        Assert.True((await server.AsRespondentAsync(HttpMethod.Put, "survey/response", tokens["p4"], Answer("p3"))).IsSuccessStatusCode);

        var response = await server.AdminAsync(HttpMethod.Delete, "orgs/acme/people/p2");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var erasure = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.True(erasure!["removedFromRoster"]!.GetValue<bool>());
        Assert.Equal(1, erasure["submissionsDeleted"]!.GetValue<int>());
        Assert.Equal(1, erasure["mentionsRemoved"]!.GetValue<int>());

        var roster = await server.Store.GetRosterAsync("acme");
        Assert.DoesNotContain(roster!.People, p => p.Id == "p2");
        var left = await server.Store.ListSubmissionsAsync("acme", "c1");
        Assert.Equal(["p3", "p4"], left.Select(s => s.RespondentId).Order());
        Assert.DoesNotContain(left.SelectMany(s => s.Contacts), c => c.PersonId == "p2");
        Assert.Equal(["p4"], left.Single(s => s.RespondentId == "p3").Contacts.Select(c => c.PersonId));

        Assert.Equal(HttpStatusCode.Unauthorized, (await server.AsRespondentAsync(HttpMethod.Get, "survey", tokens["p2"])).StatusCode);
        var again = await (await server.AdminAsync(HttpMethod.Delete, "orgs/acme/people/p2")).Content.ReadFromJsonAsync<JsonObject>();
        Assert.False(again!["removedFromRoster"]!.GetValue<bool>());
        Assert.Equal(0, again["submissionsDeleted"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_link_hammered_past_its_rate_limit_gets_429_with_retry_after()
    {
        await using var server = await LocalHostServer.StartAsync();
        var tokens = await server.SeedAsync();
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < RespondentRateLimiter.Burst + 5; i++)
        {
            var r = await server.AsRespondentAsync(HttpMethod.Get, "survey", tokens["p4"]);
            statuses.Add(r.StatusCode);
            if (r.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited ??= r;
            }
        }

        Assert.All(statuses.Take(RespondentRateLimiter.Burst), s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.NotNull(limited);
        Assert.True(int.Parse(limited!.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture) >= 1);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await server.AsRespondentAsync(HttpMethod.Get, "survey", tokens["p1"])).StatusCode); // others unaffected
    }

    [Fact]
    public async Task A_roster_over_the_size_limit_is_refused_before_anything_is_stored()
    {
        await using var server = await LocalHostServer.StartAsync();
        var people = string.Join(",", Enumerable.Range(0, Domain.Validation.RosterInput.MaxPeople + 1)
            .Select(i => $$"""{"id":"p{{i}}","name":"P","teamId":"t","function":"F","level":1,"location":"L"}"""));
        var response = await server.AdminRawAsync(HttpMethod.Put, "orgs/big/roster", $$"""{"teams":[{"id":"t","name":"T"}],"people":[{{people}}]}""", "application/json");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.True(problem!["errors"]!.AsObject().ContainsKey("people"));
        Assert.Null(await server.Store.GetRosterAsync("big"));
    }

    [Fact]
    public async Task Tokens_and_keys_never_appear_in_the_logs()
    {
        var sink = new LogSink();
        // Verbose: every log line LocalHost can write, one per request among them.
        await using var server = await LocalHostServer.StartAsync(configureLogging: logging => logging.AddProvider(sink), args: [SurveyNetwork.LocalHost.LocalHostApp.VerboseFlag]);
        var tokens = await server.SeedAsync();
        await server.AsRespondentAsync(HttpMethod.Put, "survey/response", tokens["p2"], Answer("p1"));
        await server.AsRespondentAsync(HttpMethod.Get, "survey", tokens["p2"]);
        await server.AsRespondentAsync(HttpMethod.Put, "survey/response", tokens["p3"] + "x", Answer("p1"));
        await server.AsRespondentAsync(HttpMethod.Put, "survey/response", tokens["p3"], raw: "{broken");
        await server.AdminAsync(HttpMethod.Get, "orgs/acme/cycles/c1");
        var wrongKey = new HttpRequestMessage(HttpMethod.Get, "orgs/acme/cycles/c1?code=" + server.AdminKey[..10]);
        await server.Client.SendAsync(wrongKey);

        var signingKey = server.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>()[Settings.TokenSigningKey]!;
        Assert.NotEmpty(sink.Lines);
        var secrets = tokens.Values.Append(server.AdminKey).Append(signingKey).Append(server.AdminKey[..10]).ToArray();
        foreach (var line in sink.Lines)
        {
            foreach (var secret in secrets)
            {
                Assert.DoesNotContain(secret, line);
            }

            Assert.DoesNotContain("Ana Silva", line); // answer contents and names stay out of logs too
        }
    }

    [Fact]
    public async Task The_start_banner_shows_the_admin_key_on_a_terminal_only()
    {
        await using var server = await LocalHostServer.StartAsync();
        var config = server.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>();

        var onTerminal = string.Join("\n", SurveyNetwork.LocalHost.LocalHostApp.StartBanner(config, server.BaseUrl, toTerminal: true));
        var redirected = string.Join("\n", SurveyNetwork.LocalHost.LocalHostApp.StartBanner(config, server.BaseUrl, toTerminal: false));

        Assert.Contains(server.AdminKey, onTerminal);
        Assert.Contains(server.BaseUrl + "/api", redirected);
        Assert.DoesNotContain(server.AdminKey, redirected);
        Assert.Contains(Path.Combine(server.DataFolder, "local-secrets.json"), redirected);
        Assert.Equal(server.AdminKey, System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(server.DataFolder, "local-secrets.json"))).RootElement.GetProperty(Settings.AdminKey).GetString());
    }

    [Fact]
    public async Task A_redirected_start_banner_names_the_setting_when_the_key_comes_from_the_environment()
    {
        await using var server = await LocalHostServer.StartAsync(new Dictionary<string, string?> { [Settings.AdminKey] = "admin-key-from-settings-0123456789" });
        var config = server.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>();

        var redirected = string.Join("\n", SurveyNetwork.LocalHost.LocalHostApp.StartBanner(config, server.BaseUrl, toTerminal: false));

        Assert.DoesNotContain("admin-key-from-settings-0123456789", redirected);
        Assert.DoesNotContain("local-secrets.json", redirected);
        Assert.Contains($"the {Settings.AdminKey} setting", redirected);
    }

    private sealed class LogSink : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(LogSink sink, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                sink.Lines.Enqueue($"{category} {logLevel} {formatter(state, exception)} {exception}");
        }
    }
}
