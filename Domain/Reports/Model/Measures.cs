using System.Text.Json.Serialization;
using System.Text.Json;

namespace SurveyNetwork.Domain.Reports.Model;

/// <summary>
/// The person-level measures a report shows, per member and as averages. The first group is the
/// article's lens (Cross, Davenport &amp; Cantrell 2003), computed from a respondent's own answers;
/// the last five are structural (see Domain/Network), computed on the whole network.
/// </summary>
public enum Measure
{
    /// <summary>Roster contacts named plus contacts outside the organization.</summary>
    NetworkSize,
    /// <summary>Share of contacts in another team.</summary>
    OtherTeam,
    /// <summary>Share of contacts in another function.</summary>
    OtherFunction,
    /// <summary>Share of contacts at a more senior level.</summary>
    LevelUp,
    /// <summary>Share of contacts at a more junior level.</summary>
    LevelDown,
    /// <summary>Share of contacts at another location.</summary>
    OtherLocation,
    /// <summary>Share of contacts outside the organization.</summary>
    OutsideOrganization,
    /// <summary>Mean of the normalized Blau indices below that are defined.</summary>
    Diversity,
    DiversityTeam,
    DiversityFunction,
    DiversityLevel,
    DiversityLocation,
    /// <summary>Share of contacts that are personal as well as professional.</summary>
    PersonalShare,
    /// <summary>Mean frequency, 1 (less than monthly) … 4 (daily).</summary>
    TieStrength,
    /// <summary>Share of the colleagues named who also named the person.</summary>
    ReciprocatedShare,
    /// <summary>Mean reported give-back, 0 (never) … 3 (often).</summary>
    GiveBack,
    /// <summary>Share of energy-rated contacts rated energizing (4–5).</summary>
    Energizing,
    /// <summary>Share of energy-rated contacts rated de-energizing (1–2).</summary>
    DeEnergizing,
    BenefitSolutions,
    BenefitPointers,
    BenefitReformulation,
    BenefitValidation,
    BenefitLegitimation,
    InDegree,
    OutDegree,
    Betweenness,
    Constraint,
    EffectiveSize,
}

/// <summary>How a measure's value reads.</summary>
public enum MeasureKind
{
    Count,
    Share,
    Scale,
    Index,
    Centrality,
}

/// <summary>Labels, sections and scales of the measures, in the order reports list them.</summary>
public static class MeasureCatalog
{
    public sealed record Entry(Measure Measure, string Section, string Label, string Help, MeasureKind Kind, double? ScaleMax)
    {
        /// <summary>True for counts a person holds whole (not effective size, which is fractional).</summary>
        public bool WholeForPerson => Kind == MeasureKind.Count && Measure != Measure.EffectiveSize;
    }

