using System.Globalization;
using SurveyNetwork.Domain.Reports.Model;
using SurveyNetwork.Domain.Survey;

using static SurveyNetwork.Domain.Reports.Rendering.Html;

namespace SurveyNetwork.Domain.Reports.Rendering;

/// <summary>
/// The picture of one person's own network: the person in the middle, the people they named on a
/// ring around them, each tie coloured and patterned by the widest boundary it crosses (Okabe–Ito
/// colours, Okabe &amp; Ito 2008, "Color universal design"), personal ties thick with a filled mark, ties
/// that run both ways with two arrowheads, and colleagues who named the person without being named
/// as one counted mark (who they are stays private). Only presentation attributes are used, so the
/// picture needs no style sheet under a strict content security policy; the same profile always
/// gives the same bytes.
/// </summary>
internal static class ProfileNetworkSvg
{
    private const string Namespace = "http://www.w3.org/2000/svg";
    private const int Width = 400;
    private const int GraphHeight = 330;
    private const double CentreX = 200;
    private const double CentreY = 166;
    private const double RingX = 80;
    private const double RingY = 112;
    private const double YouRadius = 26;
    private const double NodeRadius = 10;
    private const int LabelChars = 14;
    private const int RowHeight = 25;
    private const string Ink = "#1F2328";
    private const string Font = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";

    /// <summary>The boundary kinds a tie is drawn by, widest first.</summary>
    public enum Kind
    {
        Outside,
        Level,
        Function,
        Location,
        Team,
        None,
    }

    /// <summary>Colour, dash pattern and legend text of each kind (Okabe–Ito; black and grey for the two kinds within the four boundaries).</summary>
    public static (string Colour, string? Dash, string Label) Style(Kind kind) => kind switch
    {
        Kind.Outside => ("#D55E00", "2 3", "Outside the organization"),
        Kind.Level => ("#0072B2", "10 4", "Another level"),
        Kind.Function => ("#009E73", "7 3 2 3", "Another function"),
        Kind.Location => ("#CC79A7", "4 3", "Another location"),
        Kind.Team => (Ink, null, "Another team only"),
        _ => ("#6E7781", null, "Same team, no boundary"),
    };

    /// <summary>The widest boundary a contact's tie crosses: outside, then level, function, location, team.</summary>
    public static Kind KindOf(ProfileContact c) =>
        c.Outside ? Kind.Outside
        : ProfileTies.IsOtherLevel(c) ? Kind.Level
        : c.OtherFunction ? Kind.Function
        : c.OtherLocation ? Kind.Location
        : c.OtherTeam ? Kind.Team
        : Kind.None;

    /// <summary>True when the tie is drawn with arrowheads both ways: a mutual nomination where the cycle names people, else the person's own answer that the contact comes to them sometimes or often.</summary>
    public static bool TwoWay(ProfileContact c, bool named) =>
        named && !c.Outside ? c.Mutual == true : c.GiveBack is GiveBack.Sometimes or GiveBack.Often;

    public static string Render(PersonalProfile p) => Build(p).ToString();

