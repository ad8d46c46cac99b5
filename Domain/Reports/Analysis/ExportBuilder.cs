using SurveyNetwork.Domain.Network;
using SurveyNetwork.Domain.Reports.Model;
using SurveyNetwork.Domain.Survey;

namespace SurveyNetwork.Domain.Reports.Analysis;

/// <summary>
/// The graph behind GraphML and CSV exports. A team export holds the members (with measures), their
/// roster contacts in either direction (attributes only) and their outside contacts; an organization
/// export holds everyone. Measures appear only for people in published teams; ties a person in a
/// suppressed team made are never listed, and "reciprocated" counts only reverse ties that are
/// listed (<see cref="Privacy"/>). Energy ratings of colleagues appear only in named reports; ratings
/// of outside contacts always. Nodes are ordered by key, edges by source then target.
/// </summary>
internal static class ExportBuilder
{
    public static ExportGraph ForTeam(ReportAnalysis a, int team)
    {
        var data = a.Data;
        var g = data.Network.Graph;
        var members = data.Members[team];
        var nodes = new SortedSet<int>(members);
        var edges = new List<ExportEdge>();
        var outside = new List<ExportNode>();
        foreach (var i in members)
        {
            foreach (var j in g.Successors(i))
            {
                nodes.Add(j);
                edges.Add(Edge(a, i, j));
            }

            foreach (var j in g.Predecessors(i))
            {
                if (data.TeamOf[j] != team && MapBuilder.SenderVisible(data, j))
                {
                    nodes.Add(j);
                    edges.Add(Edge(a, j, i));
                }
            }

            AddOutside(a, i, outside, edges);
        }

        var exportNodes = nodes.Select(i => Node(a, i, withMeasures: data.TeamOf[i] == team)).Concat(outside);
        var inTeam = members.ToHashSet();
        return Sorted(exportNodes, edges) with { HeldBack = HeldBack(data, j => inTeam.Contains(j), withOutside: false) };
    }

    /// <summary>
    /// Everyone, every tie a published team's member named and their outside contacts, in the order
    /// <see cref="Sorted"/> gives a team's export; enumerated lazily, so that an organization of a
    /// million people is written one node and one edge at a time (the order needs one array of keys).
    /// </summary>
    public static ExportGraph ForOrganization(ReportAnalysis a)
    {
        var data = a.Data;
        return new ExportGraph(OrganizationNodes(a), OrganizationEdges(a))
        {
            HeldBack = HeldBack(data, _ => true, withOutside: true),
            ArcCount = data.Network.Graph.ArcCount,
        };
    }

    /// <summary>Every person, then the outside contacts of everyone visible, by key (ordinal; insertion order among equal keys).</summary>
    private static IEnumerable<ExportNode> OrganizationNodes(ReportAnalysis a)
    {
        var data = a.Data;
        var n = data.People.Length;
        var keys = new List<string>(n);
        var owners = new List<(int Person, int Outside)>(n);
        for (var i = 0; i < n; i++)
        {
            keys.Add(a.Keys[i]);
            owners.Add((i, 0));
        }

        for (var i = 0; i < n; i++)
        {
            if (!MapBuilder.SenderVisible(data, i))
            {
                continue;
            }

            for (var k = 1; k <= OutsideCount(a, i); k++)
            {
                keys.Add(OutsideKey(a, i, k));
                owners.Add((i, k));
            }
        }

        var order = ByKey(keys);
        List<ContactAnswer>? described = null;
        var describedOf = -1;
        foreach (var x in order)
        {
            var (i, k) = owners[x];
            if (k == 0)
            {
                yield return Node(a, i, withMeasures: MapBuilder.SenderVisible(data, i));
                continue;
            }

            if (describedOf != i)
            {
                described = OutsideContacts(data.Effective[i]!);
                describedOf = i;
            }

            yield return OutsideNode(keys[x], k <= described!.Count ? described[k - 1] : null);
        }
    }

