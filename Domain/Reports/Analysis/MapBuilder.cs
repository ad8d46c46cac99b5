using SurveyNetwork.Domain.Network;
using SurveyNetwork.Domain.Reports.Model;

namespace SurveyNetwork.Domain.Reports.Analysis;

/// <summary>
/// Builds the network maps. A team map shows the team's members (outlined) and their direct
/// contacts, coloured by function; an organization map shows everyone coloured by team, or — above
/// <see cref="MaxNodes"/> people — one node per team coloured by parent unit. A team map above the
/// limit keeps the members and the contacts with most ties to the team. Circle area grows with
/// in-degree (team size when aggregated); labels are placed greedily, largest nodes first, and
/// skipped where they would overlap a node or another label. Ties made by people in suppressed
/// teams are never drawn (<see cref="Privacy"/>).
/// </summary>
internal static class MapBuilder
{
    public const int MaxNodes = 200;
    public const int Width = 960;
    private const double Margin = 28;
    private const double CharWidth = 6.4;
    private const int PaletteSize = 8;

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

        var function = data.Network.Attribute(OrgAttributes.Function)!;
        var (colourOf, legend) = Colours(nodes.Select(i => function.LabelOf(i)).ToArray());
        var maxIn = Math.Max(1, nodes.Max(i => g.InDegree(i)));
        var mapNodes = new List<(string Key, string? Label, string Title, double Radius, int Colour, bool Highlight)>(nodes.Length);
        foreach (var i in nodes)
        {
            var member = inTeam.Contains(i);
            var title = member
                ? $"{a.Labels[i]} · {function.LabelOf(i)} · named by {g.InDegree(i)}"
                : ContactTitle(a, i, function);
            mapNodes.Add((a.Keys[i], member ? a.Labels[i] : null, title, Radius(g.InDegree(i), maxIn, nodes.Length), colourOf[function.LabelOf(i)], member));
        }

        var initial = TeamStart(a, nodes, inTeam, a.Options.LayoutSeed);
        var teamName = data.Teams[team].Name;
        var description = $"{members.Length} members of {teamName} (outlined) and {contacts.Length} colleagues they name or are named by, {edges.Count} ties. "
            + "Colours show function; larger circles are named by more colleagues; thicker lines are mutual ties.";
        if (ties.Count > contacts.Length || totalMembers > members.Length)
        {
            description += $" Showing the {MaxNodes} most connected of {totalMembers + ties.Count} people.";
        }

