using System.Text;
using SurveyNetwork.Domain.Reports.Model;

using static SurveyNetwork.Domain.Reports.Rendering.Html;

namespace SurveyNetwork.Domain.Reports.Rendering;

/// <summary>Inline SVG: the network map and the small comparison bars.</summary>
internal static class Svg
{
    private const string Namespace = "http://www.w3.org/2000/svg";

    private const string EdgeOneWay = "#7B8794";
    private const string EdgeMutual = "#3E4C59";
    private const string OutsideFill = "#52606D";

    /// <summary>
    /// The map drawn once per boundary (same layout, nodes coloured by that attribute), each panel an
    /// image with its own title, description and colour legend, after one key to the marks shared by
    /// every panel (arrows, mutual ties, outlines, outside contacts, sizes). What the panels share
    /// (the outside band, ties, arrowheads and labels) is drawn once, in the first panel's defs, and
    /// every panel reuses it by a same-document fragment reference; only the node circles, whose
    /// colours differ, are drawn per panel. <paramref name="idPrefix"/> must be unique within the page.
    /// </summary>
    public static HtmlNode Map(NetworkMap map, string idPrefix)
    {
        var below = Below(map).Attr("id", idPrefix + "-ties");
        var above = Labels(map).Attr("id", idPrefix + "-labels");
        var figures = E("div").Class(map.Width > 700 ? "maps wide" : "maps");
        var marks = new NodeMarks(map);
        foreach (var (panel, index) in map.Panels.Select((p, k) => (p, k)))
        {
            var defs = index == 0 ? E("defs", below, above) : null;
            figures.Add(Panel(map, panel, marks, $"{idPrefix}-{panel.Boundary}", index, defs, "#" + idPrefix + "-ties", "#" + idPrefix + "-labels"));
        }

        return Fragment(MarksKey(map), figures, E("p").Class("note").Text(map.Description));
    }

    private static HtmlElement Panel(NetworkMap map, MapPanel panel, NodeMarks marks, string id, int index, HtmlElement? defs, string belowRef, string aboveRef)
    {
        var titleId = id + "-title";
        var descId = id + "-desc";
        var colourNames = string.Join(", ", panel.Legend.Select(l => l.Label));
        var svg = new HtmlElement("svg")
            .Attr("xmlns", Namespace)
            .Attr("viewBox", $"0 0 {map.Width} {map.Height}")
            .Attr("width", map.Width)
            .Attr("height", map.Height)
            .Attr("role", "img")
            .Attr("aria-labelledby", titleId + " " + descId)
            .Attr("data-boundary", panel.Boundary)
            .Add(
                E("title").Attr("id", titleId).Text($"{map.Title}, {panel.Title.ToLowerInvariant()}"),
                E("desc").Attr("id", descId).Text($"Colours: {colourNames}. " + map.Description),
                defs,
                new HtmlElement("use").Attr("href", belowRef),
                Nodes(map, panel, marks),
                new HtmlElement("use").Attr("href", aboveRef));

        var legend = E("ul").Class("legend").Attr("aria-label", panel.Title + ": colours");
        foreach (var entry in panel.Legend)
        {
            legend.Add(E("li",
                E("span").Class("swatch").Attr("style", "background:" + Theme.Colour(entry.Colour)),
                T($"{entry.Label} ({entry.Count})")));
        }

        return E("figure", E("figcaption").Text(panel.Title), svg, legend).Class(index == 0 ? "panel first" : "panel");
    }

