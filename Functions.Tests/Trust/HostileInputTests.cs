using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using SurveyNetwork.Functions.Hosting;
using SurveyNetwork.Functions.Tests.EndToEnd;
using Xunit.Abstractions;

namespace SurveyNetwork.Functions.Tests.Trust;

/// <summary>
/// Thousands of generated and mutated requests to every HTTP function (JSON and CSV bodies,
/// bodies up to and past the size limits, deep nesting, invalid UTF-8, numbers no type holds,
/// hostile route values, tokens and headers). Whatever arrives: never a 5xx, nothing logged as an
/// unhandled error, every 4xx a problem+json that leaves the store as it was, and the service
/// still answers afterwards. Seeded, so a failure replays; the failing request is printed.
/// </summary>
public sealed class HostileInputTests(ITestOutputHelper output) : IAsyncLifetime, IDisposable
{
    private const int Seed = 20_261_103;
    private const int People = 300;

    private readonly ErrorLog _errors = new();
    private LocalHostServer _server = null!;
    private string[] _tokens = [];
    private int _nextToken;
    private int _sent;
    private string _baseRoster = "";

    /// <summary>One request: what it is (for the failure message), where and what it sends.</summary>
    private sealed record Case(string What, HttpMethod Method, string Path, byte[]? Body, string? ContentType, bool Admin = true, string? Bearer = null, bool Chunked = false);

    private sealed record Outcome(Case Case, int Status, string? MediaType, string Body);

    public async Task InitializeAsync()
    {
        _server = await LocalHostServer.StartAsync(configureLogging: logging =>
        {
            logging.ClearProviders(); // per-request console lines would measure the console
            logging.AddProvider(_errors);
        });
        _baseRoster = TrustData.Roster(People).ToJsonString();
        var tokens = await TrustData.SeedAsync(_server, People);
        _tokens = [.. tokens.OrderBy(t => t.Key).Select(t => t.Value)];
        (await _server.AdminAsync(HttpMethod.Post, "orgs/acme/cycles", new JsonObject
        {
            ["id"] = "spare", ["title"] = "Spare", ["closesAt"] = DateTimeOffset.UtcNow.AddDays(3),
            ["options"] = new JsonObject { ["askEnergy"] = true, ["maxContacts"] = 5 },
        })).EnsureSuccessStatusCode();
        for (var i = 0; i < 20; i++)
        {
            (await _server.AsRespondentAsync(HttpMethod.Put, "survey/response", _tokens[i], TrustData.Answer(i, People, i))).EnsureSuccessStatusCode();
        }
    }

    public async Task DisposeAsync()
    {
        output.WriteLine($"{_sent:N0} requests sent");
        await _server.DisposeAsync();
    }

    public void Dispose() => _errors.Dispose();

