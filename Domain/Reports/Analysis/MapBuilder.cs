using SurveyNetwork.Domain.Network;
using SurveyNetwork.Domain.Reports.Model;
using SurveyNetwork.Domain.Survey;

namespace SurveyNetwork.Domain.Reports.Analysis;

/// <summary>
/// Builds the network maps. A team map shows the team's members (outlined) and their direct
/// contacts; an organization map shows everyone, or — above <see cref="MaxNodes"/> people — one
/// node per team. Every map is coloured four times over the same layout, once per boundary (level,
/// function, location, team or unit), with at most eight colours and an "other" bucket. Contacts
/// outside the organization are one node per kind in a band on the right. Ties are directed; a
/// team map above the limit keeps the members and the contacts with most ties to the team. Circle
/// area grows with in-degree (team size when aggregated); labels are unique within a map, placed
/// greedily, largest nodes first, and skipped where they would overlap a node or another label.
/// Privacy (<see cref="Privacy"/>): ties made by people in suppressed teams are never drawn;
/// outside contacts are drawn only where the team's report may show per-member answers; an
/// aggregated tie count is shown only when at least k people made those nominations.
/// </summary>
internal static class MapBuilder
{
    public const int MaxNodes = 200;
    public const int TeamWidth = 640;
    public const int OrganizationWidth = 960;
    private const double Margin = 24;
    private const double BandWidth = 150;
    private const int PaletteSize = 8;

    /// <summary>A node before layout: its category per panel (null: not coloured).</summary>
    private sealed record Draft(string Key, string? Label, string Title, double Radius, bool Highlight, MapNodeKind Kind, string?[] Categories);

    private static readonly (string Boundary, string Title)[] PersonPanels =
        [("level", "By level"), ("function", "By function"), ("location", "By location"), ("team", "By team")];

    private static readonly (string Boundary, string Title)[] TeamPanels =
        [("level", "By most common level"), ("function", "By most common function"), ("location", "By most common location"), ("unit", "By unit")];

    public static NetworkMap ForTeam(ReportAnalysis a, int team)
    {
        var data = a.Data;
        var g = data.Network.Graph;
        var members = data.Members[team];
        var totalMembers = members.Length;
        if (members.Length > MaxNodes)
        {
            members = members.OrderByDescending(i => g.InDegree(i)).ThenBy(i => a.Keys[i], StringComparer.Ordinal).Take(MaxNodes).ToArray();
        }

        var inTeam = new HashSet<int>(members);
        var ties = new Dictionary<int, int>();
        foreach (var i in members)
        {
            foreach (var j in g.Successors(i))
            {
                if (data.TeamOf[j] != team) ties[j] = ties.GetValueOrDefault(j) + 1;
            }

            foreach (var j in g.Predecessors(i))
            {
                if (data.TeamOf[j] != team && SenderVisible(data, j)) ties[j] = ties.GetValueOrDefault(j) + 1;
            }
        }

        var room = Math.Max(0, MaxNodes - members.Length);
        var contacts = ties.OrderByDescending(kv => kv.Value).ThenBy(kv => a.Keys[kv.Key], StringComparer.Ordinal).Take(room).Select(kv => kv.Key).ToArray();
        var nodes = members.Concat(contacts).OrderBy(i => a.Keys[i], StringComparer.Ordinal).ToArray();
        var edges = PersonEdges(data, nodes, (from, to) => inTeam.Contains(from) || inTeam.Contains(to));

        var teamName = data.Teams[team].Name;
        var maxIn = Math.Max(1, nodes.Max(i => g.InDegree(i)));
        var labels = Unique(nodes.Select(i => inTeam.Contains(i) ? a.Labels[i] : null).ToArray(), nodes.Select(i => a.Keys[i]).ToArray());
        var drafts = new List<Draft>(nodes.Length + 5);
        for (var k = 0; k < nodes.Length; k++)
        {
            var i = nodes[k];
            var member = inTeam.Contains(i);
            var p = data.People[i];
            var title = member
                ? $"{a.Labels[i]} · {Describe(p)} · named by {g.InDegree(i)}"
                : data.Published[data.TeamOf[i]] ? $"{a.WideLabels[i]} · {Describe(p)}" : $"{data.Teams[data.TeamOf[i]].Name} · {Describe(p)}";
            drafts.Add(new Draft(a.Keys[i], labels[k], title, Radius(g.InDegree(i), maxIn, nodes.Length), member, MapNodeKind.Person, PersonCategories(data, i)));
        }

        var allowed = TeamReportBuilder.ShowsAnswers(a, data.Members[team]);
        var outside = Outside(a, nodes, i => allowed && inTeam.Contains(i));
        AddOutside(drafts, edges, outside, drafts.Select(d => d.Label));

        var initial = TeamStart(a, nodes, inTeam, a.Options.LayoutSeed);
        var description = $"{members.Length} members of {teamName} (outlined) and {contacts.Length} colleagues they name or are named by, {edges.Count(e => e.Target < nodes.Length)} ties"
            + (outside.Count > 0 ? $", and their contacts outside the organization grouped by kind ({outside.Sum(o => o.Contacts)} contacts)" : "") + ". "
            + "The same layout is coloured by level, function, location and team. Arrows point from the person who named to the person named; solid lines with two arrowheads are mutual ties; larger circles are named by more colleagues.";
        if (ties.Count > contacts.Length || totalMembers > members.Length)
        {
            description += $" Showing the {MaxNodes} most connected of {totalMembers + ties.Count} people.";
        }

        return Place(a.Options.LayoutSeed, TeamWidth, aggregated: false, totalMembers + ties.Count, $"Network map of {teamName}", description, drafts, nodes.Length, edges, PersonPanels, labelAll: true, first: [null, null, null, teamName], initial);
    }

