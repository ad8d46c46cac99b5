using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SurveyNetwork.Domain.Survey;
using SurveyNetwork.Domain.Validation;
using SurveyNetwork.Functions.Hosting;

namespace SurveyNetwork.Functions.Http;

/// <summary>
/// The OpenAPI 3.1 description of every HTTP function: routes, verbs and authorization from the
/// <see cref="FunctionCatalog"/>, bodies (JSON Schemas exported from the very types the functions
/// deserialize), examples and errors from each function's <see cref="Documentation"/>.
/// </summary>
public sealed class OpenApi
{
    /// <summary>
    /// What the trigger attribute cannot say about an operation: its summary, body and response
    /// types (their JSON Schemas are exported from the types), an example body, the error statuses
    /// besides 500 and 503, the media types of a non-JSON response, and whether a body may be CSV
    /// or left out. Route, verbs, authorization and operation id come from the <see cref="FunctionCatalog"/>.
    /// </summary>
    public sealed record Documentation(
        string Summary, Type? Body = null, Type? Response = null, int Status = 200, JsonNode? Example = null, string[]? Errors = null,
        string? Produces = null, bool Csv = false, bool BodyOptional = false);

    /// <summary>
    /// Each HTTP function's documentation by function name, in the order the document lists the
    /// operations. A test fails when an HTTP function has none.
    /// </summary>
    public static readonly OrderedDictionary<string, Documentation> Documented = new()
    {
        [nameof(Health)] = new("Liveness probe.", Response: typeof(object)),
        [nameof(OpenApi)] = new("This document.", Response: typeof(object)),
        [nameof(PutRoster)] = new("Replace the organization's roster (JSON or text/csv), atomically.",
            typeof(RosterInput), typeof(PutRoster.RosterSummary), Example: Examples.Roster, Errors: ["400", "401", "413", "415"], Csv: true),
        [nameof(CreateCycle)] = new("Open a survey cycle.",
            typeof(CycleInput), typeof(CycleView), 201, Examples.Cycle, ["400", "401", "409"]),
        [nameof(GetCycle)] = new("A cycle's status with response rates overall and per team.",
            Response: typeof(CycleView), Errors: ["401", "404"]),
        [nameof(CloseCycle)] = new("Close a cycle now.",
            Response: typeof(CycleView), Errors: ["401", "404"]),
        [nameof(IssueInvitations)] = new("Issue one signed survey link per active person (or per listed person).",
            typeof(IssueInvitations.Request), typeof(IssueInvitations.Response), Example: Examples.Invitations, Errors: ["400", "401", "404", "409"],
            BodyOptional: true),
        [nameof(ImportResponses)] = new(
            "Import answers collected elsewhere (JSON or text/csv, one row per contact). All-or-nothing validation; idempotent writes.",
            typeof(ImportResponses.Request), typeof(ImportResponses.Response), Example: Examples.Import, Errors: ["400", "401", "404", "409", "413", "415"], Csv: true),
        [nameof(ErasePerson)] = new("Erase a person: off the roster, their answers deleted, removed as a contact from others' answers.",
            Response: typeof(ErasePerson.Erasure), Errors: ["400", "401", "404", "409"]),
        [nameof(RunReports)] = new(
            "Compute and publish the cycle's team reports and organization summary now (?force=true even when nothing changed).",
            Response: typeof(Reports.CycleRunSummary), Errors: ["400", "401", "404", "409"]),
        [nameof(GetTeamReport)] = new("A team's latest report: ?format=json (default), html, graphml, csv (the edge list) or people.csv (one row per person).",
            Response: typeof(object), Errors: ["400", "401", "404"], Produces: "application/json, text/html, application/graphml+xml, text/csv"),
        [nameof(GetOrganizationReport)] = new("The cycle's latest organization summary: ?format=json (default), html, graphml, csv (the edge list) or people.csv (one row per person).",
            Response: typeof(object), Errors: ["400", "401", "404"], Produces: "application/json, text/html, application/graphml+xml, text/csv"),
        [nameof(GetSurvey)] = new("The respondent's survey: questions, roster to pick from, saved answer.",
            Response: typeof(GetSurvey.Response), Errors: ["401", "429"]),
        [nameof(SubmitSurvey)] = new("Submit or replace the respondent's answer while the cycle is open.",
            typeof(SurveyAnswer), typeof(SubmitSurvey.Receipt), Example: Examples.Answer, Errors: ["400", "401", "409", "413", "429"]),
        [nameof(GetProfile)] = new("The respondent's own network profile: ?format=json (default) or html.",
            Response: typeof(object), Errors: ["400", "401", "429"]),
        [nameof(SurveyPage)] = new(
            "The web survey an invitation link opens; the token stays in the URL fragment (#token=…), so this request carries none.",
            Produces: "text/html"),
        [nameof(ProfilePage)] = new(
            "The respondent's personal network profile page (linked from the survey as profileUrl); the token stays in the URL fragment, so this request carries none.",
            Produces: "text/html"),
        [nameof(SurveyAsset)] = new(
            "The survey and profile pages' CSS and JavaScript (cached for a year when ?v= names the current content hash).",
            Errors: ["404"], Produces: "text/css, text/javascript"),
    };

