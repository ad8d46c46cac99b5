using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace SurveyNetwork.Functions.Tests.EndToEnd;

/// <summary>
/// The whole intake flow over HTTP: roster → cycle → invitations → submit with a token → status.
/// Runs once per store (SQLite here; the Cosmos subclass runs it through the emulator).
/// </summary>
public abstract class SurveyFlowTests
{
    protected abstract Task<LocalHostServer> StartAsync(string? dataFolder = null);

    protected static object Answer(params string[] personIds) => new
    {
        contacts = personIds.Select(id => new { personId = id, frequency = "weekly", benefits = new[] { "solutions" }, personal = false, giveBack = "rarely" }).ToArray(),
    };

    [Fact]
    public async Task A_respondent_answers_with_their_link_and_the_admin_sees_the_response_rate()
    {
        await using var server = await StartAsync();
        var tokens = await server.SeedAsync();
        Assert.Equal(4, tokens.Count); // active people only

        var survey = await (await server.AsRespondentAsync(HttpMethod.Get, "survey", tokens["p2"])).Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("Ben Okafor", survey!["respondent"]!["name"]!.GetValue<string>());
        var pick = survey["roster"]!.AsArray().Select(p => p!["id"]!.GetValue<string>()).ToArray();
        Assert.Equal(["p1", "p3", "p4"], pick); // not themselves, not inactive people
        Assert.Equal(["id", "name", "team", "function"], survey["roster"]![0]!.AsObject().Select(kv => kv.Key));
        Assert.Null(survey["answer"]);

        var submit = await server.AsRespondentAsync(HttpMethod.Put, "survey/response", tokens["p2"], new
        {
            contacts = new object[]
            {
                new { personId = "p1", frequency = "daily", benefits = new[] { "solutions", "validation" }, personal = true, giveBack = "often" },
                new { outsideKind = "customer", outsideLabel = "Pilot customer", frequency = "monthly", benefits = Array.Empty<string>(), personal = false, giveBack = "never" },
            },
        });
        Assert.Equal(HttpStatusCode.OK, submit.StatusCode);

        var status = await (await server.AdminAsync(HttpMethod.Get, "orgs/acme/cycles/c1")).Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("open", status!["status"]!.GetValue<string>());
        Assert.Equal(1, status["responses"]!["respondents"]!.GetValue<int>());
        Assert.Equal(4, status["responses"]!["people"]!.GetValue<int>());
        Assert.Equal(0.25, status["responses"]!["responseRate"]!.GetValue<double>());
        var eng = status["responses"]!["teams"]!.AsArray().Single(t => t!["teamId"]!.GetValue<string>() == "eng");
        Assert.Equal(0.5, eng!["responseRate"]!.GetValue<double>());

        var stored = await server.Store.GetSubmissionAsync("acme", "c1", "p2");
        Assert.Equal(2, stored!.Contacts.Count);
        Assert.Equal(Domain.Survey.Frequency.Daily, stored.Contacts[0].Frequency);
        Assert.Equal("Pilot customer", stored.Contacts[1].OutsideLabel);
    }

