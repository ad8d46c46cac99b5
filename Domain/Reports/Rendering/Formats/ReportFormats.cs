using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json.Serialization;
using System.Text.Json;
using System.Text;
using System.Xml;
using SurveyNetwork.Domain.Reports.Model;
using SurveyNetwork.Domain.Reports.Rendering;

namespace SurveyNetwork.Domain.Reports.Rendering;

/// <summary>
/// Serializes reports: JSON (System.Text.Json, camelCase, compact: a team report's map alone is 40% indentation), a self-contained HTML page,
/// GraphML, a CSV edge list and a CSV people table. All are UTF-8 without BOM with "\n" line ends, culture-invariant
/// and deterministic: the same report gives the same bytes.
/// </summary>
public static class ReportFormats
{
    /// <summary>The options reports are written with; the API description exports their schemas with them too.</summary>
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.Default,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    public static byte[] Json(TeamReport r) => JsonBytes(r);

    public static byte[] Json(OrganizationReport r) => JsonBytes(r);

    public static byte[] Json(PersonalProfile p) => JsonBytes(p);

    public static byte[] Html(TeamReport r) => TeamPage.Render(r).ToUtf8();

    public static byte[] Html(OrganizationReport r) => OrganizationPage.Render(r).ToUtf8();

    public static byte[] Html(PersonalProfile p) => ProfilePage.Render(p).ToUtf8();

    /// <summary>The picture of a person's own network, as SVG markup (the same profile gives the same text).</summary>
    public static string ProfileNetwork(PersonalProfile p) => ProfileNetworkSvg.Render(p);

    public static byte[] GraphMl(TeamReport r) => GraphMlWriter.Write(r.Export, $"team {r.TeamId}, cycle {r.CycleId}");

    public static byte[] GraphMl(OrganizationReport r) => GraphMlWriter.Write(r.Export, $"organization {r.OrgId}, cycle {r.CycleId}");

    public static byte[] CsvEdges(TeamReport r) => CsvEdgeWriter.Write(r.Export);

    public static byte[] CsvEdges(OrganizationReport r) => CsvEdgeWriter.Write(r.Export);

    public static byte[] CsvPeople(TeamReport r) => CsvPeopleWriter.Write(r.Export);

    public static byte[] CsvPeople(OrganizationReport r) => CsvPeopleWriter.Write(r.Export);

    /// <summary>
    /// Ties between colleagues the organization's exports list at most: GraphML takes about 190 bytes
    /// per tie and 2–3 KB per person, so above a million or so they are written with
    /// <see cref="WriteGraphMl"/> and the other Write methods rather than held as one array.
    /// </summary>
    public static long ExportArcCount(OrganizationReport r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return r.Export.ArcCount;
    }

    /// <summary>The bytes of <see cref="GraphMl(OrganizationReport)"/>, written to <paramref name="output"/> as they are made.</summary>
    public static void WriteGraphMl(OrganizationReport r, Stream output)
    {
        ArgumentNullException.ThrowIfNull(r);
        GraphMlWriter.Write(r.Export, $"organization {r.OrgId}, cycle {r.CycleId}", output);
    }

    /// <summary>The bytes of <see cref="CsvEdges(OrganizationReport)"/>, written to <paramref name="output"/> as they are made.</summary>
    public static void WriteCsvEdges(OrganizationReport r, Stream output)
    {
        ArgumentNullException.ThrowIfNull(r);
        CsvEdgeWriter.Write(r.Export, output);
    }

    /// <summary>The bytes of <see cref="CsvPeople(OrganizationReport)"/>, written to <paramref name="output"/> as they are made.</summary>
    public static void WriteCsvPeople(OrganizationReport r, Stream output)
    {
        ArgumentNullException.ThrowIfNull(r);
        CsvPeopleWriter.Write(r.Export, output);
    }

    private static byte[] JsonBytes<T>(T value)
    {
        using var stream = ReportBuffers.Stream();
        JsonSerializer.Serialize(stream, value, JsonOptions);
        stream.WriteByte((byte)'\n');
        return stream.ToArray();
    }
}

/// <summary>
/// GraphML (graphdrawing.org) for Gephi, networkx.read_graphml and igraph: a directed graph that
/// says what the privacy rules held back (respondents, ties, outside contacts, and why), whose
/// nodes carry label, kind (person / outside), team, function, level, location and every measure,
/// and whose edges carry frequency, personal, giveBack, reciprocated and energy (1–5; for colleagues only in named
/// reports). XmlWriter escapes every value;
/// characters XML forbids are replaced first.
/// </summary>
internal static class GraphMlWriter
{
    private const string Ns = "http://graphml.graphdrawing.org/xmlns";

    private static readonly (string Id, string For, string Name, string Type)[] NodeKeys =
    [
        ("label", "node", "label", "string"),
        ("kind", "node", "kind", "string"),
        ("outsideKind", "node", "outsideKind", "string"),
        ("teamId", "node", "teamId", "string"),
        ("team", "node", "team", "string"),
        ("function", "node", "function", "string"),
        ("level", "node", "level", "int"),
        ("location", "node", "location", "string"),
        ("responded", "node", "responded", "boolean"),
        ("roles", "node", "roles", "string"),
    ];