    public static HtmlElement Build(PersonalProfile p)
    {
        ArgumentNullException.ThrowIfNull(p);
        var named = p.Method.NamedReports;
        var contacts = p.Contacts.Select((c, k) => (c, k, kind: KindOf(c))).OrderBy(x => x.kind).ThenBy(x => x.k).ToList();
        var inboundOnly = p.Ties?.NamedYouOnly ?? 0;
        var slots = contacts.Count + (inboundOnly > 0 ? 1 : 0);
        var kinds = contacts.Select(x => x.kind).Distinct().Order().ToList();
        var legend = Legend(kinds, named, contacts.Any(x => x.c.Outside), inboundOnly > 0);
        var height = GraphHeight + 34 + (legend.Count * RowHeight);

        var svg = new HtmlElement("svg")
            .Attr("xmlns", Namespace)
            .Attr("viewBox", $"0 0 {Width} {height}")
            .Attr("width", Width)
            .Attr("height", height)
            .Attr("role", "img")
            .Attr("aria-labelledby", "pn-title pn-desc")
            .Attr("font-family", Font)
            .Attr("class", "network-picture")
            .Add(
                E("title").Attr("id", "pn-title").Text("Your network: you in the middle, the people you named around you"),
                E("desc").Attr("id", "pn-desc").Text(Description(p, contacts.Select(x => x.kind).ToList(), inboundOnly, named)));

        var defs = new HtmlElement("defs");
        foreach (var kind in kinds)
        {
            defs.Add(Arrow("pn-arrow-" + Name(kind), Style(kind).Colour));
        }

        if (inboundOnly > 0)
        {
            defs.Add(Arrow("pn-arrow-in", "#57606A"));
        }

        svg.Add(defs);
        var ties = new HtmlElement("g").Attr("fill", "none");
        var marks = new HtmlElement("g");
        var labels = new HtmlElement("g").Attr("font-size", 14.5).Attr("fill", Ink);
        for (var s = 0; s < contacts.Count; s++)
        {
            var (c, _, kind) = contacts[s];
            var (colour, dash, _) = Style(kind);
            var (x, y, ux, uy) = Slot(s, slots);
            var personal = c.Personal == true;
            var reach = c.Outside ? NodeRadius + 2 : NodeRadius + 1.5;
            var line = new HtmlElement("line")
                .Attr("x1", Round(CentreX + (ux * (YouRadius + 2)))).Attr("y1", Round(CentreY + (uy * (YouRadius + 2))))
                .Attr("x2", Round(x - (ux * reach))).Attr("y2", Round(y - (uy * reach)))
                .Attr("stroke", colour)
                .Attr("stroke-width", personal ? 4.5 : 2)
                .Attr("stroke-dasharray", dash)
                .Attr("marker-end", $"url(#pn-arrow-{Name(kind)})");
            if (TwoWay(c, named))
            {
                line.Attr("marker-start", $"url(#pn-arrow-{Name(kind)})");
            }

            ties.Add(line.Attr("data-kind", Name(kind)).Attr("data-personal", personal ? "yes" : "no").Attr("data-two-way", TwoWay(c, named) ? "yes" : "no"));
            var fill = personal ? colour : "#FFFFFF";
            marks.Add(c.Outside
                ? new HtmlElement("rect").Attr("x", Round(x - NodeRadius)).Attr("y", Round(y - NodeRadius)).Attr("width", NodeRadius * 2).Attr("height", NodeRadius * 2)
                    .Attr("fill", fill).Attr("stroke", colour).Attr("stroke-width", 2.5)
                : new HtmlElement("circle").Attr("cx", Round(x)).Attr("cy", Round(y)).Attr("r", NodeRadius)
                    .Attr("fill", fill).Attr("stroke", colour).Attr("stroke-width", 2.5));
            labels.Add(Label(x, y, ux, uy, c.Label));
        }

        if (inboundOnly > 0)
        {
            var (x, y, ux, uy) = Slot(contacts.Count, slots);
            ties.Add(new HtmlElement("line")
                .Attr("x1", Round(x - (ux * 15))).Attr("y1", Round(y - (uy * 15)))
                .Attr("x2", Round(CentreX + (ux * (YouRadius + 2)))).Attr("y2", Round(CentreY + (uy * (YouRadius + 2))))
                .Attr("stroke", "#57606A").Attr("stroke-width", 2).Attr("stroke-dasharray", "1 3").Attr("stroke-linecap", "round")
                .Attr("marker-end", "url(#pn-arrow-in)").Attr("data-kind", "named-you"));
            marks.Add(new HtmlElement("circle").Attr("cx", Round(x)).Attr("cy", Round(y)).Attr("r", 13)
                .Attr("fill", "#F6F8FA").Attr("stroke", "#57606A").Attr("stroke-width", 1.5).Attr("stroke-dasharray", "3 2"));
            marks.Add(E("text").Attr("x", Round(x)).Attr("y", Round(y + 4.5)).Attr("text-anchor", "middle").Attr("font-size", 13).Attr("font-weight", 700).Attr("fill", Ink)
                .Text(inboundOnly.ToString(CultureInfo.InvariantCulture)));
            labels.Add(Label(x, y + 4, ux, uy, "named you"));
        }

        marks.Add(new HtmlElement("circle").Attr("cx", CentreX).Attr("cy", CentreY).Attr("r", YouRadius).Attr("fill", Ink));
        marks.Add(E("text").Attr("x", CentreX).Attr("y", CentreY + 5).Attr("text-anchor", "middle").Attr("font-size", 14).Attr("font-weight", 700).Attr("fill", "#FFFFFF").Text("You"));
        svg.Add(ties, marks, labels);
        svg.Add(LegendGroup(legend));
        return svg;
    }

