using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SurveyNetwork.Domain.Reports.Model;
using SurveyNetwork.Domain.Reports.Rendering;
using SurveyNetwork.Domain.Survey;
using SurveyNetwork.Domain.Validation;
using SurveyNetwork.Functions.App;
using SurveyNetwork.Functions.Hosting;
using SurveyNetwork.Functions.Reports;

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
        string? Produces = null, bool Csv = false, bool BodyOptional = false, IReadOnlyList<string>? Formats = null, Query[]? Query = null,
        int BodyLimit = RequestReader.SmallBodyLimit);

    /// <summary>A query parameter: its name, what it does and its JSON Schema.</summary>
    public sealed record Query(string Name, string Description, JsonNode Schema);

    /// <summary>The media type a report format is sent as (the <c>format</c> query parameter or the Accept header chooses).</summary>
    private static string MediaType(string format) => ReportFormat.ContentType(format).Split(';')[0];

    /// <summary>
    /// Each HTTP function's documentation by function name, in the order the document lists the
    /// operations. A test fails when an HTTP function has none.
    /// </summary>
    public static readonly OrderedDictionary<string, Documentation> Documented = new()
    {
        [nameof(Health)] = new("Liveness probe.", Response: typeof(Health.Probe)),
        [nameof(OpenApi)] = new("This document.", Response: typeof(object)),
        [nameof(ListOrganizations)] = new("The organizations this deployment holds (each with a roster). ETag; If-None-Match answers 304.",
            Response: typeof(ListOrganizations.Response), Errors: ["401"]),
        [nameof(GetRoster)] = new(
            "The current roster: JSON one page at a time (?limit= 1-5000, default 500; ?cursor= from nextCursor; ?q= searches id, name and team), " +
            "or the whole roster as CSV in the columns PUT accepts (Accept: text/csv or ?format=csv). ETag; If-None-Match answers 304.",
            Response: typeof(GetRoster.Response), Errors: ["400", "401", "404"], Produces: "application/json, text/csv"),
        [nameof(PutRoster)] = new("Replace the organization's roster (JSON or text/csv), atomically; ?dryRun=true only validates and writes nothing.",
            typeof(RosterInput), typeof(PutRoster.RosterSummary), Example: Examples.Roster, Errors: ["400", "401", "413", "415"], Csv: true,
            BodyLimit: RequestReader.LargeBodyLimit),
        [nameof(CreateCycle)] = new("Open a survey cycle. The response carries thresholdCheck for the roster it starts with (see GetCycle).",
            typeof(CycleInput), typeof(CycleView), 201, Examples.Cycle, ["400", "401", "409"]),
        [nameof(ListCycles)] = new("The organization's cycles with their status, newest first. ETag; If-None-Match answers 304.",
            Response: typeof(ListCycles.Response), Errors: ["400", "401", "404"]),
        [nameof(GetRespondents)] = new(
            "Who has answered, per team of the active roster, with the response rate and the reports' confidence label (high, directional, caution). " +
            "Names (answered / notAnswered) only when the cycle has named reports; otherwise counts only, so an anonymous cycle's answers cannot be tied to people. " +
            "ETag; If-None-Match answers 304.",
            Response: typeof(CycleRespondents), Errors: ["400", "401", "404"]),
        [nameof(ListReportRuns)] = new(
            "The last report run over the cycle (the store keeps the last one) with each scope's outcome: published, failed or heldBack (fewer respondents than the threshold), and the reason; " +
            "and the latest queued runs, newest first, with their state (queued, running, done, failed) and, for a failure after every retry, the reason. " +
            "ETag; If-None-Match answers 304.",
            Response: typeof(CycleRuns), Errors: ["400", "401", "404"]),
        [nameof(GetCycle)] = new(
            "A cycle's status with response rates overall and per team, and thresholdCheck: the teams with fewer active people than the cycle's anonymity threshold " +
            "(with members and respondents so far), whether their answers will be left out of every figure or count only if enough of them answer, and warnings in plain language.",
            Response: typeof(CycleView), Errors: ["401", "404"]),
        [nameof(CheckThreshold)] = new(
            "Before creating a cycle: the teams of the current roster that an anonymity threshold (?anonymityThreshold=, default 5) leaves under it whatever the response, " +
            "and what that holds back — the same thresholdCheck a cycle's status carries.",
            Response: typeof(ThresholdCheck), Errors: ["400", "401", "404"],
            Query: [new("anonymityThreshold", "The threshold to check.", new JsonObject
            {
                ["type"] = "integer", ["minimum"] = CycleInput.MinAnonymityThreshold, ["maximum"] = CycleInput.MaxAnonymityThreshold, ["default"] = CycleInput.DefaultAnonymityThreshold,
            })]),
        [nameof(CloseCycle)] = new("Close a cycle now.",
            Response: typeof(CycleView), Errors: ["401", "404"]),
        [nameof(IssueInvitations)] = new("Issue one signed survey link per active person (or per listed person); with \"send\": true also queue one email each; with \"revokePrevious\": true their earlier links stop working.",
            typeof(IssueInvitations.Request), typeof(IssueInvitations.Response), Example: Examples.Invitations, Errors: ["400", "401", "404", "409"],
            BodyOptional: true, BodyLimit: RequestReader.LargeBodyLimit),
        [nameof(ImportResponses)] = new(
            "Import answers collected elsewhere (JSON or text/csv, one row per contact). All-or-nothing validation; idempotent writes.",
            typeof(ImportResponses.Request), typeof(ImportResponses.Response), Example: Examples.Import, Errors: ["400", "401", "404", "409", "413", "415"], Csv: true,
            BodyLimit: RequestReader.LargeBodyLimit),
        [nameof(ErasePerson)] = new("Erase a person: off the roster, their answers deleted, removed as a contact from others' answers.",
            Response: typeof(ErasePerson.Erasure), Errors: ["400", "401", "404", "409"]),
        [nameof(RunReports)] = new(
            "Queue a run of the cycle's team reports and organization summary (?force=true even when nothing changed) and answer 202 Accepted at once, with the run's status route in Location; " +
            "a run already pending for the cycle is answered instead. The finished run's result is \"held\" when fewer than k answers changed in a team since the last publication (nothing is published, not even with force).",
            Response: typeof(Reports.ReportRequest), Status: 202, Errors: ["400", "401", "404"],
            Query: [new("force", "Recompute and republish even when no answer changed since the last run.", new JsonObject { ["type"] = "boolean", ["default"] = false })]),
        [nameof(GetReportRun)] = new(
            "Where a queued report run stands: queued, running, done (result: the run's summary with each scope's outcome) or failed (error: why, after every retry). Retry-After while queued or running.",
            Response: typeof(Reports.ReportRequest), Errors: ["400", "401", "404"]),
        [nameof(GetTeamReport)] = new("A team's latest report: ?format=json (default), html, graphml, csv (the edge list) or people.csv (one row per person), or the media type the Accept header names.",
            Response: typeof(TeamReport), Errors: ["400", "401", "404"], Formats: ReportFormat.All),
        [nameof(GetOrganizationReport)] = new("The cycle's latest organization summary: ?format=json (default), html, graphml, csv (the edge list) or people.csv (one row per person), or the media type the Accept header names.",
            Response: typeof(OrganizationReport), Errors: ["400", "401", "404"], Formats: ReportFormat.All),
        [nameof(GetSurvey)] = new("The respondent's survey: questions, roster to pick from, saved answer.",
            Response: typeof(GetSurvey.Response), Errors: ["401", "429"]),
        [nameof(SubmitSurvey)] = new("Submit or replace the respondent's answer while the cycle is open.",
            typeof(SurveyAnswer), typeof(SubmitSurvey.Receipt), Example: Examples.Answer, Errors: ["400", "401", "409", "413", "429"]),
        [nameof(GetProfile)] = new("The respondent's own network profile: ?format=json (default) or html, or the media type the Accept header names.",
            Response: typeof(PersonalProfile), Errors: ["400", "401", "429"], Formats: GetProfile.Formats),
        [nameof(SurveyPage)] = new(
            "The web survey an invitation link opens; the token stays in the URL fragment (#token=…), so this request carries none.",
            Produces: "text/html"),
        [nameof(ProfilePage)] = new(
            "The respondent's personal network profile page (linked from the survey as profileUrl); the token stays in the URL fragment, so this request carries none.",
            Produces: "text/html"),
        [nameof(UnsubscribePage)] = new(
            "The page a message's \"no more reminders\" link opens (?token= from the link): it asks to confirm and changes nothing.",
            Errors: ["401"], Produces: "text/html",
            Query: [new("token", "The unsubscribe token of the link (it opens no survey).", new JsonObject { ["type"] = "string" })]),
        [nameof(Unsubscribe)] = new(
            "Stop reminders for the link's person and cycle: the confirmation form, or a mail client's one-click POST (RFC 8058). Asking again changes nothing.",
            Errors: ["401"], Produces: "text/html", BodyOptional: true,
            Query: [new("token", "The unsubscribe token of the link (it opens no survey).", new JsonObject { ["type"] = "string" })]),
        [nameof(AdminPage)] = new(
            "The admin console: roster, cycles, invitations, responses, reports and erasure in the browser. The page carries no credential; it sends the admin key typed in as x-functions-key.",
            Produces: "text/html"),
        [nameof(SurveyAsset)] = new(
            "The survey, profile and admin pages' CSS and JavaScript (cached for a year when ?v= names the current content hash).",
            Errors: ["404"], Produces: "text/css, text/javascript",
            Query: [new("v", "The asset's content hash, as the pages link it; when it matches, the response may be cached for a year.", new JsonObject { ["type"] = "string" })]),
    };

    /// <summary>The response every operation may get from the web server itself.</summary>
    private const string HostRefusal = "HostRefusal";

    /// <summary>A copy of the options reports are written with, able to describe the types it writes.</summary>
    private static readonly JsonSerializerOptions ReportJson = new(ReportFormats.JsonOptions) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };

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

        schemas["ProblemDetails"] = Schema(typeof(Problems.ProblemBody), ApiJson.Options);
        var problemResponses = new JsonObject
        {
            [HostRefusal] = new JsonObject
            {
                ["description"] = "Refused by the web server before the function runs (405 for another method, 414 or 431 for an over-long URL or headers).",
            },
        };
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
            ["servers"] = new JsonArray(new JsonObject
            {
                ["url"] = "{origin}",
                ["description"] = "Where the app runs: the local host by default; a deployed app serves the same paths under its own origin.",
                ["variables"] = new JsonObject { ["origin"] = new JsonObject { ["default"] = "http://localhost:7071" } },
            }),
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

        if (doc.Formats is { } formats)
        {
            parameters.Add(new JsonObject
            {
                ["name"] = "format", ["in"] = "query", ["required"] = false,
                ["description"] = "The form of the report; without it, the Accept header chooses among these media types, and JSON is the default.",
                ["schema"] = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray([.. formats.Select(f => JsonValue.Create(f))]), ["default"] = ReportFormat.Json },
            });
        }

        foreach (var query in doc.Query ?? [])
        {
            parameters.Add(new JsonObject
            {
                ["name"] = query.Name, ["in"] = "query", ["required"] = false, ["description"] = query.Description, ["schema"] = query.Schema.DeepClone(),
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
        else
        {
            // Public: no credential at all.
            operation["security"] = new JsonArray();
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

            operation["requestBody"] = new JsonObject
            {
                ["description"] = doc.BodyLimit >= 1024 * 1024
                    ? $"At most {doc.BodyLimit / (1024 * 1024)} MiB; a larger body is refused with 413."
                    : $"At most {doc.BodyLimit / 1024} KiB; a larger body is refused with 413.",
                ["required"] = !doc.BodyOptional,
                ["content"] = content,
            };
        }

        var success = doc.Produces is not null
            ? Text(doc.Produces)
            : new JsonObject { ["application/json"] = new JsonObject { ["schema"] = doc.Response == typeof(object) ? new JsonObject { ["type"] = "object" } : Ref(doc.Response!, schemas) } };
        foreach (var format in doc.Formats ?? [])
        {
            if (format != ReportFormat.Json)
            {
                success[MediaType(format)] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "string" } };
            }
        }

        var responses = new JsonObject
        {
            [doc.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new JsonObject { ["description"] = "Success.", ["content"] = success },
        };
        var errors = doc.Errors ?? [];
        foreach (var status in errors.Append("500").Append("503"))
        {
            responses[status] = new JsonObject { ["$ref"] = $"#/components/responses/Problem{status}" };
        }

        if (!errors.Any(e => e.StartsWith('4')))
        {
            responses["4XX"] = new JsonObject { ["$ref"] = $"#/components/responses/{HostRefusal}" };
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
            // Reports and profiles are the bytes ReportFormats wrote, with its options (nulls written, enums as names).
            var options = type.Namespace == typeof(TeamReport).Namespace ? ReportJson : ApiJson.Options;
            schemas[name] = Schema(type, options);
        }

        return new JsonObject { ["$ref"] = $"#/components/schemas/{name}" };
    }

    private static string SchemaName(Type type) =>
        type.DeclaringType is { } outer ? outer.Name + type.Name : type.Name;

    private static JsonNode Schema(Type type, JsonSerializerOptions options)
    {
        var schema = JsonSchemaExporter.GetJsonSchemaAsNode(options, type, new JsonSchemaExporterOptions
        {
            TreatNullObliviousAsNonNullable = true,
            TransformSchemaNode = (context, schema) => Refine(context, schema, options),
        });
        return Inline(schema, schema, depth: 0);
    }

    /// <summary>
    /// The schema with each reference the exporter made to an earlier place of the same schema (a
    /// type met twice) replaced by a copy of what it points to, since under components/schemas
    /// such a reference would no longer resolve.
    /// </summary>
    private static JsonNode Inline(JsonNode node, JsonNode root, int depth)
    {
        if (depth > 64)
        {
            throw new InvalidOperationException("A recursive type cannot be described inline.");
        }

        switch (node)
        {
            case JsonObject o when o["$ref"] is JsonValue r && r.GetValue<string>().StartsWith('#'):
                var target = r.GetValue<string>()[1..].Split('/', StringSplitOptions.RemoveEmptyEntries)
                    .Aggregate((JsonNode?)root, (at, part) => at is JsonArray a ? a[int.Parse(part, System.Globalization.CultureInfo.InvariantCulture)] : at?[part.Replace("~1", "/").Replace("~0", "~")])
                    ?? throw new InvalidOperationException($"Unresolved {r}.");
                return Inline(target.DeepClone(), root, depth + 1);
            case JsonObject o:
                foreach (var key in o.Select(kv => kv.Key).ToArray())
                {
                    if (o[key] is { } child)
                    {
                        o[key] = Inline(child.DeepClone(), root, depth + 1);
                    }
                }

                return o;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    if (a[i] is { } item)
                    {
                        a[i] = Inline(item.DeepClone(), root, depth + 1);
                    }
                }

                return a;
            default:
                return node;
        }
    }

    /// <summary>A choice's schema: one of its names (camelCase, as its converter writes them).</summary>
    private static JsonObject ChoiceSchema(Type type, bool nullable)
    {
        var names = new JsonArray(Enum.GetNames(type).Select(n => (JsonNode?)JsonNamingPolicy.CamelCase.ConvertName(n)).ToArray());
        if (nullable)
        {
            names.Add(null);
        }

        return new JsonObject { ["type"] = nullable ? new JsonArray("string", "null") : "string", ["enum"] = names };
    }

    /// <summary>
    /// What the exporter leaves out: integer and number formats, the properties of a measure set
    /// (written by a converter), defaults and ranges declared on the types, and which properties
    /// are really always present (one omitted when null is not required).
    /// </summary>
    private static JsonNode Refine(JsonSchemaExporterContext context, JsonNode schema, JsonSerializerOptions options)
    {
        var type = Nullable.GetUnderlyingType(context.TypeInfo.Type) ?? context.TypeInfo.Type;
        if (type == typeof(MeasureSet))
        {
            var measures = new JsonObject();
            foreach (var entry in MeasureCatalog.All)
            {
                measures[JsonNamingPolicy.CamelCase.ConvertName(entry.Measure.ToString())] = new JsonObject
                {
                    ["type"] = new JsonArray("number", "null"), ["format"] = "double", ["description"] = entry.Label,
                };
            }

            schema = new JsonObject { ["type"] = "object", ["properties"] = measures };
        }

        if (type.IsEnum && schema is JsonValue)
        {
            // A choice written by its own converter: the exporter knows only "anything"; say which names it takes.
            schema = ChoiceSchema(type, nullable: Nullable.GetUnderlyingType(context.TypeInfo.Type) is not null);
        }
        else if (schema is JsonObject { } list && list["items"] is null or JsonValue
            && type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>)) is { } enumerable
            && enumerable.GetGenericArguments()[0] is { IsEnum: true } element)
        {
            list["items"] = ChoiceSchema(element, nullable: false);
        }

        if (schema is not JsonObject node)
        {
            return schema;
        }

        var format = type == typeof(long) || type == typeof(ulong) ? "int64"
            : type == typeof(int) || type == typeof(short) || type == typeof(byte) ? "int32"
            : type == typeof(double) ? "double"
            : type == typeof(float) ? "float"
            : null;
        if (format is not null)
        {
            node["format"] = format;
        }

        if (context.PropertyInfo?.AttributeProvider is PropertyInfo property)
        {
            if (property.GetCustomAttribute<DefaultValueAttribute>() is { Value: { } value })
            {
                node["default"] = JsonSerializer.SerializeToNode(value, options);
            }
            else if (DefaultOf(property) is { } initial)
            {
                node["default"] = JsonSerializer.SerializeToNode(initial, options);
            }

            if (property.GetCustomAttribute<MaxLengthAttribute>() is { } length)
            {
                node[node["type"]?.ToJsonString().Contains("array", StringComparison.Ordinal) == true ? "maxItems" : "maxLength"] = length.Length;
            }

            if (property.GetCustomAttribute<RangeAttribute>() is { } range)
            {
                node["minimum"] = JsonSerializer.SerializeToNode(range.Minimum, options);
                node["maximum"] = JsonSerializer.SerializeToNode(range.Maximum, options);
            }
        }

        if (options.DefaultIgnoreCondition == JsonIgnoreCondition.WhenWritingNull
            && node["required"] is JsonArray required && node["properties"] is JsonObject properties)
        {
            foreach (var name in required.Select(r => r!.GetValue<string>()).ToArray())
            {
                if (properties[name]?["type"] is JsonArray types && types.Any(t => t?.GetValue<string>() == "null"))
                {
                    required.Remove(required.First(r => r!.GetValue<string>() == name));
                }
            }

            if (required.Count == 0)
            {
                node.Remove("required");
            }
        }

        return node;
    }

    /// <summary>Settings types whose property initializers are what a field left out means.</summary>
    private static readonly Type[] DefaultsFromInitializers = [typeof(CycleOptions)];

    /// <summary>A settings property's initial value, read from a new instance; null for other types.</summary>
    private static object? DefaultOf(PropertyInfo property) =>
        property.DeclaringType is { } owner && DefaultsFromInitializers.Contains(owner) && property.PropertyType.IsPrimitive
            ? property.GetValue(Activator.CreateInstance(owner))
            : null;

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
