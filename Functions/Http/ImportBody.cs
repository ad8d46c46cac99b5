using Microsoft.AspNetCore.Http;
using SurveyNetwork.Domain.Csv;
using SurveyNetwork.Domain.Survey;
using SurveyNetwork.Functions.App;

namespace SurveyNetwork.Functions.Http;

/// <summary>
/// Reads an import of answers (JSON, or CSV with one row per contact) into entries whose errors
/// name the request's own places: <c>responses[i].contacts[j]</c>, or the CSV row of each contact.
/// </summary>
internal static class ImportBody
{
    public static async Task<(IReadOnlyList<ImportEntry>? Entries, ApiResult? Problem)> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (RequestReader.IsCsv(request.ContentType))
        {
            var (text, problem) = await RequestReader.ReadTextAsync(request, RequestReader.LargeBodyLimit, ct);
            return problem is not null ? (null, problem) : FromCsv(text!);
        }

        if (RequestReader.IsJson(request.ContentType))
        {
            var (body, problem) = await RequestReader.ReadJsonAsync<ImportResponses.Request>(request, RequestReader.LargeBodyLimit, ct);
            return problem is not null ? (null, problem) : FromJson(body!);
        }

        return (null, RequestReader.UnsupportedMediaType("application/json", "text/csv"));
    }

    private static (IReadOnlyList<ImportEntry>?, ApiResult?) FromCsv(string text)
    {
        ResponsesCsv.Result parsed;
        try
        {
            parsed = ResponsesCsv.Parse(text, SurveyIntake.MaxImportRespondents * 20);
        }
        catch (CsvFormatException ex)
        {
            return (null, Problems.Field($"rows[{ex.Line}]", ex.Message));
        }

        if (parsed.Errors.Count > 0)
        {
            return (null, Problems.Validation(parsed.Errors));
        }

        return (parsed.Respondents.Select(r =>
        {
            var lines = r.ContactLines;
            return new ImportEntry(r.RespondentId, r.Line, new SurveyAnswer { Contacts = r.Contacts },
                key => MapContactKey(key, $"rows[{r.Line}]", j => j < lines.Count ? $"rows[{lines[j]}]" : $"rows[{r.Line}]"));
        }).ToArray(), null);
    }

    private static (IReadOnlyList<ImportEntry>?, ApiResult?) FromJson(ImportResponses.Request body)
    {
        if (body.Responses is not { Count: > 0 } responses)
        {
            return (null, Problems.Field("responses", "responses must hold at least one response."));
        }

        var entries = new ImportEntry[responses.Count];
        for (var i = 0; i < responses.Count; i++)
        {
            var prefix = $"responses[{i}]";
            entries[i] = new ImportEntry(responses[i]?.RespondentId, i, new SurveyAnswer { Contacts = responses[i]?.Contacts! },
                key => MapContactKey(key, prefix, j => $"{prefix}.contacts[{j}]"));
        }

        return (entries, null);
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
