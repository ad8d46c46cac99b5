using SurveyNetwork.Domain.Survey;

namespace SurveyNetwork.Domain.Network;

/// <summary>
/// Everything the analysis needs about one relation of one cycle: the graph over the active
/// roster, the categorical node attributes, the ordinal levels (for "up"/"down") and the
/// respondents' contact answers (for ego measures that also count outside contacts).
/// Build one with <see cref="NetworkGraphBuilder"/>.
/// </summary>
public sealed class OrgNetwork
{
    public OrgNetwork(
        NetworkGraph graph,
        IReadOnlyList<NodeAttribute>? attributes = null,
        IReadOnlyList<int>? levels = null,
        SurveyContacts? contacts = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        Graph = graph;
        Attributes = attributes ?? [];
        foreach (var a in Attributes)
        {
            if (a.Codes.Length != graph.NodeCount)
            {
                throw new ArgumentException($"Attribute '{a.Name}' has {a.Codes.Length} values for {graph.NodeCount} nodes.", nameof(attributes));
            }
        }

        if (Attributes.Select(a => a.Name).Distinct(StringComparer.Ordinal).Count() != Attributes.Count)
        {
            throw new ArgumentException("Attribute names must be unique.", nameof(attributes));
        }

        if (levels is not null && levels.Count != graph.NodeCount)
        {
            throw new ArgumentException("One level per node is required.", nameof(levels));
        }

        if (contacts is not null && contacts.NodeCount != graph.NodeCount)
        {
            throw new ArgumentException("Contacts must cover every node.", nameof(contacts));
        }

        Levels = levels;
        Contacts = contacts;
    }

    public NetworkGraph Graph { get; }

    /// <summary>Categorical attributes, in the order reports list them.</summary>
    public IReadOnlyList<NodeAttribute> Attributes { get; }

    /// <summary>Ordinal level of every node (larger is more senior); null when unknown.</summary>
    public IReadOnlyList<int>? Levels { get; }

    /// <summary>The respondents' contact answers; null for a graph that did not come from a survey.</summary>
    public SurveyContacts? Contacts { get; }

    public NodeAttribute? Attribute(string name) =>
        Attributes.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.Ordinal));
}

/// <summary>Names of the roster attributes a survey network carries.</summary>
public static class OrgAttributes
{
    public const string Team = "team";
    public const string Function = "function";
    public const string Level = "level";
    public const string Location = "location";
}

/// <summary>
/// The contacts each respondent named, kept after cleaning (known active roster people other than
/// the respondent, each once; and every outside contact), in compact per-node slices. A roster
/// contact stores its node index; an outside contact stores −1. Each kept roster contact is one arc of
/// the graph, so its answers (frequency, personal, give-back, benefits, energy) are the arc's.
/// </summary>
public sealed class SurveyContacts
{
    /// <summary>Marker stored as the target of a contact outside the organization.</summary>
    public const int Outside = -1;

    internal readonly bool[] Responded;
    internal readonly int[] Offsets;
    internal readonly int[] Targets;
    internal readonly byte[] Frequency;
    internal readonly bool[] Personal;
    internal readonly byte[] GiveBack;
    internal readonly byte[] Benefits;
    internal readonly byte[] Energy;

    internal SurveyContacts(
        CycleOptions questions,
        bool[] responded,
        int[] offsets,
        int[] targets,
        byte[] frequency,
        bool[] personal,
        byte[] giveBack,
        byte[] benefits,
        byte[] energy)
    {
        Questions = questions;
        Responded = responded;
        Offsets = offsets;
        Targets = targets;
        Frequency = frequency;
        Personal = personal;
        GiveBack = giveBack;
        Benefits = benefits;
        Energy = energy;
    }

    /// <summary>Which questions the cycle asked; measures of questions not asked are null.</summary>
    public CycleOptions Questions { get; }

    public int NodeCount => Responded.Length;

    public bool HasResponded(int node) => Responded[node];

    /// <summary>Number of contacts kept for this node (roster + outside).</summary>
    public int ContactCount(int node) => Offsets[node + 1] - Offsets[node];

    /// <summary>Targets of this node's contacts: node index, or <see cref="Outside"/>.</summary>
    public ReadOnlySpan<int> TargetsOf(int node) => Targets.AsSpan(Offsets[node], ContactCount(node));

    /// <summary>
    /// The energy rating the respondent gave the contact at position <paramref name="contact"/> of the
    /// flat contact arrays (its arc, for a roster contact), 1–5; null when not rated.
    /// </summary>
    internal int? EnergyAt(int contact) =>
        Energy[contact] is >= Survey.Vocabulary.EnergyMin and <= Survey.Vocabulary.EnergyMax ? Energy[contact] : null;

    internal static byte BenefitBit(Benefit benefit) => (byte)(1 << ((int)benefit - 1));
}