    private static readonly (Measure Measure, string Key)[] MeasureKeys =
        MeasureCatalog.All.Select(e => (e.Measure, "m_" + MeasureCatalog.JsonName(e.Measure))).ToArray();

    private static readonly (string Id, string For, string Name, string Type)[] GraphKeys =
    [
        ("heldBackRespondents", "graph", "heldBackRespondents", "int"),
        ("heldBackArcs", "graph", "heldBackArcs", "int"),
        ("heldBackOutsideContacts", "graph", "heldBackOutsideContacts", "int"),
        ("heldBackReason", "graph", "heldBackReason", "string"),
    ];

    private static readonly (string Id, string For, string Name, string Type)[] EdgeKeys =
    [
        ("frequency", "edge", "frequency", "int"),
        ("personal", "edge", "personal", "boolean"),
        ("giveBack", "edge", "giveBack", "int"),
        ("reciprocated", "edge", "reciprocated", "boolean"),
        ("energy", "edge", "energy", "int"),
    ];

    public static byte[] Write(ExportGraph graph, string description)
    {
        using var stream = ReportBuffers.Stream();
        Write(graph, description, stream);
        return stream.ToArray();
    }

    public static void Write(ExportGraph graph, string description, Stream stream)
    {
        var settings = new XmlWriterSettings
        {
            Encoding = new UTF8Encoding(false),
            Indent = true,
            IndentChars = "  ",
            NewLineChars = "\n",
            NewLineHandling = NewLineHandling.Entitize,
            CheckCharacters = true,
            CloseOutput = false,
        };
        using (var w = XmlWriter.Create(stream, settings))
        {
            w.WriteStartDocument();
            w.WriteStartElement("graphml", Ns);
            w.WriteComment(" " + Html.XmlSafe(description).Replace("--", "- -", StringComparison.Ordinal) + " ");
            foreach (var k in GraphKeys.Concat(NodeKeys).Concat(MeasureKeys.Select(m => (Id: m.Key, For: "node", Name: m.Key[2..], Type: "double"))).Concat(EdgeKeys))
            {
                w.WriteStartElement("key", Ns);
                w.WriteAttributeString("id", k.Id);
                w.WriteAttributeString("for", k.For);
                w.WriteAttributeString("attr.name", k.Name);
                w.WriteAttributeString("attr.type", k.Type);
                w.WriteEndElement();
            }

            w.WriteStartElement("graph", Ns);
            w.WriteAttributeString("id", "G");
            w.WriteAttributeString("edgedefault", "directed");
            var held = graph.HeldBack;
            Data(w, "heldBackRespondents", held.Respondents.ToString(CultureInfo.InvariantCulture));
            Data(w, "heldBackArcs", held.Arcs?.ToString(CultureInfo.InvariantCulture));
            Data(w, "heldBackOutsideContacts", held.OutsideContacts?.ToString(CultureInfo.InvariantCulture));
            Data(w, "heldBackReason", held.Reason);
            foreach (var n in graph.Nodes)
            {
                w.WriteStartElement("node", Ns);
                w.WriteAttributeString("id", Html.XmlSafe(n.Key));
                Data(w, "label", n.Label);
                Data(w, "kind", n.Outside ? "outside" : "person");
                Data(w, "outsideKind", n.OutsideKind is { } ok ? JsonNamingPolicy.CamelCase.ConvertName(ok.ToString()) : null);
                Data(w, "teamId", n.TeamId);
                Data(w, "team", n.Team);
                Data(w, "function", n.Function);
                Data(w, "level", n.Level?.ToString(CultureInfo.InvariantCulture));
                Data(w, "location", n.Location);
                Data(w, "responded", n.Responded is { } r ? (r ? "true" : "false") : null);
                Data(w, "roles", n.Roles is { Count: > 0 } roles ? string.Join(",", roles.Select(x => JsonNamingPolicy.CamelCase.ConvertName(x.ToString()))) : null);
                if (n.Measures is { } m)
                {
                    foreach (var (measure, key) in MeasureKeys)
                    {
                        Data(w, key, m[measure]?.ToString("R", CultureInfo.InvariantCulture));
                    }
                }

                w.WriteEndElement();
            }

            foreach (var e in graph.Edges)
            {
                w.WriteStartElement("edge", Ns);
                w.WriteAttributeString("source", Html.XmlSafe(e.Source));
                w.WriteAttributeString("target", Html.XmlSafe(e.Target));
                Data(w, "frequency", e.Frequency?.ToString(CultureInfo.InvariantCulture));
                Data(w, "personal", e.Personal is { } p ? (p ? "true" : "false") : null);
                Data(w, "giveBack", e.GiveBack?.ToString(CultureInfo.InvariantCulture));
                Data(w, "reciprocated", e.Reciprocated ? "true" : "false");
                Data(w, "energy", e.Energy?.ToString(CultureInfo.InvariantCulture));
                w.WriteEndElement();
            }

            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteEndDocument();
        }

        stream.WriteByte((byte)'\n');
    }

