using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using FluentValidation;
using SurveyNetwork.Domain.Survey;
using SurveyNetwork.Domain.Validation;
using SurveyNetwork.Functions.Hosting;
using SurveyNetwork.Functions.Http;
using SurveyNetwork.Functions.Reports;
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
            Assert.True(f.Admin == schemes.Contains("functionKey"), $"{f.Name}: {string.Join(", ", schemes)}");
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

    [Fact]
    public void Longs_are_int64_and_fields_omitted_when_null_are_not_required()
    {
        var schemas = Document["components"]!["schemas"]!;
        Assert.Equal("int64", (string?)schemas["SubmitSurveyReceipt"]!["properties"]!["version"]!["format"]);
        Assert.Equal("int64", (string?)schemas["GetSurveyResponse"]!["properties"]!["answer"]!["properties"]!["version"]!["format"]);
        var required = schemas["GetSurveyResponse"]!["required"]!.AsArray().Select(r => (string?)r).ToArray();
        Assert.DoesNotContain("answer", required);
        Assert.Contains("roster", required);
    }

    [Fact]
    public void Cycle_settings_carry_their_defaults_and_ranges_from_the_code()
    {
        var cycle = Document["components"]!["schemas"]!["CycleInput"]!["properties"]!;
        Assert.Equal(CycleInput.DefaultAnonymityThreshold, (int)cycle["anonymityThreshold"]!["default"]!);
        Assert.Equal(CycleInput.MinAnonymityThreshold, (int)cycle["anonymityThreshold"]!["minimum"]!);
        Assert.False((bool)cycle["namedReports"]!["default"]!);
        var options = cycle["options"]!["properties"]!;
        Assert.Equal(new CycleOptions().MaxContacts, (int)options["maxContacts"]!["default"]!);
        Assert.Equal(CycleOptions.MaxContactsLimit, (int)options["maxContacts"]!["maximum"]!);
        Assert.Equal(CycleOptions.MaxImportContactsLimit, (int)options["maxImportContacts"]!["maximum"]!);
        Assert.Equal(new CycleOptions().AskBenefits, (bool)options["askBenefits"]!["default"]!);
    }

    [Fact]
    public void Limits_on_bodies_and_lists_are_described()
    {
        var schemas = Document["components"]!["schemas"]!;
        Assert.Equal(RosterInput.MaxPeople, (int)schemas["RosterInput"]!["properties"]!["people"]!["maxItems"]!);
        Assert.Equal(CycleInput.MaxTitleLength, (int)schemas["CycleInput"]!["properties"]!["title"]!["maxLength"]!);
        foreach (var f in FunctionCatalog.Http)
        {
            var op = Document["paths"]![$"/api/{f.Route}"]![f.Methods[0].ToLowerInvariant()]!;
            if (op["requestBody"] is { } body)
            {
                Assert.Contains("413", (string?)body["description"], StringComparison.Ordinal);
            }
        }
    }

    [Theory]
    [InlineData(nameof(GetTeamReport), "TeamReport", 5)]
    [InlineData(nameof(GetOrganizationReport), "OrganizationReport", 5)]
    [InlineData(nameof(GetProfile), "PersonalProfile", 2)]
    public void Reports_and_profiles_are_described_by_their_types_in_every_format(string function, string schema, int formats)
    {
        var route = FunctionCatalog.FindHttp(function)!.Route;
        var operation = Document["paths"]![$"/api/{route}"]!["get"]!;
        var content = operation["responses"]!["200"]!["content"]!.AsObject();
        Assert.Equal($"#/components/schemas/{schema}", (string?)content["application/json"]!["schema"]!["$ref"]);
        var format = operation["parameters"]!.AsArray().Single(p => (string?)p!["name"] == "format")!;
        var names = format["schema"]!["enum"]!.AsArray().Select(n => (string)n!).ToArray();
        Assert.Equal(formats, names.Length);
        // One response media type per distinct type the formats are written in (csv and people.csv are both text/csv).
        Assert.Equal(names.Select(n => ReportFormat.ContentType(n).Split(';')[0]).Distinct().Count(), content.Count);
        Assert.Equal("object", (string?)Document["components"]!["schemas"]![schema]!["type"]);
        Assert.NotEmpty(Document["components"]!["schemas"]![schema]!["properties"]!.AsObject());
    }

    [Fact]
    public void Every_operation_has_a_client_error_response_and_public_ones_need_no_credential()
    {
        Assert.Null(Document["info"]!["license"]); // none is chosen yet: see tools/redocly/redocly.yaml
        Assert.NotEmpty(Document["servers"]!.AsArray());
        foreach (var f in FunctionCatalog.Http)
        {
            var op = Document["paths"]![$"/api/{f.Route}"]![f.Methods[0].ToLowerInvariant()]!;
            Assert.Contains(op["responses"]!.AsObject(), r => r.Key.StartsWith('4'));
            Assert.NotNull(op["security"]);
        }
    }

    [Fact]
    public async Task The_accept_header_chooses_the_report_format_when_the_query_does_not()
    {
        await using var server = await LocalHostServer.StartAsync();
        var tokens = await server.SeedAsync();
        var answer = new { contacts = new[] { new { personId = "p1", frequency = "weekly", benefits = Array.Empty<string>(), personal = true, giveBack = "often" } } };
        (await server.AsRespondentAsync(HttpMethod.Put, "survey/response", tokens["p2"], answer)).EnsureSuccessStatusCode();
        await server.RunReportsAsync("orgs/acme/cycles/c1/reports");

        var html = server.Admin(HttpMethod.Get, "orgs/acme/cycles/c1/report");
        html.Headers.Accept.ParseAdd("text/html");
        Assert.Equal("text/html", (await server.Client.SendAsync(html)).Content.Headers.ContentType!.MediaType);
        var csv = server.Admin(HttpMethod.Get, "orgs/acme/cycles/c1/teams/eng/report");
        csv.Headers.Accept.ParseAdd("text/csv, application/json;q=0.5");
        Assert.Equal("text/csv", (await server.Client.SendAsync(csv)).Content.Headers.ContentType!.MediaType);
        var queryWins = server.Admin(HttpMethod.Get, "orgs/acme/cycles/c1/report?format=json");
        queryWins.Headers.Accept.ParseAdd("text/html");
        Assert.Equal("application/json", (await server.Client.SendAsync(queryWins)).Content.Headers.ContentType!.MediaType);
        var anything = server.Admin(HttpMethod.Get, "orgs/acme/cycles/c1/report");
        anything.Headers.Accept.ParseAdd("*/*");
        Assert.Equal("application/json", (await server.Client.SendAsync(anything)).Content.Headers.ContentType!.MediaType);

        var profile = new HttpRequestMessage(HttpMethod.Get, "survey/profile");
        profile.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", tokens["p2"]);
        profile.Headers.Accept.ParseAdd("text/html");
        Assert.Equal("text/html", (await server.Client.SendAsync(profile)).Content.Headers.ContentType!.MediaType);
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