    /// <summary>
    /// What lies under the nodes in every panel: the band of outside contacts, then the ties and
    /// their arrowheads. Each kind is one path of many segments (a one-way tie has a head at the
    /// person named, a mutual tie one at each end), styled once on its group; arrowheads are paths,
    /// not markers, so nothing refers to another element.
    /// </summary>
    private static HtmlElement Below(NetworkMap map)
    {
        var below = new HtmlElement("g");
        if (map.OutsideBand is { } band)
        {
            below.Add(
                new HtmlElement("rect").Attr("x", band).Attr("y", 0).Attr("width", map.Width - band).Attr("height", map.Height).Attr("fill", "#F5F7FA"),
                new HtmlElement("line").Attr("x1", band).Attr("y1", 0).Attr("x2", band).Attr("y2", map.Height).Attr("stroke", "#CBD2D9").Attr("stroke-dasharray", "4 4"),
                new HtmlElement("text").Attr("x", band + (map.Width - band) / 2).Attr("y", 22).Attr("text-anchor", "middle").Attr("font-size", 12).Attr("font-weight", 600).Attr("fill", "#3E4C59")
                    .Text("Outside the organization"));
        }

        // Ties of one kind are grouped by drawn width (one width per kind on a person-level map).
        var maxWeight = map.Edges.Count == 0 ? 1 : Math.Max(1, map.Edges.Max(e => e.Weight));
        var oneWayTies = new SortedDictionary<int, StringBuilder>();
        var mutualTies = new SortedDictionary<int, StringBuilder>();
        var oneWayHeads = new StringBuilder();
        var mutualHeads = new StringBuilder();
        foreach (var e in map.Edges.OrderBy(e => e.Source).ThenBy(e => e.Target))
        {
            var a = map.Nodes[e.Source];
            var b = map.Nodes[e.Target];
            var dx = b.X - a.X;
            var dy = b.Y - a.Y;
            var length = Math.Sqrt(dx * dx + dy * dy);
            var startGap = a.Radius + 1.5;
            var endGap = b.Radius + 1.5;
            const double head = 8;
            if (length <= startGap + endGap + 2 * head)
            {
                continue;
            }

            var (ux, uy) = (dx / length, dy / length);
            var width = map.Aggregated && e.WeightShown ? 1 + 4 * Math.Sqrt((double)e.Weight / maxWeight) : e.Mutual ? 1.6 : 1.1;
            var hundredths = (int)Math.Round(width * 100, MidpointRounding.AwayFromZero);
            var size = Math.Max(head, 2.5 * width);
            var start = e.Mutual ? startGap + size - 1 : startGap;
            var ties = e.Mutual ? mutualTies : oneWayTies;
            if (!ties.TryGetValue(hundredths, out var d))
            {
                ties.Add(hundredths, d = new StringBuilder());
            }

            Point(d.Append('M'), a.X + ux * start, a.Y + uy * start);
            Point(d.Append('L'), b.X - ux * (endGap + size - 1), b.Y - uy * (endGap + size - 1));
            Head(e.Mutual ? mutualHeads : oneWayHeads, b.X - ux * endGap, b.Y - uy * endGap, ux, uy, size);
            if (e.Mutual)
            {
                Head(mutualHeads, a.X + ux * startGap, a.Y + uy * startGap, -ux, -uy, size);
            }
        }

        HtmlElement Ties(string kind, string colour, SortedDictionary<int, StringBuilder> paths)
        {
            var g = new HtmlElement("g").Class("ties " + kind).Attr("stroke", colour).Attr("fill", "none");
            foreach (var (hundredths, d) in paths)
            {
                g.Add(new HtmlElement("path").Attr("d", d.ToString()).Attr("stroke-width", hundredths / 100.0));
            }

            return g;
        }

        HtmlElement Heads(string kind, string colour, StringBuilder d) =>
            new HtmlElement("g").Class("heads " + kind).Attr("fill", colour).Add(d.Length == 0 ? null : new HtmlElement("path").Attr("d", d.ToString()));

        return below.Add(
            Ties("one-way", EdgeOneWay, oneWayTies).Attr("stroke-dasharray", "5 3"),
            Heads("one-way", EdgeOneWay, oneWayHeads),
            Ties("mutual", EdgeMutual, mutualTies),
            Heads("mutual", EdgeMutual, mutualHeads));
    }

    /// <summary>A panel's nodes: the same shapes in every panel, each circle filled with the panel's colour for it.</summary>
    /// <summary>The nodes of one panel, in drawing order (outlined members last, larger nodes under smaller ones), filled with the panel's colours.</summary>
    private static HtmlElement Nodes(NetworkMap map, MapPanel panel, NodeMarks marks)
    {
        var fills = new string[marks.Order.Length];
        for (var i = 0; i < fills.Length; i++)
        {
            var k = marks.Order[i];
            fills[i] = map.Nodes[k].Kind == MapNodeKind.Outside ? OutsideFill : Theme.Colour(panel.Colours[k]);
        }

        return new HtmlElement("g").Attr("stroke", "#FFFFFF").Attr("stroke-width", 1.2).Add(new PanelNodes(marks, fills));
    }