    public static NetworkMap ForOrganization(ReportAnalysis a)
    {
        var data = a.Data;
        var g = data.Network.Graph;
        var n = data.People.Length;
        if (n > MaxNodes)
        {
            return AggregatedByTeam(a);
        }

        var nodes = Enumerable.Range(0, n).OrderBy(i => a.Keys[i], StringComparer.Ordinal).ToArray();
        var edges = PersonEdges(data, nodes, (_, _) => true);
        var maxIn = Math.Max(1, nodes.Length == 0 ? 1 : nodes.Max(i => g.InDegree(i)));
        var named = data.Cycle.NamedReports;
        var wanted = nodes.Select(i => data.Published[data.TeamOf[i]] ? named ? a.Labels[i] : TeamLetters(data.Teams[data.TeamOf[i]].Name, a.Labels[i]) : null).ToArray();
        var labels = Unique(wanted, nodes.Select(i => named ? $"{a.Labels[i]} ({data.Teams[data.TeamOf[i]].Name})" : a.Keys[i]).ToArray());
        var drafts = nodes.Select((i, k) =>
        {
            var p = data.People[i];
            var teamName = data.Teams[data.TeamOf[i]].Name;
            var title = data.Published[data.TeamOf[i]] ? $"{a.WideLabels[i]} · {Describe(p)} · named by {g.InDegree(i)}" : $"{teamName} · {Describe(p)}";
            return new Draft(a.Keys[i], labels[k], title, Radius(g.InDegree(i), maxIn, nodes.Length), false, MapNodeKind.Person, PersonCategories(data, i));
        }).ToList();

        var shows = Enumerable.Range(0, data.TeamIds.Length).Select(t => data.Published[t] && TeamReportBuilder.ShowsAnswers(a, data.Members[t])).ToArray();
        var outside = Outside(a, nodes, i => shows[data.TeamOf[i]]);
        AddOutside(drafts, edges, outside, drafts.Select(d => d.Label));
        var description = $"All {n} people in the organization and {edges.Count(e => e.Target < nodes.Length)} ties between them"
            + (outside.Count > 0 ? $", and {outside.Sum(o => o.Contacts)} contacts outside the organization grouped by kind" : "") + ". "
            + "The same layout is coloured by level, function, location and team. Arrows point from the person who named to the person named; solid lines with two arrowheads are mutual ties; larger circles are named by more colleagues.";
        var initial = OrganizationStart(a, nodes, a.Options.LayoutSeed);
        return Place(a.Options.LayoutSeed, OrganizationWidth, aggregated: false, n, "Network map of the organization", description, drafts, nodes.Length, edges, PersonPanels, labelAll: false, first: [null, null, null, null], initial);
    }

