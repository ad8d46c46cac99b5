using SurveyNetwork.Domain.Survey;

namespace SurveyNetwork.Domain.Network;

/// <summary>Builds an <see cref="OrgNetwork"/> from plain ids and arcs, or from a cycle's survey data.</summary>
public static class NetworkGraphBuilder
{
    /// <summary>
    /// A network from node ids and arcs between them (ids, not indices). Self-loops and duplicate
    /// arcs are dropped; an id that is not a node throws, since plain input is expected to be clean.
    /// </summary>
    /// <param name="attributes">Per attribute name, one category label per node (in <paramref name="nodeIds"/> order).</param>
    public static OrgNetwork FromArcs(
        IReadOnlyList<string> nodeIds,
        IEnumerable<(string From, string To)> arcs,
        IEnumerable<KeyValuePair<string, IReadOnlyList<string>>>? attributes = null)
    {
        ArgumentNullException.ThrowIfNull(nodeIds);
        ArgumentNullException.ThrowIfNull(arcs);
        var index = new Dictionary<string, int>(nodeIds.Count, StringComparer.Ordinal);
        for (var i = 0; i < nodeIds.Count; i++)
        {
            index.TryAdd(nodeIds[i], i);
        }

        int IndexOf(string id) =>
            index.TryGetValue(id, out var i) ? i : throw new ArgumentException($"Arc names unknown node '{id}'.", nameof(arcs));

        var graph = NetworkGraph.Create(nodeIds, arcs.Select(a => (IndexOf(a.From), IndexOf(a.To))));
        var attrs = attributes?.Select(kv => NodeAttribute.FromValues(kv.Key, kv.Value)).ToArray();
        return new OrgNetwork(graph, attrs);
    }

    /// <summary>
    /// The network of one cycle: nodes are the active roster people (in roster order, respondents or
    /// not); arc i→j when respondent i named active roster person j. Contacts naming an unknown or
    /// inactive person, the respondent themself, or someone already named are ignored; outside
    /// contacts are not nodes but are kept for ego measures. When a respondent has several
    /// submissions the one with the highest version (then the latest) counts.
    /// </summary>
    /// <param name="questions">The cycle's question options (what was asked); defaults to the default question set.</param>
    public static OrgNetwork FromSurvey(Roster roster, IReadOnlyList<Submission> submissions, CycleOptions? questions = null)
    {
        ArgumentNullException.ThrowIfNull(roster);
        ArgumentNullException.ThrowIfNull(submissions);
        var people = roster.People.Where(p => p.Active).ToArray();
        var n = people.Length;
        var ids = new string[n];
        var index = new Dictionary<string, int>(n, StringComparer.Ordinal);
        for (var i = 0; i < n; i++)
        {
            ids[i] = people[i].Id;
            if (!index.TryAdd(people[i].Id, i))
            {
                throw new ArgumentException($"Roster person id '{people[i].Id}' occurs twice.", nameof(roster));
            }
        }

        var latest = new Submission?[n];
        foreach (var s in submissions)
        {
            if (s is null || !index.TryGetValue(s.RespondentId, out var r))
            {
                continue;
            }

            if (latest[r] is not { } current
                || s.Version > current.Version
                || (s.Version == current.Version && s.SubmittedAt > current.SubmittedAt))
            {
                latest[r] = s;
            }
        }

        // Sized once for every contact of the counting submissions (an upper bound on what is kept), so
        // a large organization's build allocates each flat array once instead of growing lists.
        long bound = 0;
        foreach (var s in latest)
        {
            bound += s?.Contacts?.Count ?? 0;
        }

        var capacity = checked((int)bound);
        var responded = new bool[n];
        var offsets = new int[n + 1];
        var targets = new int[capacity];
        var frequency = new byte[capacity];
        var personal = new bool[capacity];
        var giveBack = new byte[capacity];
        var benefits = new byte[capacity];
        var energy = new byte[capacity];
        var outOffsets = new int[n + 1];
        var outTargets = new int[capacity];
        var kept = 0;
        var arcCount = 0;
        var seen = new HashSet<int>();
        for (var i = 0; i < n; i++)
        {
            if (latest[i] is { } s)
            {
                responded[i] = true;
                seen.Clear();
                // Indexed loops: enumerating through the interfaces would allocate an enumerator per contact.
                var answers = s.Contacts ?? [];
                for (var a = 0; a < answers.Count; a++)
                {
                    var c = answers[a];
                    if (c is null)
                    {
                        continue;
                    }

                    int target;
                    if (c.PersonId is null)
                    {
                        target = SurveyContacts.Outside;
                    }
                    else if (index.TryGetValue(c.PersonId, out var j) && j != i && seen.Add(j))
                    {
                        target = j;
                        outTargets[arcCount++] = j;
                    }
                    else
                    {
                        continue;
                    }

                    targets[kept] = target;
                    frequency[kept] = Survey.Vocabulary.Frequency.IsDefined(c.Frequency) ? (byte)c.Frequency : (byte)0;
                    personal[kept] = c.Personal == true;
                    giveBack[kept] = c.GiveBack is { } g ? (byte)g : byte.MaxValue;
                    byte mask = 0;
                    var named = c.Benefits ?? [];
                    for (var x = 0; x < named.Count; x++)
                    {
                        var b = named[x];
                        if (b is >= Benefit.Solutions and <= Benefit.Legitimation)
                        {
                            mask |= SurveyContacts.BenefitBit(b);
                        }
                    }

                    benefits[kept] = mask;
                    energy[kept] = c.Energy is >= 1 and <= 5 ? (byte)c.Energy.Value : (byte)0;
                    kept++;
                }
            }

            offsets[i + 1] = kept;
            outOffsets[i + 1] = arcCount;
        }

        // Each respondent's arcs are distinct and not self-loops, in node order: the graph needs no global sort.
        var graph = NetworkGraph.FromOutSlices(ids, index, outOffsets, Fit(outTargets, arcCount));
        var attributes = new[]
        {
            NodeAttribute.FromValues(OrgAttributes.Team, people.Select(p => p.TeamId ?? "").ToArray()),
            NodeAttribute.FromValues(OrgAttributes.Function, people.Select(p => p.Function ?? "").ToArray()),
            NodeAttribute.FromValues(OrgAttributes.Level, people.Select(p => p.Level.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray(), NumericLabelComparer.Instance),
            NodeAttribute.FromValues(OrgAttributes.Location, people.Select(p => p.Location ?? "").ToArray()),
        };
        var contacts = new SurveyContacts(
            questions ?? new CycleOptions(),
            responded,
            offsets,
            Fit(targets, kept),
            Fit(frequency, kept),
            Fit(personal, kept),
            Fit(giveBack, kept),
            Fit(benefits, kept),
            Fit(energy, kept));
        return new OrgNetwork(graph, attributes, people.Select(p => p.Level).ToArray(), contacts);
    }

    /// <summary>The first <paramref name="count"/> elements: the array itself when it is exactly that long.</summary>
    private static T[] Fit<T>(T[] array, int count) => array.Length == count ? array : array[..count];
}