    /// <summary>
    /// Every node of a map as markup, built once and filled per panel. Each node is built as an element
    /// with a placeholder fill and rendered; the text before and after the placeholder is kept. The
    /// placeholder is the first attribute value that can hold it (coordinates are numbers), so a title
    /// that happens to contain it is still escaped text after it. A page draws each map in four panels of
    /// up to 200 nodes; building the elements once rather than four times is most of the page's cost.
    /// </summary>
    private sealed class NodeMarks
    {
        private const string Placeholder = "fill\u00A7placeholder";

        public NodeMarks(NetworkMap map)
        {
            Order = Enumerable.Range(0, map.Nodes.Count).OrderBy(k => map.Nodes[k].Highlight).ThenByDescending(k => map.Nodes[k].Radius).ThenBy(k => k).ToArray();
            Parts = new (string, string)[Order.Length];
            for (var i = 0; i < Order.Length; i++)
            {
                var n = map.Nodes[Order[i]];
                var shape = n.Kind == MapNodeKind.Outside
                    ? new HtmlElement("rect").Attr("x", Tenths(n.X - n.Radius)).Attr("y", Tenths(n.Y - n.Radius)).Attr("width", Tenths(2 * n.Radius)).Attr("height", Tenths(2 * n.Radius))
                        .Attr("rx", 2).Attr("fill", Placeholder)
                    : new HtmlElement("circle").Attr("cx", Tenths(n.X)).Attr("cy", Tenths(n.Y)).Attr("r", Tenths(n.Radius)).Attr("fill", Placeholder);
                if (n.Highlight)
                {
                    shape.Attr("stroke", "#1F2933").Attr("stroke-width", 2.4);
                }

                var markup = shape.Add(E("title").Text(n.Title)).ToString();
                var at = markup.IndexOf(Placeholder, StringComparison.Ordinal);
                Parts[i] = (markup[..at], markup[(at + Placeholder.Length)..]);
            }
        }

        /// <summary>Node indices in drawing order.</summary>
        public int[] Order { get; }

        /// <summary>Per position of <see cref="Order"/>: the markup before and after the fill value.</summary>
        public (string Before, string After)[] Parts { get; }
    }

    /// <summary>A panel's nodes: each node's markup with the panel's fill (escaped like any attribute value).</summary>
    private sealed class PanelNodes(NodeMarks marks, string[] fills) : HtmlNode
    {
        internal override void WriteTo(StringBuilder sb)
        {
            for (var i = 0; i < fills.Length; i++)
            {
                sb.Append(marks.Parts[i].Before);
                Escape(sb, fills[i], attribute: true);
                sb.Append(marks.Parts[i].After);
            }
        }
    }

    /// <summary>The node labels, drawn over the nodes of every panel with a white halo.</summary>
    private static HtmlElement Labels(NetworkMap map)
    {
        var labels = new HtmlElement("g")
            .Attr("font-size", map.Width > 700 ? 12 : 13).Attr("fill", "#1F2933").Attr("stroke", "#FFFFFF").Attr("stroke-width", 3)
            .Attr("paint-order", "stroke").Attr("stroke-linejoin", "round");
        foreach (var n in map.Nodes.Where(n => n.Label is not null))
        {
            if (n.Kind == MapNodeKind.Outside)
            {
                labels.Add(new HtmlElement("text").Attr("x", Tenths(n.X)).Attr("y", Tenths(n.Y + n.Radius + 14)).Attr("text-anchor", "middle").Attr("font-size", 12).Text(n.Label));
                continue;
            }

            var text = new HtmlElement("text").Attr("y", Tenths(n.Y + 4)).Attr("x", Tenths(n.LabelLeft ? n.X - n.Radius - 3 : n.X + n.Radius + 3));
            if (n.LabelLeft)
            {
                text.Attr("text-anchor", "end");
            }

            labels.Add(text.Text(n.Label));
        }

        return labels;
    }

