using System.Globalization;
using SurveyNetwork.Domain.Survey;

namespace SurveyNetwork.Domain.Csv;

/// <summary>
/// Reads imported answers from CSV, one row per named contact:
/// <c>respondentId,personId,outsideKind,outsideLabel,frequency,benefits,personal,giveBack,energy</c>.
/// Benefits are separated by ';' or spaces. A row with only a respondentId records a respondent who
/// named nobody. Choices are the names in <see cref="Vocabulary"/>, in any letter case, or the numbers
/// the CSV and GraphML exports write (frequency 1–4, giveBack 0–3), and an exported edge list's
/// <c>source,target</c> columns stand for <c>respondentId,personId</c>, so an exported file of a named
/// report re-imports.
/// </summary>
public static class ResponsesCsv
{
    public sealed record Respondent(string? RespondentId, int Line, List<ContactAnswer> Contacts, List<int> ContactLines);

    public sealed record Result(IReadOnlyList<Respondent> Respondents, IReadOnlyDictionary<string, string[]> Errors);

    public static Result Parse(string text, int maxRows)
    {
        var table = CsvTable.Parse(text, maxRows);
        var errors = new Dictionary<string, string[]>();
        var (respondentColumn, personColumn) = table.Has("respondentId") || !table.Has("source") ? ("respondentId", "personId") : ("source", "target");
        if (!table.Has(respondentColumn))
        {
            errors["header.respondentId"] = ["The CSV header has no 'respondentId' column."];
            return new Result([], errors);
        }

        var byRespondent = new Dictionary<string, Respondent>(StringComparer.Ordinal);
        var order = new List<Respondent>();
        foreach (var row in table.Rows)
        {
            var at = $"rows[{row.Line}]";
            if (row.Fields.Count != table.Header.Count)
            {
                errors[at] = [$"Line {row.Line} has {row.Fields.Count} fields; the header has {table.Header.Count}."];
                continue;
            }

            var respondentId = table.Get(row, respondentColumn);
            if (respondentId is null)
            {
                errors[$"{at}.respondentId"] = ["respondentId is required."];
                continue;
            }

            if (!byRespondent.TryGetValue(respondentId, out var r))
            {
                r = new Respondent(respondentId, row.Line, [], []);
                byRespondent[respondentId] = r;
                order.Add(r);
            }

            var personId = table.Get(row, personColumn);
            var kindText = table.Get(row, "outsideKind");
            if (personId is null && kindText is null)
            {
                continue;
            }

            var contact = new ContactAnswer
            {
                PersonId = personId,
                OutsideKind = ParseChoice(Vocabulary.OutsideKind, kindText, $"{at}.outsideKind", errors),
                OutsideLabel = table.Get(row, "outsideLabel"),
                Frequency = ParseChoice(Vocabulary.Frequency, table.Get(row, "frequency"), $"{at}.frequency", errors) ?? 0,
                Benefits = (table.Get(row, "benefits") ?? "")
                    .Split([';', ' ', '|'], StringSplitOptions.RemoveEmptyEntries)
                    .Select(b => ParseChoice(Vocabulary.Benefits, b, $"{at}.benefits", errors) ?? 0)
                    .ToArray(),
                Personal = ParseBool(table.Get(row, "personal"), $"{at}.personal", errors),
                GiveBack = ParseChoice(Vocabulary.GiveBack, table.Get(row, "giveBack"), $"{at}.giveBack", errors),
                Energy = ParseInt(table.Get(row, "energy"), $"{at}.energy", errors),
            };
            r.Contacts.Add(contact);
            r.ContactLines.Add(row.Line);
        }

        return new Result(order, errors);
    }

    /// <summary>One of the choice's names in any letter case (a spreadsheet may capitalize it); anything else is an error naming the field.</summary>
    private static T? ParseChoice<T>(ChoiceSet<T> choices, string? text, string key, Dictionary<string, string[]> errors) where T : struct, Enum
    {
        if (text is null)
        {
            return null;
        }

        if (choices.TryParseIgnoreCase(text, out var value))
        {
            return value;
        }

        // The scales the exports write as numbers.
        if ((typeof(T) == typeof(Frequency) || typeof(T) == typeof(GiveBack))
            && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && Enum.IsDefined(typeof(T), number))
        {
            return (T)Enum.ToObject(typeof(T), number);
        }

        errors[key] = [$"'{(text.Length > 32 ? text[..32] + "…" : text)}' is not one of: {choices.NameList(", ")}."];
        return null;
    }

    private static bool? ParseBool(string? text, string key, Dictionary<string, string[]> errors) =>
        text?.ToLowerInvariant() switch
        {
            null => null,
            "true" or "yes" or "1" => true,
            "false" or "no" or "0" => false,
            _ => Fail<bool>(key, "must be true or false.", errors),
        };

    private static int? ParseInt(string? text, string key, Dictionary<string, string[]> errors) =>
        text is null ? null
        : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v
        : Fail<int>(key, "must be a whole number.", errors);

    private static T? Fail<T>(string key, string message, Dictionary<string, string[]> errors) where T : struct
    {
        errors[key] = [message];
        return null;
    }
}
