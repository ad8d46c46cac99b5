using Microsoft.AspNetCore.Http;
using SurveyNetwork.Domain.Csv;
using SurveyNetwork.Domain.Validation;

namespace SurveyNetwork.Functions.Http;

/// <summary>
/// Reads a roster (JSON, or CSV with one row per person) with, for CSV, the mapping that makes its
/// validation errors name CSV rows rather than list positions.
/// </summary>
internal static class RosterBody
{
    public static async Task<(RosterInput? Input, Func<string, string>? ErrorKey, ApiResult? Problem)> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (RequestReader.IsCsv(request.ContentType))
        {
            var (text, problem) = await RequestReader.ReadTextAsync(request, RequestReader.LargeBodyLimit, ct);
            return problem is not null ? (null, null, problem) : FromCsv(text!);
        }

        if (RequestReader.IsJson(request.ContentType))
        {
            var (value, problem) = await RequestReader.ReadJsonAsync<RosterInput>(request, RequestReader.LargeBodyLimit, ct);
            return (value?.WithTeamsFromPeople(), null, problem);
        }

        return (null, null, RequestReader.UnsupportedMediaType("application/json", "text/csv"));
    }

    private static (RosterInput?, Func<string, string>?, ApiResult?) FromCsv(string text)
    {
        RosterCsv.Result parsed;
        try
        {
            parsed = RosterCsv.Parse(text);
        }
        catch (CsvFormatException ex)
        {
            return (null, null, Problems.Field($"rows[{ex.Line}]", ex.Message));
        }

        if (parsed.Errors.Count > 0)
        {
            return (null, null, Problems.Validation(parsed.Errors));
        }

        var lines = parsed.Lines;
        return (parsed.Roster, key => MapToCsvRow(key, lines), null);
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