    /// <summary>A filled arrowhead with its tip at (x, y), pointing along (ux, uy), appended to a path.</summary>
    private static void Head(StringBuilder d, double x, double y, double ux, double uy, double size)
    {
        var (bx, by) = (x - ux * size, y - uy * size);
        var (nx, ny) = (-uy * size * 0.45, ux * size * 0.45);
        Point(d.Append('M'), x, y);
        Point(d.Append('L'), bx + nx, by + ny);
        Point(d.Append('L'), bx - nx, by - ny);
        d.Append('Z');
    }

    /// <summary>"x,y" to a tenth of a unit (a tenth of a pixel at full size).</summary>
    private static void Point(StringBuilder d, double x, double y)
    {
        Html.AppendTenths(d, x);
        Html.AppendTenths(d.Append(','), y);
    }

    private static string Tenths(double value) => Html.Tenths(value);

    /// <summary>The key to every mark the panels share.</summary>
    private static HtmlElement MarksKey(NetworkMap map)
    {
        HtmlElement Sample(params HtmlNode[] content) =>
            new HtmlElement("svg").Attr("xmlns", Namespace).Attr("width", 40).Attr("height", 14).Attr("viewBox", "0 0 40 14").Attr("aria-hidden", "true").Add(content);
        HtmlElement Line(string colour, bool dashed, bool both, double width)
        {
            var line = new HtmlElement("line").Attr("x1", both ? 7 : 2).Attr("y1", 7).Attr("x2", 31).Attr("y2", 7).Attr("stroke", colour).Attr("stroke-width", width);
            if (dashed)
            {
                line.Attr("stroke-dasharray", "5 3");
            }

            var head = new HtmlElement("path").Attr("d", "M29,2.5 L38,7 L29,11.5 z").Attr("fill", colour);
            return both
                ? E("g", line, head, new HtmlElement("path").Attr("d", "M11,2.5 L2,7 L11,11.5 z").Attr("fill", colour))
                : E("g", line, head);
        }

        var key = E("ul").Class("legend marks").Attr("aria-label", "What the marks mean");
        void Entry(HtmlNode sample, string text) => key.Add(E("li", sample, T(text)));
        var unit = map.Aggregated ? "team" : "person";
        Entry(Sample(Line(EdgeOneWay, true, false, 1.2)), map.Aggregated ? "one team's members name the other's (one way)" : $"one-way tie: the arrow points to the {unit} named");
        Entry(Sample(Line(EdgeMutual, false, true, 1.8)), map.Aggregated ? "both teams name each other" : "mutual tie: both name each other");
        if (map.Aggregated)
        {
            Entry(Sample(new HtmlElement("line").Attr("x1", 2).Attr("y1", 4).Attr("x2", 38).Attr("y2", 4).Attr("stroke", EdgeOneWay).Attr("stroke-width", 1),
                new HtmlElement("line").Attr("x1", 2).Attr("y1", 10).Attr("x2", 38).Attr("y2", 10).Attr("stroke", EdgeOneWay).Attr("stroke-width", 4)),
                "thicker: more nominations (thinnest where fewer than k people made them)");
            Entry(Sample(new HtmlElement("circle").Attr("cx", 10).Attr("cy", 7).Attr("r", 3).Attr("fill", "#9AA5B1"), new HtmlElement("circle").Attr("cx", 28).Attr("cy", 7).Attr("r", 6.5).Attr("fill", "#9AA5B1")),
                "circle: a team; larger: more members");
        }
        else
        {
            Entry(Sample(new HtmlElement("circle").Attr("cx", 10).Attr("cy", 7).Attr("r", 3).Attr("fill", "#9AA5B1"), new HtmlElement("circle").Attr("cx", 28).Attr("cy", 7).Attr("r", 6.5).Attr("fill", "#9AA5B1")),
                "circle: a person; larger: named by more colleagues");
        }

        if (map.Nodes.Any(n => n.Highlight))
        {
            Entry(Sample(new HtmlElement("circle").Attr("cx", 20).Attr("cy", 7).Attr("r", 5.5).Attr("fill", "#FFFFFF").Attr("stroke", "#1F2933").Attr("stroke-width", 2.4)), "outlined: member of this team");
        }

        if (map.Nodes.Any(n => n.Kind == MapNodeKind.Outside))
        {
            Entry(Sample(new HtmlElement("rect").Attr("x", 14).Attr("y", 1).Attr("width", 12).Attr("height", 12).Attr("rx", 2).Attr("fill", OutsideFill)),
                "square: contacts outside the organization, one per kind; larger: more contacts");
        }

        Entry(Sample(new HtmlElement("circle").Attr("cx", 20).Attr("cy", 7).Attr("r", 5.5).Attr("fill", Theme.Other)), "colour: the panel's boundary (key under each panel); grey: other");
        return key;
    }