    private static NetworkMap AggregatedByTeam(ReportAnalysis a)
    {
        var data = a.Data;
        var g = data.Network.Graph;
        var teams = data.TeamIds.Length;
        var shown = Enumerable.Range(0, teams)
            .OrderByDescending(t => data.Members[t].Length).ThenBy(t => data.TeamIds[t], StringComparer.Ordinal)
            .Take(MaxNodes)
            .OrderBy(t => data.TeamIds[t], StringComparer.Ordinal)
            .ToArray();
        var position = new int[teams];
        Array.Fill(position, -1);
        for (var k = 0; k < shown.Length; k++)
        {
            position[shown[k]] = k;
        }

        // Nominations between teams per direction, and how many people made them, from people whose ties may be shown.
        var between = new Dictionary<long, (int Forward, int Backward)>();
        var senders = new Dictionary<long, int>();
        var lastSender = new Dictionary<long, int>();
        for (var i = 0; i < g.NodeCount; i++)
        {
            if (!SenderVisible(data, i) || position[data.TeamOf[i]] < 0)
            {
                continue;
            }

            foreach (var j in g.Successors(i))
            {
                int p = position[data.TeamOf[i]], q = position[data.TeamOf[j]];
                if (q < 0 || p == q)
                {
                    continue;
                }

                var key = ((long)Math.Min(p, q) << 32) | (uint)Math.Max(p, q);
                var c = between.GetValueOrDefault(key);
                between[key] = p < q ? (c.Forward + 1, c.Backward) : (c.Forward, c.Backward + 1);
                var directed = ((long)p << 32) | (uint)q;
                if (lastSender.GetValueOrDefault(directed, -1) != i)
                {
                    lastSender[directed] = i;
                    senders[directed] = senders.GetValueOrDefault(directed) + 1;
                }
            }
        }

        // Keep each team's four strongest links so a large organization stays readable.
        var strongest = new HashSet<long>();
        foreach (var group in between.SelectMany(kv => new[] { (Node: (int)(kv.Key >> 32), kv.Key, Weight: kv.Value.Forward + kv.Value.Backward), (Node: (int)(kv.Key & 0xFFFFFFFF), kv.Key, Weight: kv.Value.Forward + kv.Value.Backward) })
                     .GroupBy(x => x.Node))
        {
            foreach (var e in group.OrderByDescending(x => x.Weight).ThenBy(x => x.Key).Take(4))
            {
                strongest.Add(e.Key);
            }
        }

        var edges = new List<MapEdge>();
        foreach (var (key, (forward, backward)) in between.Where(kv => strongest.Contains(kv.Key)).OrderBy(kv => kv.Key))
        {
            int p = (int)(key >> 32), q = (int)(key & 0xFFFFFFFF);
            var people = senders.GetValueOrDefault(((long)p << 32) | (uint)q) + senders.GetValueOrDefault(((long)q << 32) | (uint)p);
            var show = Privacy.MayShow(people, data.Threshold);
            var (source, target) = forward > 0 ? (p, q) : (q, p);
            edges.Add(new MapEdge(source, target, forward > 0 && backward > 0, show ? forward + backward : 0, show));
        }

        var maxMembers = Math.Max(1, shown.Max(t => data.Members[t].Length));
        var labels = Unique(shown.Select(t => (string?)data.Teams[t].Name).ToArray(), shown.Select(t => $"{data.Teams[t].Name} ({data.TeamIds[t]})").ToArray());
        var drafts = shown.Select((t, k) =>
        {
            var team = data.Teams[t];
            var radius = 4 + 12 * Math.Sqrt((double)data.Members[t].Length / maxMembers);
            var people = data.Members[t].Select(i => data.People[i]).ToArray();
            string?[] categories =
            [
                Mode(people.Select(p => "Level " + p.Level.ToString(System.Globalization.CultureInfo.InvariantCulture))),
                Mode(people.Select(p => Or(p.Function, "(no function)"))),
                Mode(people.Select(p => Or(p.Location, "(no location)"))),
                Or(team.ParentUnit, "(no unit)"),
            ];
            return new Draft("team:" + team.Id, labels[k], $"{team.Name} · {data.Members[t].Length} people", radius, false, MapNodeKind.Team, categories);
        }).ToList();

        // Outside contacts per team and kind, where the team's report may show per-member answers and at least k members named that kind.
        var outside = new List<(string Kind, int Contacts, int People)>();
        var outsideEdges = new List<(int Team, string Kind, int Count)>();
        var contactsOf = data.Network.Contacts;
        if (contactsOf is not null)
        {
            for (var k = 0; k < shown.Length; k++)
            {
                var t = shown[k];
                if (!data.Published[t] || !TeamReportBuilder.ShowsAnswers(a, data.Members[t]))
                {
                    continue;
                }

                var perKind = new SortedDictionary<string, (int Contacts, int People)>(StringComparer.Ordinal);
                foreach (var i in data.Members[t])
                {
                    foreach (var (kind, count) in OutsideOf(a, i))
                    {
                        var c = perKind.GetValueOrDefault(kind);
                        perKind[kind] = (c.Contacts + count, c.People + 1);
                    }
                }

                foreach (var (kind, c) in perKind.Where(kv => Privacy.MayShow(kv.Value.People, data.Threshold)))
                {
                    outsideEdges.Add((k, kind, c.Contacts));
                }
            }

            foreach (var group in outsideEdges.GroupBy(e => e.Kind).OrderBy(gr => KindOrder(gr.Key)))
            {
                outside.Add((group.Key, group.Sum(e => e.Count), group.Count()));
            }
        }

        var kindIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var maxOutside = Math.Max(1, outside.Count == 0 ? 1 : outside.Max(o => o.Contacts));
        foreach (var (kind, contacts, teamCount) in outside)
        {
            kindIndex[kind] = drafts.Count;
            drafts.Add(new Draft("outside:" + kind, Unique(drafts.Select(d => d.Label), KindLabel(kind)), $"{KindLabel(kind)} · {contacts} contacts named in {teamCount} teams", 5 + 9 * Math.Sqrt((double)contacts / maxOutside), false, MapNodeKind.Outside, [null, null, null, null]));
        }

        edges.AddRange(outsideEdges.Select(e => new MapEdge(e.Team, kindIndex[e.Kind], false, e.Count)));
        var description = $"One circle per team ({shown.Length} of {teams} teams, the largest), sized by members; arrows join teams whose members name each other, thicker for more nominations (each team's four strongest links; solid with two arrowheads when both teams name each other)"
            + (outside.Count > 0 ? "; squares on the right are contacts outside the organization, by kind" : "")
            + ". The same layout is coloured by each team's most common level, function and location, and by unit.";
        return Place(a.Options.LayoutSeed, OrganizationWidth, aggregated: true, teams, "Network map of the organization by team", description, drafts, shown.Length, edges, TeamPanels, labelAll: true, first: [null, null, null, null]);
    }