    private static void Data(XmlWriter w, string key, string? value)
    {
        if (value is null)
        {
            return;
        }

        w.WriteStartElement("data", Ns);
        w.WriteAttributeString("key", key);
        w.WriteString(Html.XmlSafe(value));
        w.WriteEndElement();
    }
}

/// <summary>
/// CSV edge list (RFC 4180): source,target,frequency,personal,giveBack,reciprocated,energy, one row per
/// edge. Cells are quoted when they contain a comma, quote or line break (carriage returns become
/// line feeds); a cell starting with = + - @ or a tab is prefixed with a single quote so spreadsheets
/// do not run it as a formula (OWASP CSV injection).
/// </summary>
internal static class CsvEdgeWriter
{
    public static byte[] Write(ExportGraph graph)
    {
        using var stream = ReportBuffers.Stream();
        Write(graph, stream);
        return stream.ToArray();
    }

    public static void Write(ExportGraph graph, Stream output)
    {
        var sb = new StringBuilder(8 * 1024);
        var encoder = ReportBuffers.NewEncoder();
        sb.Append("source,target,frequency,personal,giveBack,reciprocated,energy\n");
        foreach (var e in graph.Edges)
        {
            Spill(sb, output, encoder);
            sb.Append(Cell(e.Source)).Append(',')
                .Append(Cell(e.Target)).Append(',')
                .Append(e.Frequency?.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(e.Personal is { } p ? (p ? "true" : "false") : "").Append(',')
                .Append(e.GiveBack?.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(e.Reciprocated ? "true" : "false").Append(',')
                .Append(e.Energy?.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        ReportBuffers.WriteUtf8(sb, output, encoder, flush: true);
    }

    /// <summary>Writes out what <paramref name="sb"/> holds once it is 64 K characters long, between rows.</summary>
    internal static void Spill(StringBuilder sb, Stream output, System.Text.Encoder encoder)
    {
        if (sb.Length < 64 * 1024)
        {
            return;
        }

        ReportBuffers.WriteUtf8(sb, output, encoder, flush: false);
        sb.Clear();
    }

    internal static string Cell(string value)
    {
        // Line breaks inside a value become "\n", so the file has "\n" line ends only.
        value = Html.XmlSafe(value).Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}

/// <summary>
/// CSV people table (RFC 4180), one row per person of the export (outside contacts are in the edge
/// list only): key, label, team, function, level, location, responded, roles, then every measure of
/// the catalog by its JSON name. It holds exactly what the GraphML's nodes hold, so the privacy rules
/// that filled the export decide it too: a value withheld or not reported is an empty cell. Cells
/// are escaped as in <see cref="CsvEdgeWriter"/>.
/// </summary>
internal static class CsvPeopleWriter
{
    public static byte[] Write(ExportGraph graph)
    {
        using var stream = ReportBuffers.Stream();
        Write(graph, stream);
        return stream.ToArray();
    }

    public static void Write(ExportGraph graph, Stream output)
    {
        var encoder = ReportBuffers.NewEncoder();
        var sb = new StringBuilder("key,label,teamId,team,function,level,location,responded,roles");
        foreach (var entry in MeasureCatalog.All)
        {
            sb.Append(',').Append(MeasureCatalog.JsonName(entry.Measure));
        }

        sb.Append('\n');
        foreach (var n in graph.Nodes.Where(n => !n.Outside))
        {
            CsvEdgeWriter.Spill(sb, output, encoder);
            sb.Append(CsvEdgeWriter.Cell(n.Key)).Append(',')
                .Append(CsvEdgeWriter.Cell(n.Label)).Append(',')
                .Append(CsvEdgeWriter.Cell(n.TeamId ?? "")).Append(',')
                .Append(CsvEdgeWriter.Cell(n.Team ?? "")).Append(',')
                .Append(CsvEdgeWriter.Cell(n.Function ?? "")).Append(',')
                .Append(n.Level?.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(CsvEdgeWriter.Cell(n.Location ?? "")).Append(',')
                .Append(n.Responded is { } r ? (r ? "true" : "false") : "").Append(',')
                .Append(n.Roles is { Count: > 0 } roles ? CsvEdgeWriter.Cell(string.Join(" ", roles.Select(x => JsonNamingPolicy.CamelCase.ConvertName(x.ToString())))) : "");
            foreach (var entry in MeasureCatalog.All)
            {
                sb.Append(',').Append(n.Measures?[entry.Measure]?.ToString("R", CultureInfo.InvariantCulture));
            }

            sb.Append('\n');
        }

        ReportBuffers.WriteUtf8(sb, output, encoder, flush: true);
    }
}