    [Fact]
    public async Task Submitting_twice_leaves_one_answer_with_the_second_content()
    {
        await using var server = await StartAsync();
        var tokens = await server.SeedAsync();
        Assert.True((await server.AsRespondentAsync(HttpMethod.Put, "survey/response", tokens["p2"], Answer("p1", "p3"))).IsSuccessStatusCode);
        Assert.True((await server.AsRespondentAsync(HttpMethod.Put, "survey/response", tokens["p2"], Answer("p4"))).IsSuccessStatusCode);

        var all = await server.Store.ListSubmissionsAsync("acme", "c1");
        var only = Assert.Single(all);
        Assert.Equal(["p4"], only.Contacts.Select(c => c.PersonId));

        var reopened = await (await server.AsRespondentAsync(HttpMethod.Get, "survey", tokens["p2"])).Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("p4", reopened!["answer"]!["contacts"]![0]!["personId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Concurrent_submissions_by_one_respondent_leave_exactly_one_consistent_answer()
    {
        await using var server = await StartAsync();
        var tokens = await server.SeedAsync();
        string[][] variants = [["p1"], ["p3"], ["p4"], ["p1", "p3"], ["p3", "p4"], ["p1", "p4"], ["p1", "p3", "p4"], ["p4", "p1"]];
        var responses = await Task.WhenAll(Enumerable.Range(0, 24).Select(i =>
            server.AsRespondentAsync(HttpMethod.Put, "survey/response", tokens["p2"], Answer(variants[i % variants.Length]))));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));

        var only = Assert.Single(await server.Store.ListSubmissionsAsync("acme", "c1"));
        var named = only.Contacts.Select(c => c.PersonId!).ToArray();
        Assert.Contains(variants, v => v.SequenceEqual(named)); // one whole answer, never a mix
        Assert.All(only.Contacts, c => Assert.Equal(Domain.Survey.Frequency.Weekly, c.Frequency));
    }

    [Fact]
    public async Task An_answer_is_still_there_after_a_restart()
    {
        var folder = Directory.CreateTempSubdirectory("surveynetwork-restart-").FullName;
        Dictionary<string, string> tokens;
        await using (var first = await StartAsync(folder))
        {
            tokens = await first.SeedAsync();
            Assert.True((await first.AsRespondentAsync(HttpMethod.Put, "survey/response", tokens["p3"], Answer("p4"))).IsSuccessStatusCode);
        }

        await using var second = await StartAsync(folder);
        var survey = await (await second.AsRespondentAsync(HttpMethod.Get, "survey", tokens["p3"])).Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("p4", survey!["answer"]!["contacts"]![0]!["personId"]!.GetValue<string>());
        var status = await (await second.AdminAsync(HttpMethod.Get, "orgs/acme/cycles/c1")).Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(1, status!["responses"]!["respondents"]!.GetValue<int>());
    }

    [Fact]
    public async Task An_admin_import_stores_every_row_or_nothing()
    {
        await using var server = await StartAsync();
        await server.SeedAsync();
        var csv = "respondentId,personId,outsideKind,outsideLabel,frequency,benefits,personal,giveBack\n" +
                  "p1,p2,,,daily,solutions;validation,true,often\n" +
                  "p1,,supplierOrPartner,Cloud vendor,monthly,,false,never\n" +
                  "p3,p4,,,weekly,,false,sometimes\n";
        var ok = await server.AdminRawAsync(HttpMethod.Post, "orgs/acme/cycles/c1/responses", csv, "text/csv");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var all = await server.Store.ListSubmissionsAsync("acme", "c1");
        Assert.Equal(["p1", "p3"], all.Select(s => s.RespondentId).Order());
        Assert.Equal(2, all.Single(s => s.RespondentId == "p1").Contacts.Count);
        Assert.All(all, s => Assert.Equal("import", s.Source));

        var before = await server.SnapshotAsync();
        var bad = await server.AdminRawAsync(HttpMethod.Post, "orgs/acme/cycles/c1/responses",
            "respondentId,personId,frequency,personal,giveBack\np2,p1,weekly,false,never\np4,p4,weekly,false,never\n", "text/csv");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = await bad.Content.ReadFromJsonAsync<JsonObject>();
        Assert.True(problem!["errors"]!.AsObject().ContainsKey("rows[3].personId"));
        Assert.Equal(before, await server.SnapshotAsync());
    }
}

public sealed class SqliteSurveyFlowTests : SurveyFlowTests
{
    protected override Task<LocalHostServer> StartAsync(string? dataFolder = null) => LocalHostServer.StartAsync(dataFolder: dataFolder);
}

/// <summary>The same flow through the Cosmos DB store, over the Cosmos wire protocol of the local emulator.</summary>
[Collection(Storage.CosmosEmulatorCollection.Name)]
public sealed class CosmosSurveyFlowTests(Storage.CosmosEmulatorFixture emulator) : SurveyFlowTests
{
    /// <summary>One database per data folder, so a restart on the same folder sees the same data.</summary>
    protected override Task<LocalHostServer> StartAsync(string? dataFolder = null)
    {
        dataFolder ??= Directory.CreateTempSubdirectory("surveynetwork-e2e-cosmos-").FullName;
        var database = "e2e-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(dataFolder)))[..12];
        return LocalHostServer.StartAsync(new Dictionary<string, string?>
        {
            [Settings.StoreKind] = "cosmos",
            [Settings.CosmosEndpoint] = emulator.Endpoint.AbsoluteUri,
            [Settings.CosmosKey] = Storage.CosmosEmulatorFixture.EmulatorKey,
            [Settings.CosmosDatabase] = database,
            [Settings.CosmosCreateIfMissing] = "true",
            [Settings.CosmosAllowLoopbackCertificate] = "true",
        }, dataFolder);
    }
}