    /// <summary>Where the s-th of n marks sits on the ring, clockwise from the top, and the unit vector from the centre to it.</summary>
    private static (double X, double Y, double Ux, double Uy) Slot(int s, int n)
    {
        var angle = (-Math.PI / 2) + (2 * Math.PI * s / Math.Max(1, n));
        var (ux, uy) = (Math.Cos(angle), Math.Sin(angle));
        var (x, y) = (CentreX + (RingX * ux), CentreY + (RingY * uy));
        var length = Math.Sqrt(((x - CentreX) * (x - CentreX)) + ((y - CentreY) * (y - CentreY)));
        return (x, y, (x - CentreX) / length, (y - CentreY) / length);
    }

    /// <summary>A label outside its mark: to the right on the right half, left on the left, above or below at the top and bottom.</summary>
    private static HtmlElement Label(double x, double y, double ux, double uy, string text)
    {
        var anchor = ux > 0.35 ? "start" : ux < -0.35 ? "end" : "middle";
        var room = anchor == "middle" ? LabelChars + 8 : LabelChars;
        var shown = text.Length > room ? text[..(room - 1)].TrimEnd() + "…" : text;
        var lx = x + (anchor == "start" ? NodeRadius + 6 : anchor == "end" ? -(NodeRadius + 6) : 0);
        var ly = anchor == "middle" ? y + (uy > 0 ? NodeRadius + 18 : -NodeRadius - 8) : y + 5;
        var node = E("text").Attr("x", Round(lx)).Attr("y", Round(ly)).Attr("text-anchor", anchor).Text(shown);
        return shown == text ? node : node.Add(E("title").Text(text));
    }

    private static List<(string? Kind, string Text)> Legend(List<Kind> kinds, bool named, bool outside, bool inbound)
    {
        var rows = new List<(string?, string)>();
        foreach (var kind in kinds)
        {
            rows.Add((Name(kind), Style(kind).Label));
        }

        rows.Add(("personal", "Thick line, filled mark: a personal tie"));
        rows.Add(("professional", "Thin line, open mark: work only"));
        rows.Add(("one-way", "One arrowhead: you go to them"));
        rows.Add(("two-way", named ? "Two arrowheads: they named you too" : "Two arrowheads: they come to you for help"));
        if (outside)
        {
            rows.Add(("square", "Square: outside the organization"));
        }

        if (inbound)
        {
            rows.Add(("named-you", "Dotted circle: others who named you (count)"));
        }

        return rows;
    }

    private static HtmlElement LegendGroup(List<(string? Kind, string Text)> rows)
    {
        var top = GraphHeight;
        var g = new HtmlElement("g").Attr("font-size", 14).Attr("fill", Ink).Attr("data-legend", "yes");
        g.Add(E("text").Attr("x", 4).Attr("y", top + 16).Attr("font-weight", 700).Text("Colour and pattern: widest boundary crossed"));
        for (var r = 0; r < rows.Count; r++)
        {
            var (kind, text) = rows[r];
            var y = top + 30 + (r * RowHeight) + 10;
            var entry = new HtmlElement("g").Attr("data-legend-entry", kind);
            entry.Add(Swatch(kind, 4, y));
            entry.Add(E("text").Attr("x", 54).Attr("y", Round(y + 5)).Text(text));
            g.Add(entry);
        }

        return g;
    }

