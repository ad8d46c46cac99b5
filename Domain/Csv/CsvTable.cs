using System.Text;

namespace SurveyNetwork.Domain.Csv;

/// <summary>A CSV record with the 1-based line number it starts on.</summary>
public sealed record CsvRecord(int Line, IReadOnlyList<string> Fields);

/// <summary>The CSV text is not well formed at <see cref="Line"/>.</summary>
public sealed class CsvFormatException(int line, string message) : Exception(message)
{
    public int Line { get; } = line;
}

/// <summary>
/// RFC 4180 CSV with a header row: comma separated, double-quoted fields with "" escapes, CRLF or
/// LF line ends, an optional UTF-8 BOM. Header names are matched case-insensitively. A header line
/// with semicolons and no comma (as spreadsheets write in locales with a decimal comma) makes ';'
/// the separator.
/// </summary>
public sealed class CsvTable
{
    private readonly Dictionary<string, int> _columns;

    private CsvTable(IReadOnlyList<string> header, IReadOnlyList<CsvRecord> rows)
    {
        Header = header;
        Rows = rows;
        _columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Count; i++)
        {
            _columns.TryAdd(header[i].Trim(), i);
        }
    }

    public IReadOnlyList<string> Header { get; }

    public IReadOnlyList<CsvRecord> Rows { get; }

    public bool Has(string column) => _columns.ContainsKey(column);

    /// <summary>The trimmed field of a column, or null when the column is absent or the field is empty.</summary>
    public string? Get(CsvRecord row, string column) =>
        _columns.TryGetValue(column, out var i) && i < row.Fields.Count && row.Fields[i].Trim() is { Length: > 0 } v ? v : null;

    /// <summary>';' when the header line has semicolons and no comma, else ','.</summary>
    private static char Delimiter(string text)
    {
        var end = text.AsSpan().IndexOfAny('\r', '\n');
        var header = end < 0 ? text.AsSpan() : text.AsSpan(0, end);
        return header.Contains(';') && !header.Contains(',') ? ';' : ',';
    }

    /// <summary>Parses CSV text; throws <see cref="CsvFormatException"/> naming the line.</summary>
    public static CsvTable Parse(string text, int maxRows = int.MaxValue)
    {
        var records = new List<CsvRecord>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var i = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        var inQuotes = false;
        var fieldStarted = false;
        var delimiter = Delimiter(text);
        while (i < text.Length)
        {
            var ch = text[i];
            if (inQuotes)
            {
                if (ch == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i += 2;
                        continue;
                    }

                    inQuotes = false;
                    i++;
                    if (i < text.Length && text[i] != delimiter && text[i] is not ('\r' or '\n'))
                    {
                        throw new CsvFormatException(line, $"Line {line}: unexpected character after a closing quote.");
                    }

                    continue;
                }

                if (ch == '\n')
                {
                    line++;
                }

                field.Append(ch);
                i++;
                continue;
            }

            switch (ch)
            {
                case '"' when !fieldStarted:
                    inQuotes = true;
                    fieldStarted = true;
                    i++;
                    break;
                case '"':
                    throw new CsvFormatException(line, $"Line {line}: a quote inside an unquoted field.");
                case var d when d == delimiter:
                    fields.Add(field.ToString());
                    field.Clear();
                    fieldStarted = false;
                    i++;
                    break;
                case '\r' or '\n':
                    fields.Add(field.ToString());
                    field.Clear();
                    fieldStarted = false;
                    if (!(fields.Count == 1 && fields[0].Length == 0))
                    {
                        records.Add(new CsvRecord(recordLine, fields.ToArray()));
                        if (records.Count - 1 > maxRows)
                        {
                            throw new CsvFormatException(line, $"More than {maxRows:N0} rows.");
                        }
                    }

                    fields.Clear();
                    i += ch == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? 2 : 1;
                    line++;
                    recordLine = line;
                    break;
                default:
                    field.Append(ch);
                    fieldStarted = true;
                    i++;
                    break;
            }
        }

        if (inQuotes)
        {
            throw new CsvFormatException(recordLine, $"Line {recordLine}: a quoted field is never closed.");
        }

        if (fieldStarted || fields.Count > 0)
        {
            fields.Add(field.ToString());
            records.Add(new CsvRecord(recordLine, fields.ToArray()));
        }

        if (records.Count == 0)
        {
            throw new CsvFormatException(1, "The CSV has no header row.");
        }

        return new CsvTable(records[0].Fields, records.Skip(1).ToArray());
    }
}