    /// <summary>Each visible person's ties and outside contacts, sources by key and each source's targets by key.</summary>
    private static IEnumerable<ExportEdge> OrganizationEdges(ReportAnalysis a)
    {
        var data = a.Data;
        var g = data.Network.Graph;
        var contacts = data.Network.Contacts;
        var sources = new List<int>();
        for (var i = 0; i < g.NodeCount; i++)
        {
            if (MapBuilder.SenderVisible(data, i))
            {
                sources.Add(i);
            }
        }

        var sourceKeys = sources.ConvertAll(i => a.Keys[i]);
        var targets = new List<string>();
        var ends = new List<(int Colleague, int Contact)>();
        foreach (var s in ByKey(sourceKeys))
        {
            var i = sources[s];
            targets.Clear();
            ends.Clear();
            foreach (var j in g.Successors(i))
            {
                targets.Add(a.Keys[j]);
                ends.Add((j, -1));
            }

            if (contacts is not null && data.AnswersCount(i) && data.Effective[i] is not null)
            {
                var k = 0;
                for (var c = contacts.Offsets[i]; c < contacts.Offsets[i + 1]; c++)
                {
                    if (contacts.Targets[c] == SurveyContacts.Outside)
                    {
                        k++;
                        targets.Add(OutsideKey(a, i, k));
                        ends.Add((-1, c));
                    }
                }
            }

            foreach (var t in ByKey(targets))
            {
                var (j, c) = ends[t];
                if (j >= 0)
                {
                    yield return Edge(a, i, j);
                }
                else
                {
                    var (frequency, personal, giveBack, energy) = Answers(contacts!, c);
                    yield return new ExportEdge(a.Keys[i], targets[t], frequency, personal, giveBack, false, energy);
                }
            }
        }
    }

    /// <summary>Positions of <paramref name="keys"/> in ordinal order, equal keys in their order (as a stable sort).</summary>
    private static int[] ByKey(List<string> keys)
    {
        var order = new int[keys.Count];
        for (var x = 0; x < order.Length; x++)
        {
            order[x] = x;
        }

        Array.Sort(order, (x, y) => string.CompareOrdinal(keys[x], keys[y]) is var c && c != 0 ? c : x.CompareTo(y));
        return order;
    }

    /// <summary>How many outside contacts the person's counted answers name (as <see cref="AddOutside"/> lists them).</summary>
    private static int OutsideCount(ReportAnalysis a, int i)
    {
        var data = a.Data;
        var contacts = data.Network.Contacts;
        if (contacts is null || !data.AnswersCount(i) || data.Effective[i] is null)
        {
            return 0;
        }

        var count = 0;
        for (var c = contacts.Offsets[i]; c < contacts.Offsets[i + 1]; c++)
        {
            count += contacts.Targets[c] == SurveyContacts.Outside ? 1 : 0;
        }

        return count;
    }

    private static string OutsideKey(ReportAnalysis a, int i, int k) => a.Keys[i] + "~" + k.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static ExportNode OutsideNode(string key, ContactAnswer? d) =>
        new(key, OutsideLabel(d), true, d?.OutsideKind, null, null, null, null, null, null, null, null);

    /// <summary>
    /// The ties respondents in unpublished teams named (to colleagues <paramref name="listed"/> would
    /// otherwise take, and to outside contacts when <paramref name="withOutside"/>), counted from their
    /// answers as the network builder keeps them: known active colleagues other than themselves, each
    /// once. The counts are an aggregate of those answers, so they need k contributors and answers
    /// that count somewhere (<see cref="Privacy"/>).
    /// </summary>
    private static HeldBackAnswers HeldBack(PreparedCycle data, Func<int, bool> listed, bool withOutside)
    {
        int respondents = 0, contributors = 0, arcs = 0, outside = 0;
        var seen = new HashSet<int>();
        foreach (var i in data.UnpublishedRespondents)
        {
            var submission = data.Effective[i]!;
            respondents++;
            seen.Clear();
            int named = 0, beyond = 0;
            foreach (var c in submission.Contacts ?? [])
            {
                if (c is null)
                {
                    continue;
                }

                if (c.PersonId is null)
                {
                    beyond += withOutside ? 1 : 0;
                }
                else if (data.NodeOf.TryGetValue(c.PersonId, out var j) && j != i && seen.Add(j) && listed(j))
                {
                    named++;
                }
            }

            if (named + beyond > 0)
            {
                contributors++;
                arcs += named;
                outside += beyond;
            }
        }

        if (respondents == 0)
        {
            return HeldBackAnswers.None;
        }

        var k = data.Threshold.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var counted = !data.HeldBack && Privacy.MayShow(contributors, data.Threshold);
        var reason = data.HeldBack
            ? $"Ties named by people in teams with fewer than {k} respondents are not listed. Those teams together have fewer than {k} respondents, so their answers are left out of every figure, and how many ties they named is not stated."
            : $"Ties named by people in teams with fewer than {k} respondents are not listed, so that no one can read a small team's answers; they count in the organization's figures."
                + (counted ? "" : $" How many there are is not stated, because fewer than {k} people named them.");
        return new HeldBackAnswers(respondents, counted ? arcs : null, counted ? outside : null, data.HeldBack, reason);
    }