    public static readonly IReadOnlyList<Entry> All =
    [
        new(Measure.NetworkSize, "Size", "Network size", "Colleagues named plus contacts outside the organization", MeasureKind.Count, null),
        new(Measure.OtherTeam, "Across boundaries", "Another team", "Share of contacts in another team", MeasureKind.Share, 1),
        new(Measure.OtherFunction, "Across boundaries", "Another function", "Share of contacts in another function", MeasureKind.Share, 1),
        new(Measure.LevelUp, "Across boundaries", "Level up", "Share of contacts at a more senior level", MeasureKind.Share, 1),
        new(Measure.LevelDown, "Across boundaries", "Level down", "Share of contacts at a more junior level", MeasureKind.Share, 1),
        new(Measure.OtherLocation, "Across boundaries", "Another location", "Share of contacts at another site", MeasureKind.Share, 1),
        new(Measure.OutsideOrganization, "Across boundaries", "Outside the organization", "Share of contacts outside the organization", MeasureKind.Share, 1),
        new(Measure.Diversity, "Diversity", "Diversity (overall)", "Mean normalized Blau index over team, function, level and location (0 = all alike, 1 = evenly spread)", MeasureKind.Index, 1),
        new(Measure.DiversityTeam, "Diversity", "Diversity by team", "Normalized Blau index of the teams of the colleagues named", MeasureKind.Index, 1),
        new(Measure.DiversityFunction, "Diversity", "Diversity by function", "Normalized Blau index of their functions", MeasureKind.Index, 1),
        new(Measure.DiversityLevel, "Diversity", "Diversity by level", "Normalized Blau index of their levels", MeasureKind.Index, 1),
        new(Measure.DiversityLocation, "Diversity", "Diversity by location", "Normalized Blau index of their locations", MeasureKind.Index, 1),
        new(Measure.PersonalShare, "Relationships", "Personal as well as professional", "Share of contacts marked personal", MeasureKind.Share, 1),
        new(Measure.TieStrength, "Relationships", "Tie strength", "Mean frequency: 1 less than monthly, 2 monthly, 3 weekly, 4 daily", MeasureKind.Scale, 4),
        new(Measure.ReciprocatedShare, "Relationships", "Mutual nominations", "Share of colleagues named who also named them", MeasureKind.Share, 1),
        new(Measure.GiveBack, "Relationships", "Give-back", "How often contacts come to them for help: 0 never, 1 rarely, 2 sometimes, 3 often", MeasureKind.Scale, 3),
        new(Measure.Energizing, "Energy", "Energizing ties", "Share of contacts rated 4–5 (energizing) among those rated for energy (Cross, Baker & Parker 2003)", MeasureKind.Share, 1),
        new(Measure.DeEnergizing, "Energy", "De-energizing ties", "Share of contacts rated 1–2 (de-energizing) among those rated for energy", MeasureKind.Share, 1),
        new(Measure.BenefitSolutions, "What people get", "Solutions", "Share of contacts who provide solutions", MeasureKind.Share, 1),
        new(Measure.BenefitPointers, "What people get", "Pointers to who knows", "Share of contacts who point to others who know", MeasureKind.Share, 1),
        new(Measure.BenefitReformulation, "What people get", "Problem reformulation", "Share of contacts who help rethink the problem", MeasureKind.Share, 1),
        new(Measure.BenefitValidation, "What people get", "Validation", "Share of contacts who validate plans", MeasureKind.Share, 1),
        new(Measure.BenefitLegitimation, "What people get", "Legitimation", "Share of contacts who lend legitimacy", MeasureKind.Share, 1),
        new(Measure.InDegree, "Structure", "Sought out by (in-degree)", "Colleagues who named them", MeasureKind.Count, null),
        new(Measure.OutDegree, "Structure", "Colleagues named (out-degree)", "Colleagues they named", MeasureKind.Count, null),
        new(Measure.Betweenness, "Structure", "Betweenness", "Share of shortest paths between others that pass through them (Brandes 2001, normalized)", MeasureKind.Centrality, null),
        new(Measure.Constraint, "Structure", "Constraint", "Burt's constraint: high when contacts are tied to each other (0 … 1+)", MeasureKind.Index, null),
        new(Measure.EffectiveSize, "Structure", "Effective size", "Burt's effective size: non-redundant contacts", MeasureKind.Count, null),
    ];

    private static readonly Entry[] ByMeasure = All.OrderBy(e => e.Measure).ToArray();

    public static Entry Of(Measure m) => ByMeasure[(int)m];

    /// <summary>The lens measures (answers), before the structural ones.</summary>
    public static IEnumerable<Entry> Lens => All.Where(e => e.Measure < Measure.InDegree);

    public static IEnumerable<Entry> Structural => All.Where(e => e.Measure >= Measure.InDegree);

    public static int Count => All.Count;

    internal static string JsonName(Measure m) => JsonNamingPolicy.CamelCase.ConvertName(m.ToString());
}

