using SurveyNetwork.Domain.Reports.Model;

using static SurveyNetwork.Domain.Reports.Rendering.Html;

namespace SurveyNetwork.Domain.Reports.Rendering;

/// <summary>Inline SVG: the network map and the small comparison bars.</summary>
internal static class Svg
{
    private const string Namespace = "http://www.w3.org/2000/svg";

    /// <summary>The map with an accessible title and description, and an HTML legend below it.</summary>
    public static HtmlNode Map(NetworkMap map, string idPrefix)
    {
        var titleId = idPrefix + "-title";
        var descId = idPrefix + "-desc";
        var svg = new HtmlElement("svg")
            .Attr("xmlns", Namespace)
            .Attr("viewBox", $"0 0 {map.Width} {map.Height}")
            .Attr("width", map.Width)
            .Attr("height", map.Height)
            .Attr("role", "img")
            .Attr("aria-labelledby", titleId + " " + descId)
            .Add(E("title").Attr("id", titleId).Text(map.Title), E("desc").Attr("id", descId).Text(map.Description));

        var maxWeight = map.Edges.Count == 0 ? 1 : map.Edges.Max(e => e.Weight);
        var edges = new HtmlElement("g").Attr("stroke", "#7B8794").Attr("stroke-linecap", "round").Attr("fill", "none");
        foreach (var e in map.Edges.OrderBy(e => e.Mutual).ThenBy(e => e.Source).ThenBy(e => e.Target))
        {
            var a = map.Nodes[e.Source];
            var b = map.Nodes[e.Target];
            var width = map.Aggregated ? 0.8 + 4.5 * Math.Sqrt((double)e.Weight / maxWeight) : e.Mutual ? 1.8 : 0.9;
            var opacity = map.Aggregated ? 0.35 : e.Mutual ? 0.6 : 0.32;
            edges.Add(new HtmlElement("line")
                .Attr("x1", a.X).Attr("y1", a.Y).Attr("x2", b.X).Attr("y2", b.Y)
                .Attr("stroke-width", width).Attr("stroke-opacity", opacity));
        }

        var nodes = new HtmlElement("g").Attr("stroke", "#FFFFFF").Attr("stroke-width", 1.2);
        foreach (var n in map.Nodes.Select((n, k) => (n, k)).OrderBy(x => x.n.Highlight).ThenByDescending(x => x.n.Radius).ThenBy(x => x.k).Select(x => x.n))
        {
            var circle = new HtmlElement("circle").Attr("cx", n.X).Attr("cy", n.Y).Attr("r", n.Radius).Attr("fill", Theme.Colour(n.Colour));
            if (n.Highlight)
            {
                circle.Attr("stroke", "#1F2933").Attr("stroke-width", 2.4);
            }

            nodes.Add(circle.Add(E("title").Text(n.Title)));
        }

        var labels = new HtmlElement("g")
            .Attr("font-size", 11).Attr("fill", "#1F2933").Attr("stroke", "#FFFFFF").Attr("stroke-width", 3)
            .Attr("paint-order", "stroke").Attr("stroke-linejoin", "round");
        foreach (var n in map.Nodes.Where(n => n.Label is not null))
        {
            var text = new HtmlElement("text").Attr("y", n.Y + 4).Attr("x", n.LabelLeft ? n.X - n.Radius - 3 : n.X + n.Radius + 3);
            if (n.LabelLeft)
            {
                text.Attr("text-anchor", "end");
            }

            labels.Add(text.Text(n.Label));
        }

        svg.Add(edges, nodes, labels);
        var legend = E("ul").Class("legend");
        foreach (var entry in map.Legend)
        {
            legend.Add(E("li",
                E("span").Class("swatch").Attr("style", "background:" + Theme.Colour(entry.Colour)),
                T($"{entry.Label} ({entry.Count})")));
        }

        if (map.Nodes.Any(n => n.Highlight))
        {
            legend.Add(E("li", E("span").Class("swatch ring"), T("member of this team")));
        }

        return E("figure", svg, legend, E("figcaption").Text(map.Description));
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