    private static ExportGraph Sorted(IEnumerable<ExportNode> nodes, List<ExportEdge> edges) =>
        new(
            nodes.OrderBy(n => n.Key, StringComparer.Ordinal).ToArray(),
            edges.OrderBy(e => e.Source, StringComparer.Ordinal).ThenBy(e => e.Target, StringComparer.Ordinal).ToArray());

    private static ExportNode Node(ReportAnalysis a, int i, bool withMeasures)
    {
        var data = a.Data;
        var p = data.People[i];
        var team = data.Teams[data.TeamOf[i]];
        var published = data.Published[data.TeamOf[i]];
        return new ExportNode(
            a.Keys[i],
            published ? a.WideLabels[i] : team.Name,
            false,
            null,
            team.Id,
            team.Name,
            p.Function,
            p.Level,
            p.Location,
            withMeasures ? data.Effective[i] is not null : null,
            !withMeasures ? null
                : TeamReportBuilder.ShowsAnswers(a, data.Members[data.TeamOf[i]]) ? a.Current.Values[i]
                : a.Current.Values[i].Where(m => m >= Measure.InDegree),
            withMeasures ? a.Roles[i] : null);
    }

    /// <summary>The arc from → to with the sender's answers about it.</summary>
    private static ExportEdge Edge(ReportAnalysis a, int from, int to)
    {
        var data = a.Data;
        var contacts = data.Network.Contacts!;
        var (frequency, personal, giveBack, energy) = (default(int?), default(bool?), default(int?), default(int?));
        for (var c = contacts.Offsets[from]; c < contacts.Offsets[from + 1]; c++)
        {
            if (contacts.Targets[c] == to)
            {
                (frequency, personal, giveBack, energy) = Answers(contacts, c);
                break;
            }
        }

        var reciprocated = MapBuilder.SenderVisible(data, to) && data.Network.Graph.HasArc(to, from);
        // A colleague's energy rating is left out of anonymized exports: summed per target it would
        // name the energizers (and the de-energizing) that anonymized reports only count (Role.Energizer).
        return new ExportEdge(a.Keys[from], a.Keys[to], frequency, personal, giveBack, reciprocated, data.Cycle.NamedReports ? energy : null);
    }

    private static (int? Frequency, bool? Personal, int? GiveBack, int? Energy) Answers(SurveyContacts contacts, int c)
    {
        var q = contacts.Questions;
        int? frequency = contacts.Frequency[c] >= Survey.Vocabulary.Frequency.MinScore && contacts.Frequency[c] <= Survey.Vocabulary.Frequency.MaxScore ? contacts.Frequency[c] : null;
        bool? personal = q.AskPersonal ? contacts.Personal[c] : null;
        int? giveBack = q.AskGiveBack && contacts.GiveBack[c] <= Survey.Vocabulary.GiveBack.MaxScore ? contacts.GiveBack[c] : null;
        var energy = q.AskEnergy ? contacts.EnergyAt(c) : null;
        return (frequency, personal, giveBack, energy);
    }

    /// <summary>
    /// The person's outside contacts as nodes "key~1", "key~2", … (answer order), labelled as the
    /// respondent described them, with an edge each.
    /// </summary>
    private static void AddOutside(ReportAnalysis a, int i, List<ExportNode> nodes, List<ExportEdge> edges)
    {
        var data = a.Data;
        var contacts = data.Network.Contacts;
        if (contacts is null || !data.AnswersCount(i) || data.Effective[i] is not { } submission)
        {
            return;
        }

        var described = OutsideContacts(submission);
        var k = 0;
        for (var c = contacts.Offsets[i]; c < contacts.Offsets[i + 1]; c++)
        {
            if (contacts.Targets[c] != SurveyContacts.Outside)
            {
                continue;
            }

            var d = k < described.Count ? described[k] : null;
            k++;
            var key = OutsideKey(a, i, k);
            nodes.Add(OutsideNode(key, d));
            var (frequency, personal, giveBack, energy) = Answers(contacts, c);
            edges.Add(new ExportEdge(a.Keys[i], key, frequency, personal, giveBack, false, energy));
        }
    }

    /// <summary>Outside contacts in answer order, exactly as the network builder keeps them.</summary>
    internal static List<ContactAnswer> OutsideContacts(Submission submission) =>
        (submission.Contacts ?? []).Where(c => c is not null && c.PersonId is null).ToList();

    internal static string OutsideLabel(ContactAnswer? c) =>
        !string.IsNullOrWhiteSpace(c?.OutsideLabel) ? c.OutsideLabel.Trim()
        : c?.OutsideKind is { } kind ? OutsideContact.KindLabel(kind)
        : "Outside contact";
}