    /// <summary>
    /// A starting layout for a team map: members on a small circle in the middle (in key order, rotated
    /// by the seed), each contact on an outer ring at the mean angle of the members it is tied to.
    /// </summary>
    private static (double X, double Y)[] TeamStart(ReportAnalysis a, int[] nodes, HashSet<int> inTeam, int seed)
    {
        var g = a.Data.Network.Graph;
        var rotation = 2 * Math.PI * new DeterministicRandom((ulong)(uint)seed * 0x9E3779B97F4A7C15UL).NextDouble();
        var angle = new Dictionary<int, double>();
        var members = nodes.Where(inTeam.Contains).ToArray();
        for (var k = 0; k < members.Length; k++)
        {
            angle[members[k]] = rotation + 2 * Math.PI * k / Math.Max(1, members.Length);
        }

        var inner = members.Length <= 12 ? 0.12 : 0.22;
        var start = new (double X, double Y)[nodes.Length];
        for (var k = 0; k < nodes.Length; k++)
        {
            var i = nodes[k];
            if (angle.TryGetValue(i, out var theta))
            {
                start[k] = (0.5 + inner * Math.Cos(theta), 0.5 + inner * Math.Sin(theta));
                continue;
            }

            double sx = 0, sy = 0;
            foreach (var j in g.Successors(i)) if (angle.TryGetValue(j, out var t)) { sx += Math.Cos(t); sy += Math.Sin(t); }
            foreach (var j in g.Predecessors(i)) if (angle.TryGetValue(j, out var t)) { sx += Math.Cos(t); sy += Math.Sin(t); }
            var phi = sx * sx + sy * sy > 1e-9 ? Math.Atan2(sy, sx) : rotation + k;
            start[k] = (0.5 + 0.42 * Math.Cos(phi), 0.5 + 0.42 * Math.Sin(phi));
        }

        return start;
    }