    [Fact]
    public async Task Mutated_json_and_csv_bodies_on_every_route_get_no_5xx_and_no_4xx_changes_the_store()
    {
        var input = new HostileInput(new Random(Seed));
        var routes = FunctionCatalog.Http;
        var cases = new List<Case>();
        foreach (var route in routes)
        {
            var withBody = ValidBodies(route.Route, 0) != (null, null);
            for (var i = 0; i < (withBody ? 450 : 60); i++)
            {
                cases.Add(CaseFor(route, input, i));
            }
        }

        input.Pick(cases); // keep the generator's sequence independent of ordering below
        var outcomes = await RunAsync(cases);

        output.WriteLine($"{outcomes.Count:N0} requests: " + string.Join(", ", outcomes.GroupBy(o => o.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count():N0}")));
        foreach (var route in routes)
        {
            var prefix = "/" + route.Route.Split('{')[0];
            Assert.True(outcomes.Count(o => o.Case.What.StartsWith(route.Name, StringComparison.Ordinal)) >= 50, $"{route.Name} was barely exercised");
        }

        Assert.True(outcomes.Count >= 2_000, $"only {outcomes.Count} requests");
        Assert.Contains(outcomes, o => o.Status is >= 400 and < 500);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task Cycles_created_from_mutated_bodies_go_through_every_cycle_route_without_a_5xx()
    {
        // Values accepted at creation are used later (link expiry, status, imports): follow each accepted cycle through.
        var input = new HostileInput(new Random(Seed + 2));
        var cases = new List<Case>();
        var created = 0;
        for (var i = 0; i < 300; i++)
        {
            var (json, _) = ValidBodies("orgs/{orgId}/cycles", i);
            var body = input.Chance(0.2) ? input.MutateJson(json!) : input.MutateValue(json!);
            var outcome = (await RunAsync([new Case($"CreateCycle #{i}", HttpMethod.Post, "orgs/acme/cycles", body, "application/json")]))[0];
            if (outcome.Status != 201)
            {
                continue;
            }

            created++;
            var id = JsonNode.Parse(outcome.Body)!["id"]!.GetValue<string>();
            var (import, _) = ValidBodies("orgs/{orgId}/cycles/{cycleId}/responses", i);
            var follow = await RunAsync(
            [
                new($"GetCycle {id}", HttpMethod.Get, $"orgs/acme/cycles/{id}", null, null),
                new($"IssueInvitations {id}", HttpMethod.Post, $"orgs/acme/cycles/{id}/invitations", null, null),
                new($"ImportResponses {id}", HttpMethod.Post, $"orgs/acme/cycles/{id}/responses", Encoding.UTF8.GetBytes(import!), "application/json"),
            ]);
            if (follow[1].Status == 200 && JsonNode.Parse(follow[1].Body)?["invitations"]?.AsArray() is [{ } first, ..])
            {
                var token = first["token"]!.GetValue<string>();
                await RunAsync(
                [
                    new($"GetSurvey {id}", HttpMethod.Get, "survey", null, null, Admin: false, Bearer: token),
                    new($"SubmitSurvey {id}", HttpMethod.Put, "survey/response", Encoding.UTF8.GetBytes(TrustData.Answer(0, People, i).ToJsonString()), "application/json", Admin: false, Bearer: token),
                ]);
            }

            await RunAsync([new($"CloseCycle {id}", HttpMethod.Post, $"orgs/acme/cycles/{id}/close", null, null)]);
        }

        Assert.True(created >= 20, $"only {created} mutated cycles were accepted");
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task Bodies_at_and_past_the_size_limits_are_refused_with_413_before_anything_is_stored()
    {
        var small = Http.RequestReader.SmallBodyLimit;
        var large = Http.RequestReader.LargeBodyLimit;
        string Padded(int size) => "{\"contacts\":[],\"pad\":\"" + new string('x', size - 24) + "\"}";
        var cases = new List<Case>
        {
            Respondent("survey at the limit", Encoding.UTF8.GetBytes(Padded(small))),
            Respondent("survey one byte past the limit", Encoding.UTF8.GetBytes(Padded(small + 1))),
            Respondent("survey past the limit, chunked", Encoding.UTF8.GetBytes(Padded(small * 2))) with { Chunked = true },
            Respondent("survey 4 MB of spaces, chunked", Encoding.UTF8.GetBytes(new string(' ', 4 << 20) + "{}")) with { Chunked = true },
            new("roster one byte past the large limit", HttpMethod.Put, "orgs/acme/roster", Encoding.UTF8.GetBytes(new string(' ', large + 1)), "application/json"),
            new("roster CSV past the large limit, chunked", HttpMethod.Put, "orgs/acme/roster", Encoding.UTF8.GetBytes("id,name\n" + new string('x', large)), "text/csv", Chunked: true),
            new("import past the large limit", HttpMethod.Post, "orgs/acme/cycles/c1/responses", Encoding.UTF8.GetBytes(new string('[', large + 1)), "application/json"),
            new("cycle past the small limit", HttpMethod.Post, "orgs/acme/cycles", Encoding.UTF8.GetBytes(Padded(small + 10)), "application/json"),
        };

        var outcomes = await RunAsync(cases);

        Assert.Equal(400, outcomes[0].Status); // at the limit it is read, then refused for its unknown field
        Assert.All(outcomes.Skip(1), o => Assert.True(o.Status == 413, $"{o.Case.What}: {o.Status} {o.Body}"));
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task Hostile_route_values_tokens_keys_and_content_types_get_no_5xx_and_change_nothing()
    {
        var input = new HostileInput(new Random(Seed + 1));
        string[] ids = ["acme", "c1", "x", "..", "%2e%2e", "a%2Fb", "%00", "%C3%BC", "%F0%9F%98%80", "%20acme", "acme%20", "-x", "_",
            new string('a', 64), new string('a', 65), new string('9', 300), "%FF%FE", "con", "nul", "%252e", "%5C"];
        string[] contentTypes = ["application/json", "application/json; charset=utf-16", "text/csv", "text/plain", "multipart/form-data; boundary=x",
            "application/x-www-form-urlencoded", "application/json;;;", "*/*", "", "application/problem+json", "TEXT/CSV", "application/jsonx"];
        var cases = new List<Case>();
        for (var i = 0; i < 400; i++)
        {
            var org = input.Chance(0.5) ? "acme" : input.Pick(ids);
            var cycle = input.Chance(0.5) ? input.Pick(new[] { "c1", "spare" }) : input.Pick(ids);
            var (method, path) = input.Pick(new (HttpMethod, string)[]
            {
                (HttpMethod.Get, $"orgs/{org}/cycles/{cycle}"), (HttpMethod.Post, $"orgs/{org}/cycles/{cycle}/invitations"),
                (HttpMethod.Post, $"orgs/{org}/cycles/{cycle}/responses"), (HttpMethod.Delete, $"orgs/{org}/people/{input.Pick(ids)}"),
                (HttpMethod.Put, $"orgs/{org}/roster"), (HttpMethod.Post, $"orgs/{org}/cycles"), (HttpMethod.Get, $"survey/assets/{input.Pick(ids)}"),
            });
            var body = input.Chance(0.3) ? null : input.Chance(0.5) ? input.Garbage() : Encoding.UTF8.GetBytes("{}");
            cases.Add(new Case($"route {method} {path}", method, path, body, input.Pick(contentTypes) is { Length: > 0 } ct ? ct : null, Admin: input.Chance(0.8)));
        }

        var valid = _tokens[0];
        string[] badTokens =
        [
            "", " ", valid[..^1], valid[1..], valid + "x", valid[..5] + (valid[5] == 'A' ? 'B' : 'A') + valid[6..], valid.ToUpperInvariant(), valid[..(valid.Length / 2)], "." + valid,
            valid[..(valid.Length / 2)] + _tokens[1][(_tokens[1].Length / 2)..], new string('A', 5_000) + "." + new string('B', 5_000), "a.b.c", "%%%.%%%", "%F0%9F%98%80.x",
            Convert.ToBase64String(Encoding.UTF8.GetBytes("sn1\nkid\nacme\nc1\nr0001\n99999999999\nnonce")) + ".AAAA",
        ];
        for (var i = 0; i < 300; i++)
        {
            var token = input.Pick(badTokens);
            cases.Add(i % 2 == 0
                ? new Case("token GET survey", HttpMethod.Get, "survey", null, null, Admin: false, Bearer: token)
                : new Case("token PUT survey", HttpMethod.Put, "survey/response", Encoding.UTF8.GetBytes(TrustData.Answer(1, People, 0).ToJsonString()),
                    "application/json", Admin: false, Bearer: token));
        }

        var outcomes = await RunAsync(cases);

        Assert.All(outcomes.Where(o => o.Case.What.StartsWith("token", StringComparison.Ordinal)), o => Assert.Equal(401, o.Status));
        await AssertStillServingAsync();
    }

    /// <summary>A generated request for <paramref name="route"/>: mostly a mutated valid body, sometimes garbage.</summary>
    private Case CaseFor(HttpFunction route, HostileInput input, int i)
    {
        var method = new HttpMethod(route.Methods[0]);
        var admin = route.Admin;
        var path = route.Route
            .Replace("{orgId}", "acme", StringComparison.Ordinal)
            // A third of the cycle routes name a cycle this run created from a mutated body (odd dates, options).
            .Replace("{cycleId}", i % 3 == 0 ? $"fuzz{i}" : route.Route.EndsWith("/close", StringComparison.Ordinal) ? "spare" : "c1", StringComparison.Ordinal)
            .Replace("{personId}", input.Chance(0.05) ? TrustData.PersonId(250 + (i % 50)) : "ghost" + i, StringComparison.Ordinal)
            .Replace("{name}", input.Pick(new[] { "survey.js", "survey.css", "survey.html", "x", "..%2Fsurvey.html" }), StringComparison.Ordinal)
            .Replace("{teamId}", input.Pick(new[] { "t1", "t29", "nope", "%2e%2e", "_organization" }), StringComparison.Ordinal);
        path = System.Text.RegularExpressions.Regex.Replace(path, "{[^}]*}", _ => input.Pick(new[] { "x", "acme", "c1", "%2e%2e" })); // a route added later
        if (input.Chance(0.2))
        {
            path += input.Pick(new[] { "?format=html", "?format=csv", "?format=graphml", "?format=xml", "?format=", "?force=true", "?force=maybe", "?v=1", "?code=x" });
        }
        var (json, csv) = ValidBodies(route.Route, i);
        byte[]? body;
        string? contentType;
        if (json is null && csv is null)
        {
            body = input.Chance(0.3) ? input.Garbage() : null;
            contentType = body is null ? null : "application/json";
        }
        else if (csv is not null && (json is null || input.Chance(0.4)))
        {
            body = input.Chance(0.1) ? input.Garbage() : input.MutateCsv(csv);
            contentType = "text/csv";
        }
        else
        {
            body = input.Chance(0.05) ? input.Garbage() : input.Chance(0.05) ? Encoding.UTF8.GetBytes(json!) : input.MutateJson(json!);
            contentType = "application/json";
        }

        var bearer = admin ? null : _tokens[Interlocked.Increment(ref _nextToken) % _tokens.Length];
        return new Case($"{route.Name} #{i}", method, path, body, contentType, admin, bearer);
    }

    /// <summary>A valid JSON and/or CSV body for a route (null when the route takes none).</summary>
    private (string? Json, string? Csv) ValidBodies(string route, int i) => route switch
    {
        "orgs/{orgId}/roster" => (_baseRoster, RosterCsv()),
        "orgs/{orgId}/cycles" => (new JsonObject
        {
            ["id"] = $"fuzz{i}", ["title"] = "Fuzz", ["opensAt"] = DateTimeOffset.UtcNow.AddDays(-1), ["closesAt"] = DateTimeOffset.UtcNow.AddDays(30),
            ["options"] = new JsonObject { ["maxContacts"] = 10, ["askEnergy"] = true, ["askPersonal"] = true, ["allowOutsideContacts"] = true },
            ["anonymityThreshold"] = 5, ["namedReports"] = false, ["previousCycleId"] = "c1",
        }.ToJsonString(), null),
        "orgs/{orgId}/cycles/{cycleId}/invitations" => (new JsonObject { ["personIds"] = new JsonArray("r0001", "r0002", "r0003") }.ToJsonString(), null),
        "orgs/{orgId}/cycles/{cycleId}/responses" => (new JsonObject
        {
            ["responses"] = new JsonArray(
                new JsonObject { ["respondentId"] = TrustData.PersonId(100 + (i % 50)), ["contacts"] = TrustData.Answer(100 + (i % 50), People, i)["contacts"]!.DeepClone() },
                new JsonObject { ["respondentId"] = TrustData.PersonId(200 + (i % 50)), ["contacts"] = new JsonArray(new JsonObject
                {
                    ["outsideKind"] = "customer", ["outsideLabel"] = "Pilot customer", ["frequency"] = "monthly", ["benefits"] = new JsonArray(),
                    ["personal"] = false, ["giveBack"] = "never",
                }) }),
        }.ToJsonString(),
            "respondentId,personId,outsideKind,outsideLabel,frequency,benefits,personal,giveBack\n" +
            $"{TrustData.PersonId(150 + (i % 50))},r0001,,,daily,solutions;validation,true,often\n" +
            $"{TrustData.PersonId(150 + (i % 50))},,supplierOrPartner,Cloud vendor,monthly,,false,never\n"),
        "survey/response" => (TrustData.Answer(i % People, People, i).ToJsonString(), null),
        _ => (null, null),
    };

    private static string RosterCsv() =>
        "id,name,teamId,teamName,function,level,location,managerId,active,performance\n" +
        string.Concat(Enumerable.Range(0, People).Select(i =>
            $"{TrustData.PersonId(i)},Person {i},t{i / 10},Team {i / 10},{(i % 2 == 0 ? "Engineering" : "Sales")},{1 + (i % 3)},Lisbon,,true,\n"));

    private Case Respondent(string what, byte[] body) =>
        new(what, HttpMethod.Put, "survey/response", body, "application/json", Admin: false, Bearer: _tokens[Interlocked.Increment(ref _nextToken) % _tokens.Length]);

    /// <summary>
    /// Sends the cases one by one. After a 2xx the store may have changed (the new state becomes the
    /// reference; a replaced roster is put back so the tokens stay valid); after a 4xx it must not have.
    /// </summary>
    private async Task<List<Outcome>> RunAsync(IReadOnlyList<Case> cases)
    {
        var outcomes = new List<Outcome>(cases.Count);
        var failures = new List<string>();
        var reference = await _server.SnapshotAsync();
        foreach (var c in cases)
        {
            var outcome = await SendAsync(c);
            outcomes.Add(outcome);
            if (outcome.Status is 0 or >= 500)
            {
                failures.Add($"{Describe(c)} → {outcome.Status} {(outcome.Body.Length > 500 ? outcome.Body[..500] : outcome.Body)}");
            }
            else if (outcome.Status >= 400)
            {
                if (outcome.Body.Length > 0 && outcome.MediaType != "application/problem+json")
                {
                    failures.Add($"{Describe(c)} → {outcome.Status} as {outcome.MediaType}, not problem+json");
                }

                if (await _server.SnapshotAsync() != reference)
                {
                    failures.Add($"{Describe(c)} → {outcome.Status} yet the store changed");
                    reference = await _server.SnapshotAsync();
                }
            }
            else if (outcome.Status is >= 200 and < 300)
            {
                if (c.Path == "orgs/acme/roster")
                {
                    (await _server.AdminRawAsync(HttpMethod.Put, "orgs/acme/roster", _baseRoster, "application/json")).EnsureSuccessStatusCode();
                }

                reference = await _server.SnapshotAsync();
            }

            if (failures.Count >= 10)
            {
                break;
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} failure(s) (seed {Seed}):\n" + string.Join("\n", failures)
            + "\nLogged errors:\n" + string.Join("\n", _errors.Lines.Take(3)));
        Assert.True(_errors.Lines.IsEmpty, "Unhandled errors were logged:\n" + string.Join("\n", _errors.Lines.Take(5)));
        return outcomes;
    }

    private async Task<Outcome> SendAsync(Case c)
    {
        using var request = new HttpRequestMessage(c.Method, c.Path);
        if (c.Admin)
        {
            request.Headers.Add("x-functions-key", _server.AdminKey);
        }

        if (c.Bearer is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + c.Bearer);
        }

        if (c.Body is not null)
        {
            // A body the server refuses unread (too large, unauthorized) is then not sent at all,
            // rather than racing the server's close of the connection.
            request.Headers.ExpectContinue = c.Body.Length > 64 * 1024;
            request.Content = c.Chunked ? new StreamContent(new UnknownLengthStream(c.Body)) : new ByteArrayContent(c.Body);
            if (c.ContentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", c.ContentType);
            }
        }

        Interlocked.Increment(ref _sent);
        HttpResponseMessage response;
        try
        {
            response = await _server.Client.SendAsync(request);
        }
        catch (HttpRequestException e)
        {
            return new Outcome(c, 0, null, e.Message);
        }

        using var _ = response;
        var body = await response.Content.ReadAsStringAsync();
        return new Outcome(c, (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body);
    }

    private static string Describe(Case c)
    {
        var body = c.Body is null ? "no body" : c.Body.Length > 300
            ? $"{c.Body.Length:N0} bytes starting {Encoding.UTF8.GetString(c.Body, 0, 300)}"
            : Encoding.UTF8.GetString(c.Body);
        return $"[{c.What}] {c.Method} /api/{c.Path} ({c.ContentType ?? "no content type"}): {body}";
    }

    private async Task AssertStillServingAsync()
    {
        Assert.Equal(HttpStatusCode.OK, (await _server.Client.GetAsync("health")).StatusCode);
        var token = _tokens[^1];
        var answer = await _server.AsRespondentAsync(HttpMethod.Put, "survey/response", token, TrustData.Answer(People - 1, People, 3));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _server.AdminAsync(HttpMethod.Get, "orgs/acme/cycles/c1")).StatusCode);
    }

    /// <summary>A body stream that does not tell its length, so the request goes out chunked.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();
    }

    /// <summary>Keeps every error or critical log line: an unhandled exception anywhere shows up here.</summary>
    private sealed class ErrorLog : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(ErrorLog log, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                {
                    log.Lines.Enqueue($"{category} {logLevel} {formatter(state, exception)} {exception}");
                }
            }
        }
    }
}