        var legendLabel = legend.Select(l => l with { Label = l.Label.Length == 0 ? "(no function)" : l.Label }).ToList();
        return Place(a.Options.LayoutSeed, "function", aggregated: false, totalMembers + ties.Count, $"Network map of {teamName}", description, mapNodes, edges, legendLabel, labelAll: true, initial);
    }

    public static NetworkMap ForOrganization(ReportAnalysis a)
    {
        var data = a.Data;
        var g = data.Network.Graph;
        var n = data.People.Length;
        if (n <= MaxNodes)
        {
            var nodes = Enumerable.Range(0, n).OrderBy(i => a.Keys[i], StringComparer.Ordinal).ToArray();
            var edges = PersonEdges(data, nodes, (_, _) => true);
            var (colourOf, legend) = Colours(nodes.Select(i => data.Teams[data.TeamOf[i]].Name).ToArray());
            var function = data.Network.Attribute(OrgAttributes.Function)!;
            var maxIn = Math.Max(1, nodes.Length == 0 ? 1 : nodes.Max(i => g.InDegree(i)));
            var mapNodes = nodes.Select(i =>
            {
                var published = data.Published[data.TeamOf[i]];
                var teamName = data.Teams[data.TeamOf[i]].Name;
                var title = published ? $"{a.WideLabels[i]} · {function.LabelOf(i)} · named by {g.InDegree(i)}" : $"{teamName} · {function.LabelOf(i)}";
                return (a.Keys[i], published ? a.Labels[i] : (string?)null, title, Radius(g.InDegree(i), maxIn, nodes.Length), colourOf[teamName], false);
            }).ToList();
            var description = $"All {n} people in the organization and {edges.Count} ties between them. Colours show team; larger circles are named by more colleagues; thicker lines are mutual ties.";
            var initial = OrganizationStart(a, nodes, a.Options.LayoutSeed);
            return Place(a.Options.LayoutSeed, "team", aggregated: false, n, "Network map of the organization", description, mapNodes, edges, legend, labelAll: false, initial);
        }

        return AggregatedByTeam(a);
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

        // Nominations between teams (both directions), from people whose ties may be shown.
        var between = new Dictionary<long, (int Forward, int Backward)>();
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

        var edges = between.Where(kv => strongest.Contains(kv.Key)).OrderBy(kv => kv.Key)
            .Select(kv => new MapEdge((int)(kv.Key >> 32), (int)(kv.Key & 0xFFFFFFFF), kv.Value.Forward > 0 && kv.Value.Backward > 0, kv.Value.Forward + kv.Value.Backward))
            .ToList();
        var units = shown.Select(t => data.Teams[t].ParentUnit ?? "").ToArray();
        var (colourOf, legend) = Colours(units);
        var maxMembers = Math.Max(1, shown.Max(t => data.Members[t].Length));
        var mapNodes = shown.Select(t =>
        {
            var team = data.Teams[t];
            var radius = 4 + 12 * Math.Sqrt((double)data.Members[t].Length / maxMembers);
            return ("team:" + team.Id, (string?)team.Name, $"{team.Name} · {data.Members[t].Length} people", radius, colourOf[team.ParentUnit ?? ""], false);
        }).ToList();
        var legendLabel = legend.Select(l => l with { Label = l.Label.Length == 0 ? "(no unit)" : l.Label }).ToList();
        var description = $"One circle per team ({shown.Length} of {teams} teams, the largest), sized by members; lines join teams whose members name each other, thicker for more nominations (each team's four strongest links). Colours show the parent unit.";
        return Place(a.Options.LayoutSeed, "parentUnit", aggregated: true, teams, "Network map of the organization by team", description, mapNodes, edges, legendLabel, labelAll: true);
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

    private static string ContactTitle(ReportAnalysis a, int i, NodeAttribute function)
    {
        var data = a.Data;
        var teamName = data.Teams[data.TeamOf[i]].Name;
        return data.Published[data.TeamOf[i]]
            ? $"{a.WideLabels[i]} · {function.LabelOf(i)}"
            : $"{teamName} · {function.LabelOf(i)}";
    }

    /// <summary>Undirected edges among <paramref name="nodes"/> (indices into it), from arcs whose sender may be shown.</summary>
    private static List<MapEdge> PersonEdges(PreparedCycle data, int[] nodes, Func<int, int, bool> include)
    {
        var g = data.Network.Graph;
        var position = new Dictionary<int, int>(nodes.Length);
        for (var k = 0; k < nodes.Length; k++)
        {
            position[nodes[k]] = k;
        }

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
                pairs[key] = pairs.GetValueOrDefault(key) + 1;
            }
        }

        return pairs.Select(kv => new MapEdge((int)(kv.Key >> 32), (int)(kv.Key & 0xFFFFFFFF), kv.Value == 2, 1)).ToList();
    }

    /// <summary>The most frequent categories get the palette (count, then name); the rest share "Other".</summary>
    private static (Dictionary<string, int> ColourOf, List<MapLegendEntry> Legend) Colours(string[] categories)
    {
        var counts = categories.GroupBy(c => c, StringComparer.Ordinal)
            .Select(gr => (Name: gr.Key, Count: gr.Count()))
            .OrderByDescending(x => x.Count).ThenBy(x => x.Name, StringComparer.Ordinal)
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
        string colourBy,
        bool aggregated,
        int totalNodes,
        string title,
        string description,
        List<(string Key, string? Label, string Title, double Radius, int Colour, bool Highlight)> nodes,
        List<MapEdge> edges,
        List<MapLegendEntry> legend,
        bool labelAll,
        IReadOnlyList<(double X, double Y)>? initial = null)
    {
        var count = nodes.Count;
        var height = count <= 12 ? 380 : count <= 40 ? 480 : 600;
        var maxWeight = edges.Count == 0 ? 1 : edges.Max(e => e.Weight);
        var layoutEdges = edges.Select(e => (e.Source, e.Target, Weight: aggregated ? 0.3 + Math.Sqrt((double)e.Weight / maxWeight) : e.Mutual ? 1.5 : 1.0)).ToArray();
        var positions = ForceLayout.Compute(nodes.Select(x => x.Key).ToArray(), layoutEdges, seed, initial: initial);
        var pad = Margin + (count == 0 ? 0 : nodes.Max(x => x.Radius));
        var placed = new MapNode[count];
        for (var k = 0; k < count; k++)
        {
            var (px, py) = positions[k];
            var x = Math.Round(pad + px * (Width - 2 * pad - 90) + 10, 1);
            var y = Math.Round(pad + py * (height - 2 * pad), 1);
            placed[k] = new MapNode(nodes[k].Key, null, nodes[k].Title, x, y, Math.Round(nodes[k].Radius, 1), nodes[k].Colour, nodes[k].Highlight);
        }

        // Greedy labels: highlighted and larger nodes first; skip a label that would overlap.
        var boxes = new List<(double X0, double Y0, double X1, double Y1)>();
        var order = Enumerable.Range(0, count)
            .Where(k => nodes[k].Label is not null)
            .OrderByDescending(k => nodes[k].Highlight).ThenByDescending(k => nodes[k].Radius).ThenBy(k => nodes[k].Key, StringComparer.Ordinal)
            .ToArray();
        var labelBudget = labelAll ? order.Length : Math.Min(order.Length, 60);
        foreach (var k in order.Take(labelBudget))
        {
            var label = nodes[k].Label!;
            var w = label.Length * CharWidth;
            var node = placed[k];
            (double, double, double, double)[] candidates =
            [
                (node.X + node.Radius + 3, node.Y - 7, node.X + node.Radius + 3 + w, node.Y + 6),
                (node.X - node.Radius - 3 - w, node.Y - 7, node.X - node.Radius - 3, node.Y + 6),
            ];
            for (var side = 0; side < candidates.Length; side++)
            {
                var box = candidates[side];
                if (box.Item1 < 2 || box.Item3 > Width - 2 || Overlaps(box, boxes) || HitsNode(box, placed, k))
                {
                    continue;
                }

                boxes.Add(box);
                placed[k] = node with { Label = label, LabelLeft = side == 1 };
                break;
            }
        }

        return new NetworkMap(Width, height, colourBy, aggregated, totalNodes, title, description, placed, edges, legend);
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

    private static bool HitsNode((double X0, double Y0, double X1, double Y1) box, MapNode[] nodes, int self)
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
