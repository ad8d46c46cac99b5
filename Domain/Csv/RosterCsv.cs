using System.Globalization;
using System.Text;
using SurveyNetwork.Domain.Survey;
using SurveyNetwork.Domain.Validation;

namespace SurveyNetwork.Domain.Csv;

/// <summary>
/// Reads a roster from CSV: one row per person with columns
/// <c>id,name,teamId,teamName,function,level,location,managerId,active,performance,email</c>
/// (teamName, managerId, active, performance and email optional). Teams are the distinct teamIds.
/// Writes a roster back in the same columns, so a downloaded roster can be edited and uploaded again.
/// </summary>
public static class RosterCsv
{
    public static readonly string[] RequiredColumns = ["id", "name", "teamId", "function", "level", "location"];

    /// <summary>The parsed roster, the CSV line of each person, and field errors keyed "rows[line].column".</summary>
    public sealed record Result(RosterInput Roster, IReadOnlyList<int> Lines, IReadOnlyDictionary<string, string[]> Errors);

    public static Result Parse(string text)
    {
        var table = CsvTable.Parse(text, RosterInput.MaxPeople);
        var errors = new Dictionary<string, string[]>();
        foreach (var column in RequiredColumns.Where(c => !table.Has(c)))
        {
            errors[$"header.{column}"] = [$"The CSV header has no '{column}' column."];
        }

        if (errors.Count > 0)
        {
            return new Result(new RosterInput(), [], errors);
        }

        var people = new List<PersonInput>(table.Rows.Count);
        var lines = new List<int>(table.Rows.Count);
        var teams = new Dictionary<string, TeamInput>(StringComparer.Ordinal);
        foreach (var row in table.Rows)
        {
            if (row.Fields.Count != table.Header.Count)
            {
                errors[$"rows[{row.Line}]"] = [$"Line {row.Line} has {row.Fields.Count} fields; the header has {table.Header.Count}."];
                continue;
            }

            int? level = null;
            if (table.Get(row, "level") is { } levelText)
            {
                if (int.TryParse(levelText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l))
                {
                    level = l;
                }
                else
                {
                    errors[$"rows[{row.Line}].level"] = [$"Line {row.Line}: level '{Clip(levelText)}' is not a whole number."];
                }
            }

            bool? active = null;
            if (table.Get(row, "active") is { } activeText)
            {
                active = activeText.ToLowerInvariant() switch
                {
                    "true" or "yes" or "1" => true,
                    "false" or "no" or "0" => false,
                    _ => null,
                };
                if (active is null)
                {
                    errors[$"rows[{row.Line}].active"] = [$"Line {row.Line}: active must be true or false."];
                }
            }

            double? performance = null;
            if (table.Get(row, "performance") is { } perfText)
            {
                if (double.TryParse(perfText, NumberStyles.Float, CultureInfo.InvariantCulture, out var perf) && double.IsFinite(perf))
                {
                    performance = perf;
                }
                else
                {
                    errors[$"rows[{row.Line}].performance"] = [$"Line {row.Line}: performance is not a number."];
                }
            }

            var teamId = table.Get(row, "teamId");
            if (teamId is not null && !teams.ContainsKey(teamId))
            {
                teams[teamId] = new TeamInput { Id = teamId, Name = table.Get(row, "teamName") ?? teamId };
            }

            people.Add(new PersonInput
            {
                Id = table.Get(row, "id"),
                Name = table.Get(row, "name"),
                TeamId = teamId,
                Function = table.Get(row, "function"),
                Level = level,
                Location = table.Get(row, "location"),
                ManagerId = table.Get(row, "managerId"),
                Active = active,
                Performance = performance,
                Email = table.Get(row, "email"),
            });
            lines.Add(row.Line);
        }

        return new Result(new RosterInput { Teams = teams.Values.ToArray(), People = people }, lines, errors);
    }

    private static string Clip(string s) => s.Length <= 32 ? s : s[..32] + "…";

    /// <summary>The roster as CSV (RFC 4180, CRLF line ends), people in roster order.</summary>
    public static string Write(Roster roster)
    {
        var teams = roster.Teams.ToDictionary(t => t.Id, t => t.Name, StringComparer.Ordinal);
        var sb = new StringBuilder("id,name,teamId,teamName,function,level,location,managerId,active,performance,email\r\n");
        foreach (var p in roster.People)
        {
            string?[] fields =
            [
                p.Id, p.Name, p.TeamId, teams.GetValueOrDefault(p.TeamId), p.Function, p.Level.ToString(CultureInfo.InvariantCulture), p.Location,
                p.ManagerId, p.Active ? "true" : "false", p.Performance?.ToString("R", CultureInfo.InvariantCulture), p.Email,
            ];
            sb.AppendJoin(',', fields.Select(Quote)).Append("\r\n");
        }

        return sb.ToString();
    }

    private static string Quote(string? value) =>
        value is null ? "" : value.IndexOfAny([',', '"', '\n', '\r']) >= 0 || value.StartsWith(' ') || value.EndsWith(' ')
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;
}