    /// <summary>A starting layout for an organization map: each team gathered round its own point on a circle.</summary>
    private static (double X, double Y)[] OrganizationStart(ReportAnalysis a, int[] nodes, int seed)
    {
        var data = a.Data;
        var rotation = 2 * Math.PI * new DeterministicRandom((ulong)(uint)seed * 0x9E3779B97F4A7C15UL).NextDouble();
        var teams = data.TeamIds.Length;
        return nodes.Select(i =>
        {
            var theta = rotation + 2 * Math.PI * data.TeamOf[i] / Math.Max(1, teams);
            return (0.5 + 0.35 * Math.Cos(theta), 0.5 + 0.35 * Math.Sin(theta));
        }).ToArray();
    }

    /// <summary>Whether ties this person made may be shown: not when their team is suppressed.</summary>
    internal static bool SenderVisible(PreparedCycle data, int node) => data.Published[data.TeamOf[node]];

    private static string Describe(Person p) => $"{Or(p.Function, "no function")} · level {p.Level.ToString(System.Globalization.CultureInfo.InvariantCulture)} · {Or(p.Location, "no location")}";

    private static string Or(string? value, string fallback) => string.IsNullOrWhiteSpace(value) ? fallback : value;

    private static string?[] PersonCategories(PreparedCycle data, int i)
    {
        var p = data.People[i];
        return
        [
            "Level " + p.Level.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Or(p.Function, "(no function)"),
            Or(p.Location, "(no location)"),
            data.Teams[data.TeamOf[i]].Name,
        ];
    }

    /// <summary>The most common value (ties: ordinal first).</summary>
    private static string Mode(IEnumerable<string> values) =>
        values.GroupBy(v => v, StringComparer.Ordinal).OrderByDescending(gr => gr.Count()).ThenBy(gr => gr.Key, StringComparer.Ordinal).First().Key;

    /// <summary>"Member B" of team "Sales" → "Sales · B": pseudonyms are per team, so the team makes them unique.</summary>
    private static string TeamLetters(string teamName, string label) =>
        teamName + " · " + (label.StartsWith("Member ", StringComparison.Ordinal) ? label["Member ".Length..] : label);

    /// <summary>Labels with duplicates replaced by their alternative (and, if still repeated, numbered), so no label appears twice.</summary>
    internal static string?[] Unique(string?[] wanted, string[] alternative)
    {
        var result = (string?[])wanted.Clone();
        var repeated = wanted.Where(l => l is not null).GroupBy(l => l!, StringComparer.Ordinal).Where(gr => gr.Count() > 1).Select(gr => gr.Key).ToHashSet(StringComparer.Ordinal);
        for (var k = 0; k < result.Length; k++)
        {
            if (result[k] is { } l && repeated.Contains(l))
            {
                result[k] = alternative[k];
            }
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var k = 0; k < result.Length; k++)
        {
            if (result[k] is not { } l)
            {
                continue;
            }

            var candidate = l;
            for (var n = 2; !seen.Add(candidate); n++)
            {
                candidate = $"{l} ({n.ToString(System.Globalization.CultureInfo.InvariantCulture)})";
            }

            result[k] = candidate;
        }

        return result;
    }

    private static string Unique(IEnumerable<string?> taken, string label)
    {
        var used = taken.Where(l => l is not null).ToHashSet(StringComparer.Ordinal);
        var candidate = label;
        for (var n = 2; used.Contains(candidate); n++)
        {
            candidate = $"{label} ({n.ToString(System.Globalization.CultureInfo.InvariantCulture)})";
        }

        return candidate;
    }