    private static HtmlElement Swatch(string? kind, double x, double y)
    {
        var g = new HtmlElement("g");
        var boundary = Enum.GetValues<Kind>().Where(k => Name(k) == kind).Select(k => (Kind?)k).FirstOrDefault();
        if (boundary is { } b)
        {
            var (colour, dash, _) = Style(b);
            return g.Add(new HtmlElement("line").Attr("x1", x).Attr("y1", y).Attr("x2", x + 40).Attr("y2", y).Attr("stroke", colour).Attr("stroke-width", 3).Attr("stroke-dasharray", dash));
        }

        switch (kind)
        {
            case "personal":
                g.Add(new HtmlElement("line").Attr("x1", x).Attr("y1", y).Attr("x2", x + 28).Attr("y2", y).Attr("stroke", Ink).Attr("stroke-width", 4.5));
                g.Add(new HtmlElement("circle").Attr("cx", x + 34).Attr("cy", y).Attr("r", 6).Attr("fill", Ink).Attr("stroke", Ink).Attr("stroke-width", 2));
                break;
            case "professional":
                g.Add(new HtmlElement("line").Attr("x1", x).Attr("y1", y).Attr("x2", x + 28).Attr("y2", y).Attr("stroke", Ink).Attr("stroke-width", 2));
                g.Add(new HtmlElement("circle").Attr("cx", x + 34).Attr("cy", y).Attr("r", 6).Attr("fill", "#FFFFFF").Attr("stroke", Ink).Attr("stroke-width", 2));
                break;
            case "one-way":
                g.Add(new HtmlElement("line").Attr("x1", x).Attr("y1", y).Attr("x2", x + 40).Attr("y2", y).Attr("stroke", Ink).Attr("stroke-width", 2).Attr("marker-end", "url(#pn-arrow-legend)"));
                g.Add(Arrow("pn-arrow-legend", Ink));
                break;
            case "two-way":
                g.Add(new HtmlElement("line").Attr("x1", x).Attr("y1", y).Attr("x2", x + 40).Attr("y2", y).Attr("stroke", Ink).Attr("stroke-width", 2)
                    .Attr("marker-start", "url(#pn-arrow-legend)").Attr("marker-end", "url(#pn-arrow-legend)"));
                break;
            case "square":
                g.Add(new HtmlElement("rect").Attr("x", x + 14).Attr("y", y - 7).Attr("width", 14).Attr("height", 14).Attr("fill", "#FFFFFF").Attr("stroke", Ink).Attr("stroke-width", 2));
                break;
            default:
                g.Add(new HtmlElement("circle").Attr("cx", x + 20).Attr("cy", y).Attr("r", 8).Attr("fill", "#F6F8FA").Attr("stroke", "#57606A").Attr("stroke-width", 1.5).Attr("stroke-dasharray", "3 2"));
                break;
        }

        return g;
    }

    /// <summary>An arrowhead drawn in user units, so thick and thin ties carry the same head.</summary>
    private static HtmlElement Arrow(string id, string colour) =>
        E("marker").Attr("id", id).Attr("viewBox", "0 0 10 10").Attr("refX", 9).Attr("refY", 5)
            .Attr("markerWidth", 10).Attr("markerHeight", 10).Attr("markerUnits", "userSpaceOnUse").Attr("orient", "auto-start-reverse")
            .Add(new HtmlElement("path").Attr("d", "M0,1 L10,5 L0,9 z").Attr("fill", colour));

    private static string Description(PersonalProfile p, List<Kind> kinds, int inboundOnly, bool named)
    {
        if (kinds.Count == 0)
        {
            return inboundOnly > 0
                ? $"You named no one. {inboundOnly} {(inboundOnly == 1 ? "colleague" : "colleagues")} named you."
                : "You named no one.";
        }

        var parts = kinds.GroupBy(k => k).OrderBy(g => g.Key).Select(g => $"{g.Count()} {Style(g.Key).Label.ToLowerInvariant()}");
        var personal = p.Contacts.Count(c => c.Personal == true);
        var twoWay = p.Contacts.Count(c => TwoWay(c, named));
        return $"{kinds.Count} {(kinds.Count == 1 ? "contact" : "contacts")} by the widest boundary crossed: {string.Join(", ", parts)}. "
            + $"{personal} personal as well as professional; {twoWay} drawn both ways ({(named ? "they named you too" : "they come to you sometimes or often")})."
            + (inboundOnly > 0 ? $" {inboundOnly} {(inboundOnly == 1 ? "colleague" : "colleagues")} you did not name named you." : "")
            + " The table of contacts lists every boundary each tie crosses.";
    }

    private static string Name(Kind kind) => kind.ToString().ToLowerInvariant();

    private static double Round(double v) => Math.Round(v, 1);
}