    /// <summary>A horizontal bar (the group's value) with a dark tick at the reference value.</summary>
    public static HtmlNode Bar(double? value, double? reference, double scale, string label)
    {
        const double w = 160, h = 16;
        var svg = new HtmlElement("svg").Attr("xmlns", Namespace).Attr("class", "bar").Attr("width", w).Attr("height", h)
            .Attr("viewBox", $"0 0 {w} {h}").Attr("role", "img").Attr("aria-label", label);
        svg.Add(new HtmlElement("rect").Attr("x", 0).Attr("y", 4).Attr("width", w).Attr("height", 8).Attr("rx", 4).Attr("fill", Theme.Track));
        if (value is { } v && scale > 0)
        {
            svg.Add(new HtmlElement("rect").Attr("x", 0).Attr("y", 4).Attr("width", Math.Clamp(v / scale, 0, 1) * w).Attr("height", 8).Attr("rx", 4).Attr("fill", Theme.Team));
        }

        if (reference is { } r && scale > 0)
        {
            var x = Math.Clamp(r / scale, 0, 1) * (w - 2) + 1;
            svg.Add(new HtmlElement("rect").Attr("x", x - 1).Attr("y", 0).Attr("width", 2.5).Attr("height", h).Attr("fill", Theme.Organization));
        }

        return svg;
    }

    /// <summary>A bar on a −1 … +1 scale from the centre (E-I index), with a tick at the reference.</summary>
    public static HtmlNode Diverging(double? value, double? reference, string label)
    {
        const double w = 160, h = 16, mid = w / 2;
        var svg = new HtmlElement("svg").Attr("xmlns", Namespace).Attr("width", w).Attr("height", h)
            .Attr("viewBox", $"0 0 {w} {h}").Attr("role", "img").Attr("aria-label", label);
        svg.Add(new HtmlElement("rect").Attr("x", 0).Attr("y", 4).Attr("width", w).Attr("height", 8).Attr("rx", 4).Attr("fill", Theme.Track));
        if (value is { } v)
        {
            var end = mid + Math.Clamp(v, -1, 1) * mid;
            svg.Add(new HtmlElement("rect").Attr("x", Math.Min(mid, end)).Attr("y", 4).Attr("width", Math.Abs(end - mid)).Attr("height", 8).Attr("fill", Theme.Team));
        }

        svg.Add(new HtmlElement("rect").Attr("x", mid - 0.5).Attr("y", 2).Attr("width", 1).Attr("height", 12).Attr("fill", "#9AA5B1"));
        if (reference is { } r)
        {
            svg.Add(new HtmlElement("rect").Attr("x", mid + Math.Clamp(r, -1, 1) * (mid - 1) - 1).Attr("y", 0).Attr("width", 2.5).Attr("height", h).Attr("fill", Theme.Organization));
        }

        return svg;
    }

    /// <summary>A small key explaining the bars.</summary>
    public static HtmlNode BarKey(string valueLabel, string? referenceLabel) =>
        E("p",
            new HtmlElement("svg").Attr("xmlns", Namespace).Attr("width", 28).Attr("height", 10).Attr("aria-hidden", "true")
                .Add(new HtmlElement("rect").Attr("x", 0).Attr("y", 1).Attr("width", 28).Attr("height", 8).Attr("rx", 4).Attr("fill", Theme.Team)),
            T(" " + valueLabel),
            referenceLabel is null ? null : Fragment(
                E("span").Class("gap"),
                new HtmlElement("svg").Attr("xmlns", Namespace).Attr("width", 6).Attr("height", 14).Attr("aria-hidden", "true")
                    .Add(new HtmlElement("rect").Attr("x", 2).Attr("y", 0).Attr("width", 2.5).Attr("height", 14).Attr("fill", Theme.Organization)),
                T(" " + referenceLabel))).Class("note key");
}