    private static string KindOf(ContactAnswer? c) => (c?.OutsideKind ?? OutsideKind.Other) switch
    {
        OutsideKind.Customer => "customer",
        OutsideKind.SupplierOrPartner => "supplier",
        OutsideKind.FormerColleague => "former",
        OutsideKind.ProfessionalCommunity => "community",
        _ => "other",
    };

    private static int KindOrder(string kind) => kind switch
    {
        "customer" => 0,
        "supplier" => 1,
        "former" => 2,
        "community" => 3,
        _ => 4,
    };

    private static string KindLabel(string kind) => kind switch
    {
        "customer" => "Customers",
        "supplier" => "Suppliers, partners",
        "former" => "Former colleagues",
        "community" => "Prof. communities",
        _ => "Other outside",
    };

    /// <summary>The person's outside contacts per kind (how many of each), when their answers count.</summary>
    private static IEnumerable<(string Kind, int Count)> OutsideOf(ReportAnalysis a, int i)
    {
        var data = a.Data;
        var contacts = data.Network.Contacts;
        if (contacts is null || !data.AnswersCount(i) || data.Effective[i] is not { } submission || !SenderVisible(data, i))
        {
            return [];
        }

        var described = ExportBuilder.OutsideContacts(submission);
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var k = 0;
        for (var c = contacts.Offsets[i]; c < contacts.Offsets[i + 1]; c++)
        {
            if (contacts.Targets[c] != SurveyContacts.Outside)
            {
                continue;
            }

            var kind = KindOf(k < described.Count ? described[k] : null);
            k++;
            counts[kind] = counts.GetValueOrDefault(kind) + 1;
        }

        return counts.Select(kv => (kv.Key, kv.Value));
    }

    /// <summary>Outside contacts of the allowed people among <paramref name="nodes"/>, per kind: the edges (node position, count) and totals.</summary>
    private static List<(string Kind, int Contacts, List<(int From, int Count)> Edges)> Outside(ReportAnalysis a, int[] nodes, Func<int, bool> allowed)
    {
        var perKind = new Dictionary<string, List<(int From, int Count)>>(StringComparer.Ordinal);
        for (var k = 0; k < nodes.Length; k++)
        {
            if (!allowed(nodes[k]))
            {
                continue;
            }

            foreach (var (kind, count) in OutsideOf(a, nodes[k]))
            {
                if (!perKind.TryGetValue(kind, out var list))
                {
                    perKind[kind] = list = [];
                }

                list.Add((k, count));
            }
        }

        return perKind.OrderBy(kv => KindOrder(kv.Key)).Select(kv => (kv.Key, kv.Value.Sum(e => e.Count), kv.Value)).ToList();
    }

    private static void AddOutside(List<Draft> drafts, List<MapEdge> edges, List<(string Kind, int Contacts, List<(int From, int Count)> Edges)> outside, IEnumerable<string?> taken)
    {
        var used = taken.ToList();
        var max = Math.Max(1, outside.Count == 0 ? 1 : outside.Max(o => o.Contacts));
        foreach (var (kind, contacts, from) in outside)
        {
            var label = Unique(used, KindLabel(kind));
            used.Add(label);
            var index = drafts.Count;
            drafts.Add(new Draft("outside:" + kind, label, $"{KindLabel(kind)} · {contacts} contacts outside the organization, named by {from.Count} people", 5 + 9 * Math.Sqrt((double)contacts / max), false, MapNodeKind.Outside, [null, null, null, null]));
            edges.AddRange(from.Select(e => new MapEdge(e.From, index, false, e.Count)));
        }
    }