    private static readonly Lazy<byte[]> Document = new(() => System.Text.Encoding.UTF8.GetBytes(Build().ToJsonString(ApiJson.Options)));

    [Function(nameof(OpenApi))]
    public IActionResult Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi.json")] HttpRequest request) =>
        ApiResult.Bytes(Document.Value, "application/json; charset=utf-8");

    public static JsonObject Build()
    {
        var schemas = new JsonObject();
        var paths = new JsonObject();
        foreach (var (name, doc) in Documented)
        {
            var function = FunctionCatalog.FindHttp(name)
                ?? throw new InvalidOperationException($"{name} is documented but is not an HTTP function.");
            var path = paths[$"/api/{function.Route}"] as JsonObject ?? new JsonObject();
            paths[$"/api/{function.Route}"] = path;
            foreach (var method in function.Methods)
            {
                path[method.ToLowerInvariant()] = Operation(function, doc, schemas);
            }
        }

        schemas["ProblemDetails"] = Schema(typeof(Problems.ProblemBody));
        var problemResponses = new JsonObject();
        foreach (var (status, text) in new[]
                 {
                     ("400", "Invalid input; errors name each field."), ("401", "Missing or invalid admin key or invitation token."),
                     ("404", "Not found."), ("409", "Conflict with the current state (closed cycle, existing id)."),
                     ("429", "Too many requests for this invitation; retry after Retry-After."),
                     ("413", "Body too large."), ("415", "Unsupported media type."),
                     ("500", "Unexpected error, with a correlation id."), ("503", "Store briefly unavailable; retry after Retry-After. Nothing was stored."),
                 })
        {
            problemResponses[$"Problem{status}"] = new JsonObject
            {
                ["description"] = text,
                ["content"] = new JsonObject { ["application/problem+json"] = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = "#/components/schemas/ProblemDetails" } } },
            };
        }

        return new JsonObject
        {
            ["openapi"] = "3.1.0",
            ["info"] = new JsonObject
            {
                ["title"] = "SurveyNetwork API",
                ["version"] = "1.0.0",
                ["description"] = "Organizational network surveys: rosters, cycles, invitations, answers and reports. Errors are RFC 9457 problem+json naming the field.",
            },
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["schemas"] = schemas,
                ["responses"] = problemResponses,
                ["securitySchemes"] = new JsonObject
                {
                    ["functionKey"] = new JsonObject { ["type"] = "apiKey", ["in"] = "header", ["name"] = "x-functions-key" },
                    ["invitationToken"] = new JsonObject { ["type"] = "http", ["scheme"] = "bearer", ["description"] = "The token from the invitation link." },
                },
            },
        };
    }

    private static JsonObject Operation(HttpFunction function, Documentation doc, JsonObject schemas)
    {
        var respondent = function.Route.StartsWith("survey", StringComparison.Ordinal);
        var operation = new JsonObject
        {
            ["operationId"] = function.Name,
            ["summary"] = doc.Summary,
            ["tags"] = new JsonArray(function.Admin ? "admin" : respondent ? "respondent" : "service"),
        };
        var parameters = new JsonArray();
        foreach (var name in RouteParameters(function.Route))
        {
            parameters.Add(new JsonObject
            {
                ["name"] = name, ["in"] = "path", ["required"] = true,
                ["schema"] = new JsonObject { ["type"] = "string", ["pattern"] = "^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$" },
            });
        }

        if (parameters.Count > 0)
        {
            operation["parameters"] = parameters;
        }

        if (function.Admin)
        {
            operation["security"] = new JsonArray(new JsonObject { ["functionKey"] = new JsonArray() });
        }
        else if (respondent && doc.Produces is null)
        {
            operation["security"] = new JsonArray(new JsonObject { ["invitationToken"] = new JsonArray() });
        }

        if (doc.Body is not null)
        {
            var content = new JsonObject
            {
                ["application/json"] = new JsonObject
                {
                    ["schema"] = Ref(doc.Body, schemas),
                    ["example"] = doc.Example?.DeepClone(),
                },
            };
            if (doc.Csv)
            {
                content["text/csv"] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "string" } };
            }

            operation["requestBody"] = new JsonObject { ["required"] = !doc.BodyOptional, ["content"] = content };
        }

        var responses = new JsonObject
        {
            [doc.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new JsonObject
            {
                ["description"] = "Success.",
                ["content"] = doc.Produces is not null
                    ? Text(doc.Produces)
                    : new JsonObject { ["application/json"] = new JsonObject { ["schema"] = doc.Response == typeof(object) ? new JsonObject { ["type"] = "object" } : Ref(doc.Response!, schemas) } },
            },
        };
        foreach (var status in (doc.Errors ?? []).Append("500").Append("503"))
        {
            responses[status] = new JsonObject { ["$ref"] = $"#/components/responses/Problem{status}" };
        }

        operation["responses"] = responses;
        return operation;
    }

    /// <summary>Content of a non-JSON response: each listed media type as a string.</summary>
    private static JsonObject Text(string mediaTypes)
    {
        var content = new JsonObject();
        foreach (var type in mediaTypes.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            content[type] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "string" } };
        }

        return content;
    }

    public static IEnumerable<string> RouteParameters(string route) =>
        route.Split('/').Where(s => s.StartsWith('{')).Select(s => s.Trim('{', '}').Split(':')[0]);

    private static JsonObject Ref(Type type, JsonObject schemas)
    {
        var name = SchemaName(type);
        if (!schemas.ContainsKey(name))
        {
            schemas[name] = Schema(type);
        }

        return new JsonObject { ["$ref"] = $"#/components/schemas/{name}" };
    }

    private static string SchemaName(Type type) =>
        type.DeclaringType is { } outer ? outer.Name + type.Name : type.Name;

    private static JsonNode Schema(Type type) =>
        JsonSchemaExporter.GetJsonSchemaAsNode(ApiJson.Options, type, new JsonSchemaExporterOptions { TreatNullObliviousAsNonNullable = true });

    /// <summary>Request examples; a test checks that each one passes the API's own parsing and validation.</summary>
    public static class Examples
    {
        public static JsonNode Roster => JsonNode.Parse("""
            {"teams":[{"id":"eng","name":"Engineering"},{"id":"ops","name":"Operations"}],
             "people":[
              {"id":"p1","name":"Ana Silva","teamId":"eng","function":"Engineering","level":3,"location":"Lisbon"},
              {"id":"p2","name":"Ben Okafor","teamId":"eng","function":"Engineering","level":2,"location":"Lisbon","managerId":"p1"},
              {"id":"p3","name":"Chloé Martin","teamId":"ops","function":"Operations","level":2,"location":"Berlin","managerId":"p1"}]}
            """)!;

        public static JsonNode Cycle => JsonNode.Parse("""
            {"id":"2026-q4","title":"Q4 network survey","opensAt":"2026-11-01T00:00:00Z","closesAt":"2026-12-15T00:00:00Z",
             "options":{"maxContacts":20,"askEnergy":true},"anonymityThreshold":5}
            """)!;

        public static JsonNode Invitations => JsonNode.Parse("""{"personIds":["p2","p3"]}""")!;

        public static JsonNode Answer => JsonNode.Parse("""
            {"contacts":[
              {"personId":"p1","frequency":"weekly","benefits":["solutions","validation"],"personal":true,"giveBack":"sometimes"},
              {"outsideKind":"customer","outsideLabel":"Retail pilot customer","frequency":"monthly","benefits":["problemReformulation"],"personal":false,"giveBack":"rarely"}]}
            """)!;

        public static JsonNode Import => JsonNode.Parse("""
            {"responses":[{"respondentId":"p2","contacts":[
              {"personId":"p1","frequency":"daily","benefits":["solutions"],"personal":false,"giveBack":"often"}]}]}
            """)!;
    }
}
