using FluentValidation;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using SurveyNetwork.Domain.Csv;
using SurveyNetwork.Domain.Survey;
using SurveyNetwork.Domain.Validation;
using SurveyNetwork.Functions.App;

namespace SurveyNetwork.Functions.Http;

/// <summary>
/// Admin import of answers collected elsewhere (JSON, or CSV with one row per contact).
/// Validation is all-or-nothing: when any row is invalid, nothing is written and every invalid
/// field is reported. Writes are idempotent upserts per respondent, so a retry after a storage
/// failure half-way converges to the same state. Imports are accepted while the cycle is open.
/// </summary>
public sealed class ImportResponses(SurveyReads reads, IValidator<SurveyAnswer> validator, TimeProvider time, ILogger<ImportResponses> logger)
{
    public const int MaxRespondents = 100_000;

    public sealed record ImportedResponse(string? RespondentId, IReadOnlyList<ContactAnswer>? Contacts);

    public sealed record Request(IReadOnlyList<ImportedResponse>? Responses);

    public sealed record RowResult(int Row, string RespondentId, string Status, int Contacts);

    public sealed record Response(string OrgId, string CycleId, int Imported, IReadOnlyList<RowResult> Results);

    [Function(nameof(ImportResponses))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "orgs/{orgId}/cycles/{cycleId}/responses")] HttpRequest request,
        string orgId,
        string cycleId,
        CancellationToken ct)
    {
        if (Routes.CheckIds(("orgId", orgId), ("cycleId", cycleId)) is { } bad)
        {
            return bad;
        }

        // Each entry: respondent, the key prefix for its errors, and how to map contacts[j] to a key.
        var entries = new List<(string? RespondentId, int Row, SurveyAnswer Answer, Func<string, string> Key)>();
        if (RequestReader.IsCsv(request.ContentType))
        {
            var (text, problem) = await RequestReader.ReadTextAsync(request, RequestReader.LargeBodyLimit, ct);
            if (problem is not null)
            {
                return problem;
            }

            ResponsesCsv.Result parsed;
            try
            {
                parsed = ResponsesCsv.Parse(text!, MaxRespondents * 20);
            }
            catch (CsvFormatException ex)
            {
                return Problems.Field($"rows[{ex.Line}]", ex.Message);
            }

            if (parsed.Errors.Count > 0)
            {
                return Problems.Validation(parsed.Errors);
            }

            foreach (var r in parsed.Respondents)
            {
                var lines = r.ContactLines;
                entries.Add((r.RespondentId, r.Line, new SurveyAnswer { Contacts = r.Contacts },
                    key => MapContactKey(key, $"rows[{r.Line}]", j => j < lines.Count ? $"rows[{lines[j]}]" : $"rows[{r.Line}]")));
            }
        }
        else if (RequestReader.IsJson(request.ContentType))
        {
            var (body, problem) = await RequestReader.ReadJsonAsync<Request>(request, RequestReader.LargeBodyLimit, ct);
            if (problem is not null)
            {
                return problem;
            }

            if (body!.Responses is not { Count: > 0 } responses)
            {
                return Problems.Field("responses", "responses must hold at least one response.");
            }

            for (var i = 0; i < responses.Count; i++)
            {
                var prefix = $"responses[{i}]";
                entries.Add((responses[i]?.RespondentId, i, new SurveyAnswer { Contacts = responses[i]?.Contacts! },
                    key => MapContactKey(key, prefix, j => $"{prefix}.contacts[{j}]")));
            }
        }
        else
        {
            return RequestReader.UnsupportedMediaType("application/json", "text/csv");
        }

        if (entries.Count > MaxRespondents)
        {
            return Problems.Field("responses", $"At most {MaxRespondents:N0} respondents per import.");
        }

        var cycle = await reads.Store.GetCycleAsync(orgId, cycleId, ct);
        if (cycle is null)
        {
            return Problems.NotFound($"Cycle '{cycleId}' of organization '{orgId}'");
        }

        var now = time.GetUtcNow();
        if (!cycle.IsOpenAt(now))
        {
            return Problems.Conflict("The cycle is not open.", "Responses can be imported only while the cycle is open.");
        }

        var roster = await reads.RosterAsync(orgId, ct);
        if (roster is null)
        {
            return Problems.Conflict("The organization has no roster.");
        }

        var errors = new Dictionary<string, string[]>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (respondentId, _, answer, key) in entries)
        {
            var at = key("");
            if (respondentId is null || !roster.PeopleById.TryGetValue(respondentId, out var person) || !person.Active)
            {
                errors[$"{at}.respondentId"] = [$"'{respondentId}' is not an active person on the roster."];
                continue;
            }

            if (!seen.Add(respondentId))
            {
                errors[$"{at}.respondentId"] = [$"'{respondentId}' appears more than once in this import."];
                continue;
            }

            var result = await validator.ValidateAsync(new SurveyContext(cycle, roster, respondentId).For(answer), ct);
            foreach (var (k, v) in Problems.ToErrors(result, key))
            {
                errors[k] = v;
            }
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors, $"Nothing was imported: {errors.Count} field(s) are invalid.");
        }

        var results = new List<RowResult>(entries.Count);
        foreach (var (respondentId, row, answer, _) in entries)
        {
            var contacts = SurveyAnswerValidator.Normalize(answer);
            await reads.Store.UpsertSubmissionAsync(new Submission
            {
                OrgId = orgId,
                CycleId = cycleId,
                RespondentId = respondentId!,
                Contacts = contacts,
                SubmittedAt = now,
                Version = Submission.VersionAt(now),
                Source = "import",
            }, ct);
            results.Add(new RowResult(row, respondentId!, "stored", contacts.Count));
        }

        logger.LogInformation("Imported {Count} responses into cycle {CycleId}", results.Count, cycleId);
        return ApiResult.Json(new Response(orgId, cycleId, results.Count, results));
    }

    /// <summary>"contacts[2].frequency" → contact key + ".frequency"; other keys go under the entry prefix.</summary>
    private static string MapContactKey(string key, string prefix, Func<int, string> contact)
    {
        if (key.StartsWith("contacts[", StringComparison.Ordinal))
        {
            var close = key.IndexOf(']');
            if (close > 9 && int.TryParse(key.AsSpan(9, close - 9), out var j))
            {
                return contact(j) + key[(close + 1)..];
            }
        }

        return key.Length == 0 ? prefix : prefix + "." + key;
    }
}