    /// <summary>Directed edges among <paramref name="nodes"/> (indices into it), from arcs whose sender may be shown; a mutual pair is one edge.</summary>
    private static List<MapEdge> PersonEdges(PreparedCycle data, int[] nodes, Func<int, int, bool> include)
    {
        var g = data.Network.Graph;
        var position = new Dictionary<int, int>(nodes.Length);
        for (var k = 0; k < nodes.Length; k++)
        {
            position[nodes[k]] = k;
        }

        // Per unordered pair: bit 1 when the lower position named the higher, bit 2 the other way.
        var pairs = new SortedDictionary<long, int>();
        foreach (var i in nodes)
        {
            if (!SenderVisible(data, i))
            {
                continue;
            }

            foreach (var j in g.Successors(i))
            {
                if (!position.TryGetValue(j, out var q) || !include(i, j))
                {
                    continue;
                }

                var p = position[i];
                var key = ((long)Math.Min(p, q) << 32) | (uint)Math.Max(p, q);
                pairs[key] = pairs.GetValueOrDefault(key) | (p < q ? 1 : 2);
            }
        }

        return pairs.Select(kv =>
        {
            int low = (int)(kv.Key >> 32), high = (int)(kv.Key & 0xFFFFFFFF);
            return kv.Value == 2 ? new MapEdge(high, low, false, 1) : new MapEdge(low, high, kv.Value == 3, 1);
        }).ToList();
    }

    /// <summary>Each panel's colours: the most frequent categories get the palette (count, then name; <paramref name="first"/> always first); the rest share "Other".</summary>
    private static List<MapPanel> Panels((string Boundary, string Title)[] specs, List<Draft> drafts, string?[] first)
    {
        var panels = new List<MapPanel>(specs.Length);
        for (var p = 0; p < specs.Length; p++)
        {
            var categories = drafts.Select(d => d.Categories[p]).ToArray();
            var (colourOf, legend) = Colours(categories.Where(c => c is not null).Select(c => c!).ToArray(), first[p]);
            panels.Add(new MapPanel(specs[p].Boundary, specs[p].Title, categories.Select(c => c is null ? -2 : colourOf[c]).ToArray(), legend));
        }

        return panels;
    }

    private static (Dictionary<string, int> ColourOf, List<MapLegendEntry> Legend) Colours(string[] categories, string? first)
    {
        var counts = categories.GroupBy(c => c, StringComparer.Ordinal)
            .Select(gr => (Name: gr.Key, Count: gr.Count()))
            .OrderByDescending(x => string.Equals(x.Name, first, StringComparison.Ordinal)).ThenByDescending(x => x.Count).ThenBy(x => x.Name, StringComparer.Ordinal)
            .ToArray();
        var colourOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var legend = new List<MapLegendEntry>();
        var other = 0;
        var exact = counts.Length <= PaletteSize;
        for (var k = 0; k < counts.Length; k++)
        {
            if (exact || k < PaletteSize - 1)
            {
                colourOf[counts[k].Name] = k;
                legend.Add(new MapLegendEntry(counts[k].Name, k, counts[k].Count));
            }
            else
            {
                colourOf[counts[k].Name] = -1;
                other += counts[k].Count;
            }
        }

        if (other > 0)
        {
            legend.Add(new MapLegendEntry($"Other ({counts.Length - (PaletteSize - 1)} more)", -1, other));
        }

        return (colourOf, legend);
    }

    private static double Radius(int inDegree, int maxIn, int nodeCount)
    {
        var min = nodeCount <= 40 ? 6.0 : nodeCount <= 100 ? 4.5 : 3.5;
        var max = nodeCount <= 40 ? 18.0 : nodeCount <= 100 ? 14.0 : 11.0;
        return min + (max - min) * Math.Sqrt((double)inDegree / maxIn);
    }