/// <summary>
/// One value (or null) per <see cref="Measure"/>: a person's values, or a group's averages, or
/// differences. Serialized as a JSON object with every measure in catalog order.
/// </summary>
[JsonConverter(typeof(MeasureSetJsonConverter))]
public sealed class MeasureSet
{
    // Values and a bit per defined value: a report job holds one set per person (a million at the
    // largest), where nullable doubles would take twice the memory.
    private readonly double[] _values;
    private readonly ulong _defined;

    internal MeasureSet(double?[] values)
    {
        if (values.Length != MeasureCatalog.Count || values.Length > 64)
        {
            throw new ArgumentException("One value per measure is required.", nameof(values));
        }

        _values = new double[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] is { } v)
            {
                _values[i] = v;
                _defined |= 1UL << i;
            }
        }
    }

    public double? this[Measure measure] => Get((int)measure);

    private double? Get(int i) => (_defined & (1UL << i)) != 0 ? _values[i] : null;

    public static MeasureSet Empty { get; } = new(new double?[MeasureCatalog.Count]);

    /// <summary>Share of contacts outside the person's team (other teams plus outside the organization).</summary>
    internal double? OutsideTeamShare =>
        this[Measure.OtherTeam] is { } team && this[Measure.OutsideOrganization] is { } outside ? team + outside : null;

    /// <summary>A copy keeping only the measures <paramref name="keep"/> accepts.</summary>
    internal MeasureSet Where(Func<Measure, bool> keep)
    {
        var copy = new double?[_values.Length];
        for (var i = 0; i < copy.Length; i++)
        {
            copy[i] = keep((Measure)i) ? Get(i) : null;
        }

        return new MeasureSet(copy);
    }

    /// <summary>Mean of each measure over the sets where it is defined (null where none is).</summary>
    internal static MeasureSet Mean(IEnumerable<MeasureSet> sets)
    {
        var sum = new double[MeasureCatalog.Count];
        var count = new int[MeasureCatalog.Count];
        foreach (var s in sets)
        {
            for (var i = 0; i < sum.Length; i++)
            {
                if (s.Get(i) is { } v)
                {
                    sum[i] += v;
                    count[i]++;
                }
            }
        }

        var mean = new double?[sum.Length];
        for (var i = 0; i < sum.Length; i++)
        {
            mean[i] = count[i] > 0 ? sum[i] / count[i] : null;
        }

        return new MeasureSet(mean);
    }

    /// <summary>current − previous, per measure, where both are defined.</summary>
    internal static MeasureSet Difference(MeasureSet current, MeasureSet previous)
    {
        var d = new double?[MeasureCatalog.Count];
        for (var i = 0; i < d.Length; i++)
        {
            d[i] = current.Get(i) is { } c && previous.Get(i) is { } p ? c - p : null;
        }

        return new MeasureSet(d);
    }

    private sealed class MeasureSetJsonConverter : JsonConverter<MeasureSet>
    {
        public override MeasureSet Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var values = new double?[MeasureCatalog.Count];
            using var doc = JsonDocument.ParseValue(ref reader);
            foreach (var entry in MeasureCatalog.All)
            {
                if (doc.RootElement.TryGetProperty(MeasureCatalog.JsonName(entry.Measure), out var v) && v.ValueKind == JsonValueKind.Number)
                {
                    values[(int)entry.Measure] = v.GetDouble();
                }
            }

            return new MeasureSet(values);
        }

        public override void Write(Utf8JsonWriter writer, MeasureSet value, JsonSerializerOptions options)
        {
            writer.WriteStartObject();
            foreach (var entry in MeasureCatalog.All)
            {
                writer.WritePropertyName(MeasureCatalog.JsonName(entry.Measure));
                if (value[entry.Measure] is { } v)
                {
                    writer.WriteNumberValue(v);
                }
                else
                {
                    writer.WriteNullValue();
                }
            }

            writer.WriteEndObject();
        }
    }
}
