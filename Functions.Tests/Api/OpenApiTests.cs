using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using FluentValidation;
using SurveyNetwork.Domain.Survey;
using SurveyNetwork.Domain.Validation;
using SurveyNetwork.Functions.Hosting;
using SurveyNetwork.Functions.Http;
using SurveyNetwork.Functions.Tests.EndToEnd;

namespace SurveyNetwork.Functions.Tests.Api;

public class OpenApiTests
{
    private static readonly JsonObject Document = OpenApi.Build();

    [Fact]
    public void Every_http_function_is_documented_and_every_documentation_names_an_http_function()
    {
        var functions = FunctionCatalog.Http.Select(f => f.Name).ToArray();
        Assert.NotEmpty(functions);
        var undocumented = functions.Except(OpenApi.Documented.Keys).ToArray();
        Assert.True(undocumented.Length == 0, $"No OpenApi.Documented entry for {string.Join(", ", undocumented)}");
        var unknown = OpenApi.Documented.Keys.Except(functions).ToArray();
        Assert.True(unknown.Length == 0, $"Documented but not an HTTP function: {string.Join(", ", unknown)}");
    }

    [Fact]
    public void Every_http_function_is_described_with_its_route_and_method()
    {
        var functions = FunctionCatalog.Http;
        Assert.NotEmpty(functions);
        var paths = Document["paths"]!.AsObject();
        foreach (var f in functions)
        {
            Assert.True(paths.ContainsKey($"/api/{f.Route}"), $"{f.Name}: /api/{f.Route} is missing from openapi.json");
            foreach (var method in f.Methods)
            {
                var op = paths[$"/api/{f.Route}"]![method.ToLowerInvariant()];
                Assert.True(op is not null, $"{f.Name}: {method} /api/{f.Route} is missing");
                Assert.Equal(f.Name, op!["operationId"]!.GetValue<string>());
            }
        }

        Assert.Equal(functions.Sum(f => f.Methods.Count), paths.Sum(p => p.Value!.AsObject().Count));
    }

    [Fact]
    public void Admin_operations_require_the_function_key_and_respondent_operations_the_token()
    {
        foreach (var f in FunctionCatalog.Http)
        {
            var op = Document["paths"]![$"/api/{f.Route}"]![f.Methods[0].ToLowerInvariant()]!;
            var schemes = (op["security"] as JsonArray ?? []).SelectMany(s => s!.AsObject().Select(kv => kv.Key)).ToArray();
            Assert.True(f.Level >= Microsoft.Azure.Functions.Worker.AuthorizationLevel.Function == schemes.Contains("functionKey"), $"{f.Name}: {string.Join(", ", schemes)}");
            var respondentData = f.Route.StartsWith("survey", StringComparison.Ordinal) && OpenApi.Documented[f.Name].Produces is null;
            Assert.True(respondentData == schemes.Contains("invitationToken"), $"{f.Name}: {string.Join(", ", schemes)}");
        }
    }

    [Fact]
    public void Every_schema_reference_resolves()
    {
        var schemas = Document["components"]!["schemas"]!.AsObject();
        var responses = Document["components"]!["responses"]!.AsObject();
        foreach (var reference in Refs(Document))
        {
            var name = reference.Split('/').Last();
            Assert.True(reference.StartsWith("#/components/schemas/", StringComparison.Ordinal) ? schemas.ContainsKey(name) : responses.ContainsKey(name), reference);
        }
    }

    [Fact]
    public void The_examples_pass_the_apis_own_parsing_and_validation()
    {
        var roster = Parse<RosterInput>(OpenApi.Examples.Roster);
        Assert.True(new RosterValidator().Validate(roster).IsValid);
        var cycle = Parse<CycleInput>(OpenApi.Examples.Cycle);
        Assert.True(new CycleInputValidator().Validate(cycle).IsValid);
        var invitations = Parse<IssueInvitations.Request>(OpenApi.Examples.Invitations);
        Assert.All(invitations.PersonIds!, id => Assert.Contains(roster.People, p => p.Id == id));

        var domainRoster = roster.ToRoster("acme", DateTimeOffset.UtcNow);
        var openCycle = cycle.ToCycle("acme", cycle.OpensAt!.Value.AddDays(1));
        var answer = Parse<SurveyAnswer>(OpenApi.Examples.Answer);
        var validator = new SurveyAnswerValidator();
        Assert.True(validator.Validate(new SurveyContext(openCycle, domainRoster, "p2").For(answer)).IsValid);
        var import = Parse<ImportResponses.Request>(OpenApi.Examples.Import);
        foreach (var r in import.Responses!)
        {
            Assert.True(validator.Validate(new SurveyContext(openCycle, domainRoster, r.RespondentId!).For(new SurveyAnswer { Contacts = r.Contacts! })).IsValid);
        }
    }

    [Fact]
    public async Task The_document_and_the_health_probe_are_served_by_the_running_host()
    {
        await using var server = await LocalHostServer.StartAsync();
        var health = await server.Client.GetFromJsonAsync<JsonObject>("health");
        Assert.Equal("ok", health!["status"]!.GetValue<string>());
        var served = await server.Client.GetFromJsonAsync<JsonObject>("openapi.json");
        Assert.Equal("3.1.0", served!["openapi"]!.GetValue<string>());
        Assert.Equal(Document["paths"]!.AsObject().Count, served["paths"]!.AsObject().Count);
    }

    private static T Parse<T>(JsonNode example) where T : class
    {
        var (value, problem) = RequestReader.ParseJson<T>(example.ToJsonString());
        Assert.Null(problem);
        return value!;
    }

    private static IEnumerable<string> Refs(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(kv => kv.Key == "$ref" && kv.Value is JsonValue v ? [v.GetValue<string>()] : Refs(kv.Value)),
        JsonArray a => a.SelectMany(Refs),
        _ => [],
    };
}