    private static NetworkMap Place(
        int seed,
        int width,
        bool aggregated,
        int totalNodes,
        string title,
        string description,
        List<Draft> nodes,
        int inside,
        List<MapEdge> edges,
        (string Boundary, string Title)[] specs,
        bool labelAll,
        string?[] first,
        IReadOnlyList<(double X, double Y)>? initial = null)
    {
        var count = nodes.Count;
        var outsideCount = count - inside;
        var height = inside <= 12 ? 380 : inside <= 40 ? 480 : 600;
        var charWidth = width <= TeamWidth ? 7.4 : 6.8;
        var band = outsideCount > 0 ? BandWidth : 0;
        var maxWeight = edges.Count == 0 ? 1 : Math.Max(1, edges.Max(e => e.Weight));
        var layoutEdges = edges.Where(e => e.Source < inside && e.Target < inside)
            .Select(e => (e.Source, e.Target, Weight: aggregated ? 0.3 + Math.Sqrt((double)e.Weight / maxWeight) : e.Mutual ? 1.5 : 1.0)).ToArray();
        var positions = ForceLayout.Compute(nodes.Take(inside).Select(x => x.Key).ToArray(), layoutEdges, seed, initial: initial);
        var pad = Margin + (inside == 0 ? 0 : nodes.Take(inside).Max(x => x.Radius));
        var placed = new MapNode[count];
        for (var k = 0; k < inside; k++)
        {
            var (px, py) = positions[k];
            var x = Math.Round(pad + px * (width - band - 2 * pad - 60) + 10, 1);
            var y = Math.Round(pad + py * (height - 2 * pad), 1);
            placed[k] = new MapNode(nodes[k].Key, null, nodes[k].Title, x, y, Math.Round(nodes[k].Radius, 1), nodes[k].Highlight) { Kind = nodes[k].Kind };
        }

        // Outside contacts: a column in the band on the right, label under each square.
        var bandX = width - band;
        for (var k = inside; k < count; k++)
        {
            var slot = (height - 40.0) / Math.Max(1, outsideCount);
            var y = Math.Round(40 + slot * (k - inside + 0.5) - 6, 1);
            placed[k] = new MapNode(nodes[k].Key, nodes[k].Label, nodes[k].Title, Math.Round(bandX + band / 2, 1), y, Math.Round(nodes[k].Radius, 1), false) { Kind = MapNodeKind.Outside };
        }

        // Greedy labels: highlighted and larger nodes first; skip a label that would overlap.
        var boxes = new List<(double X0, double Y0, double X1, double Y1)>();
        var order = Enumerable.Range(0, inside)
            .Where(k => nodes[k].Label is not null)
            .OrderByDescending(k => nodes[k].Highlight).ThenByDescending(k => nodes[k].Radius).ThenBy(k => nodes[k].Key, StringComparer.Ordinal)
            .ToArray();
        var labelBudget = labelAll ? order.Length : Math.Min(order.Length, 60);
        foreach (var k in order.Take(labelBudget))
        {
            var label = nodes[k].Label!;
            var w = label.Length * charWidth;
            var node = placed[k];
            (double, double, double, double)[] candidates =
            [
                (node.X + node.Radius + 3, node.Y - 8, node.X + node.Radius + 3 + w, node.Y + 7),
                (node.X - node.Radius - 3 - w, node.Y - 8, node.X - node.Radius - 3, node.Y + 7),
            ];
            for (var side = 0; side < candidates.Length; side++)
            {
                var box = candidates[side];
                if (box.Item1 < 2 || box.Item3 > bandX - 2 || Overlaps(box, boxes) || HitsNode(box, placed.AsSpan(0, inside), k))
                {
                    continue;
                }

                boxes.Add(box);
                placed[k] = node with { Label = label, LabelLeft = side == 1 };
                break;
            }
        }

        var panels = Panels(specs, nodes, first);
        return new NetworkMap(width, height, aggregated, totalNodes, title, description, placed, edges, panels) { OutsideBand = band > 0 ? bandX : null };
    }

    private static bool Overlaps((double X0, double Y0, double X1, double Y1) box, List<(double X0, double Y0, double X1, double Y1)> boxes)
    {
        foreach (var b in boxes)
        {
            if (box.X0 < b.X1 && b.X0 < box.X1 && box.Y0 < b.Y1 && b.Y0 < box.Y1)
            {
                return true;
            }
        }

        return false;
    }

    private static bool HitsNode((double X0, double Y0, double X1, double Y1) box, ReadOnlySpan<MapNode> nodes, int self)
    {
        for (var k = 0; k < nodes.Length; k++)
        {
            if (k == self)
            {
                continue;
            }

            var n = nodes[k];
            var cx = Math.Clamp(n.X, box.X0, box.X1);
            var cy = Math.Clamp(n.Y, box.Y0, box.Y1);
            if ((cx - n.X) * (cx - n.X) + (cy - n.Y) * (cy - n.Y) < n.Radius * n.Radius)
            {
                return true;
            }
        }

        return false;
    }
}
