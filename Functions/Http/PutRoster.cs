using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using FluentValidation;
using SurveyNetwork.Domain.Csv;
using SurveyNetwork.Domain.Validation;
using SurveyNetwork.Functions.App;

namespace SurveyNetwork.Functions.Http;

/// <summary>
/// Replaces an organization's roster (JSON or CSV) as a whole: validated as a whole with
/// row-numbered errors, then swapped atomically. Nothing is written when any row is invalid.
/// </summary>
public sealed class PutRoster(SurveyReads reads, IValidator<RosterInput> validator, TimeProvider time, ILogger<PutRoster> logger)
{
    public sealed record RosterSummary(string OrgId, int People, int ActivePeople, int Teams, DateTimeOffset UpdatedAt);

    [Function(nameof(PutRoster))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = "orgs/{orgId}/roster")] HttpRequest request,
        string orgId,
        CancellationToken ct)
    {
        if (Routes.CheckIds(("orgId", orgId)) is { } bad)
        {
            return bad;
        }

        RosterInput input;
        Func<string, string>? mapKey = null;
        if (RequestReader.IsCsv(request.ContentType))
        {
            var (text, problem) = await RequestReader.ReadTextAsync(request, RequestReader.LargeBodyLimit, ct);
            if (problem is not null)
            {
                return problem;
            }

            RosterCsv.Result parsed;
            try
            {
                parsed = RosterCsv.Parse(text!);
            }
            catch (CsvFormatException ex)
            {
                return Problems.Field($"rows[{ex.Line}]", ex.Message);
            }

            if (parsed.Errors.Count > 0)
            {
                return Problems.Validation(parsed.Errors);
            }

            input = parsed.Roster;
            var lines = parsed.Lines;
            mapKey = key => MapToCsvRow(key, lines);
        }
        else if (RequestReader.IsJson(request.ContentType))
        {
            var (value, problem) = await RequestReader.ReadJsonAsync<RosterInput>(request, RequestReader.LargeBodyLimit, ct);
            if (problem is not null)
            {
                return problem;
            }

            input = value!;
        }
        else
        {
            return RequestReader.UnsupportedMediaType("application/json", "text/csv");
        }

        var result = await validator.ValidateAsync(input, ct);
        if (!result.IsValid)
        {
            return Problems.Validation(result, mapKey);
        }

        var roster = input.ToRoster(orgId, time.GetUtcNow());
        await reads.Store.ReplaceRosterAsync(roster, ct);
        reads.Forget(orgId);
        logger.LogInformation("Roster of {OrgId} replaced: {People} people in {Teams} teams", orgId, roster.People.Count, roster.Teams.Count);
        return ApiResult.Json(new RosterSummary(orgId, roster.People.Count, roster.People.Count(p => p.Active), roster.Teams.Count, roster.UpdatedAt));
    }

    /// <summary>"people[3].managerId" → "rows[5].managerId" (the CSV line of that person).</summary>
    private static string MapToCsvRow(string key, IReadOnlyList<int> lines)
    {
        if (key.StartsWith("people[", StringComparison.Ordinal))
        {
            var close = key.IndexOf(']');
            if (close > 7 && int.TryParse(key.AsSpan(7, close - 7), out var i) && i < lines.Count)
            {
                return $"rows[{lines[i]}]" + key[(close + 1)..];
            }
        }

        return key;
    }
}
