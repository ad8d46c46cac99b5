using SurveyNetwork.Domain.Reports.Model;

using static SurveyNetwork.Domain.Reports.Rendering.Html;

namespace SurveyNetwork.Domain.Reports.Rendering;

/// <summary>
/// The parts the report pages share: the page shell, header and key figures, the lens, performance,
/// change, recommendations, role rules and the closing notes. Pages are self-contained (inline CSS
/// and SVG, no script, no outside request, printable); every value passes through the escaping
/// <see cref="Html"/> builder.
/// </summary>
internal static class ReportSections
{
    public static HtmlNode Page(string title, HtmlNode header, HtmlNode main) =>
        Fragment(
            Trusted.Doctype,
            E("html",
                E("head",
                    new HtmlElement("meta").Attr("charset", "utf-8"),
                    new HtmlElement("meta").Attr("name", "viewport").Attr("content", "width=device-width, initial-scale=1"),
                    new HtmlElement("meta").Attr("name", "referrer").Attr("content", "no-referrer"),
                    E("title").Text(title),
                    new HtmlElement("link").Attr("rel", "icon").Attr("href", "data:,"),
                    E("style", Trusted.StyleSheet)),
                E("body", header, main)).Attr("lang", "en"));

    public static HtmlNode Header(string eyebrow, string title, string subtitle, Confidence? confidence, IEnumerable<HtmlNode> kpis)
    {
        var h1 = E("h1").Text(title);
        if (confidence is { } c)
        {
            h1.Add(E("span").Class("badge " + ConfidenceClass(c)).Text(ConfidenceText(c)));
        }

        return E("header",
            E("div",
                E("p").Class("eyebrow").Text(eyebrow),
                h1,
                E("p").Class("subtitle").Text(subtitle),
                E("div", kpis).Class("kpis")).Class("page")).Class("top");
    }

    public static string Subtitle(string cycle, DateTimeOffset at, string? context) =>
        (context is null ? "" : context + " · ") + cycle + " · data as of " + Format.Date(at);

    public static HtmlNode Kpi(string value, string label, string? reference) =>
        E("div",
            E("div").Class("value").Text(value),
            E("div").Class("label").Text(label),
            reference is null ? null : E("div").Class("ref").Text(reference)).Class("kpi");

    public static string? Reference(Measure m, MeasureSet? org) =>
        org?[m] is { } v ? "organization " + Format.Measure(m, v, true) : null;

    public static double? OutsideTeam(MeasureSet? set) => set?.OutsideTeamShare;

    public static HtmlElement Section(string title, string? lead, params IEnumerable<HtmlNode?> content) =>
        E("section", E("h2").Text(title), lead is null ? null : E("p").Class("lead").Text(lead)).Add(content);

    public static HtmlNode Th(string text, bool numeric = false, string scope = "col") =>
        E("th").Attr("scope", scope).Class(numeric ? "num" : null).Text(text);

    public static HtmlNode Td(string text, bool numeric = true) => E("td").Class(numeric ? "num" : null).Text(text);

    public static HtmlElement Table(string caption, IEnumerable<HtmlNode> headers, IEnumerable<HtmlNode> rows) =>
        E("table", E("caption").Text(caption), E("thead", E("tr", headers)), E("tbody", rows));

    /// <summary>
    /// A table that may be wider than a phone, in a region that scrolls sideways and that a keyboard
    /// can reach (focusable, named by the table's caption).
    /// </summary>
    public static HtmlElement Scroll(HtmlElement table, string label, string? extraClass = null) =>
        E("div", table).Class(extraClass is null ? "table-wrap" : "table-wrap " + extraClass)
            .Attr("tabindex", "0").Attr("role", "region").Attr("aria-label", label);

    /// <summary>The lens: every answer-based measure, the group's value against a reference, with bars.</summary>
    public static HtmlNode Lens(string title, string lead, MeasureSet values, MeasureSet? reference, string valueLabel, MeasureSet? delta, string? referenceLabel, MeasureSet? middle = null)
    {
        var headers = new List<HtmlNode> { Th("Measure"), Th(valueLabel, true) };
        if (middle is not null || (valueLabel == "You"))
        {
            headers.Add(Th("Your team", true));
        }

        if (referenceLabel is not null)
        {
            headers.Add(Th(referenceLabel, true));
        }

        headers.Add(Th("Compared"));
        if (delta is not null)
        {
            headers.Add(Th("Since last cycle", true));
        }

        var rows = new List<HtmlNode>();
        string? section = null;
        var columns = headers.Count;
        foreach (var entry in MeasureCatalog.Lens)
        {
            if (entry.Section != section)
            {
                section = entry.Section;
                rows.Add(E("tr", E("th").Attr("scope", "colgroup").Attr("colspan", columns).Text(section)).Class("group"));
            }

            var v = values[entry.Measure];
            var r = reference?[entry.Measure];
            var scale = entry.ScaleMax ?? Math.Max(1, Math.Max(v ?? 0, r ?? 0) * 1.25);
            var row = E("tr", E("th").Attr("scope", "row").Add(T(entry.Label), E("span").Class("help").Text(entry.Help)), Td(Format.Measure(entry.Measure, v, valueLabel != "You")));
            if (middle is not null || valueLabel == "You")
            {
                row.Add(Td(Format.Measure(entry.Measure, middle?[entry.Measure], true)));
            }

            if (referenceLabel is not null)
            {
                row.Add(Td(Format.Measure(entry.Measure, r, true)));
            }

            var aria = $"{valueLabel} {Format.Measure(entry.Measure, v, true)}" + (r is null ? "" : $", {referenceLabel ?? "reference"} {Format.Measure(entry.Measure, r, true)}");
            row.Add(E("td", Svg.Bar(v, r, scale, aria)));
            if (delta is not null)
            {
                row.Add(DeltaCell(entry.Measure, delta[entry.Measure]));
            }

            rows.Add(row);
        }

        return Section(title, lead,
            Svg.BarKey(valueLabel == "You" ? "your value" : valueLabel == "Team" ? "team average" : "organization average", referenceLabel is null ? null : "organization average"),
            Scroll(Table("Network profile", headers, rows), "Network profile"));
    }

    public static HtmlNode DeltaCell(Measure m, double? delta)
    {
        var text = Format.Delta(m, delta);
        var direction = text.StartsWith('+') ? " up" : text.StartsWith('−') ? " down" : "";
        return E("td").Class("num" + direction).Text(text);
    }

    public static HtmlNode Performance(PerformanceComparison p)
    {
        var lead = $"Do the top-rated quartile's networks look different? Effect size is Cohen's d (difference in means over the pooled standard deviation; 0.2 small, 0.5 medium, 0.8 large); "
            + $"p is a two-sided permutation test with {Format.Integer(p.Permutations)} shuffles. Ratings themselves are never shown.";
        if (p.Note is not null)
        {
            return Section("Performance and networks", lead + " Bold p values (below 0.05) are unlikely to be chance; bars span d from −1.5 to +1.5.", E("p").Class("notice").Text(p.Note));
        }

        var withMeans = p.Measures.Any(m => m.TopMean is not null);
        var headers = new List<HtmlNode> { Th("Measure") };
        if (withMeans)
        {
            headers.Add(Th("Top quartile", true));
            headers.Add(Th("Everyone else", true));
        }

        headers.Add(Th("Effect size (d)", true));
        headers.Add(Th("Top quartile lower … higher"));
        headers.Add(Th("p", true));
        headers.Add(Th("People", true));
        var rows = p.Measures.Select(m =>
        {
            var row = E("tr", E("th").Attr("scope", "row").Text(MeasureCatalog.Of(m.Measure).Label));
            if (withMeans)
            {
                row.Add(Td(Format.Measure(m.Measure, m.TopMean, true)), Td(Format.Measure(m.Measure, m.RestMean, true)));
            }

            var p = Td(Format.PValue(m.PValue));
            row.Add(
                Td(Format.Signed(m.EffectSize, 2)),
                E("td", Svg.Diverging(m.EffectSize is { } d ? d / 1.5 : null, null, $"effect size {Format.Signed(m.EffectSize, 2)}")),
                m.PValue < 0.05 ? E("td", E("strong").Text(Format.PValue(m.PValue))).Class("num") : p,
                Td($"{m.TopCount} / {m.RestCount}"));
            return row;
        });
        return Section("Performance and networks", lead + " Bold p values (below 0.05) are unlikely to be chance; bars span d from −1.5 to +1.5.",
            E("p").Text($"{Format.Integer(p.TopGroup ?? 0)} rated respondents in the top quartile, {Format.Integer(p.Rest ?? 0)} others" + (p.Scope == "team" ? " in this team (the quartile is the organization's; group means are not shown at team level)." : ".")),
            Scroll(Table("Top-rated quartile against everyone else", headers, rows), "Top-rated quartile against everyone else"));
    }

    public static HtmlNode? Change(ChangeSinceLast? c, string scope)
    {
        if (c is null)
        {
            return null;
        }

        var facts = E("dl").Class("facts");
        facts.Add(E("dt").Text("Previous cycle"), E("dd").Text(c.PreviousCycleTitle));
        facts.Add(E("dt").Text("Respondents"), E("dd").Text($"{Format.Integer(c.PreviousCoverage.Respondents)} → {Format.Integer(c.PreviousCoverage.Respondents + c.RespondentsDelta)} ({Format.SignedInteger(c.RespondentsDelta)})"));
        facts.Add(E("dt").Text("Response rate"), E("dd").Text(Format.SignedPercentPoints(c.ResponseRateDelta)));
        if (c.DensityDelta is { } dd)
        {
            facts.Add(E("dt").Text(scope == "team" ? "Team density" : "Density"), E("dd").Text(Format.SignedPercentPoints(dd)));
        }

        if (c.EiSentDelta is { } ed)
        {
            facts.Add(E("dt").Text(scope == "team" ? "E-I of nominations made" : "E-I across teams"), E("dd").Text((ed >= 0 ? "+" : "−") + Format.Number(Math.Abs(ed), 2)));
        }

        return Section("Change since the previous cycle",
            c.Delta is null ? null : "Differences in averages appear in the network profile table above.",
            facts,
            c.Note is null ? null : E("p").Class("note").Text(c.Note));
    }

    public static HtmlNode? ChangeCoverage(ChangeSinceLast? c) => c is null
        ? null
        : Section("Change since the previous cycle", null,
            E("p").Text($"Respondents: {Format.Integer(c.PreviousCoverage.Respondents)} in {c.PreviousCycleTitle}, {Format.SignedInteger(c.RespondentsDelta)} now; response rate {Format.SignedPercentPoints(c.ResponseRateDelta)}."));

    /// <summary>How many findings lead a report; the rest follow under "More recommendations".</summary>
    public const int TopFindings = 3;

    /// <summary>
    /// At most <see cref="TopFindings"/> findings in plain language, each with its number and one
    /// action; the evidence and the rule that triggered it sit in a details element. Any further
    /// recommendations follow in the same form.
    /// </summary>
    public static HtmlNode RecommendationSection(IReadOnlyList<Recommendation> recs)
    {
        if (recs.Count == 0)
        {
            return Section("Top findings", null, E("p").Text("Nothing stands out against the thresholds this cycle: the network looks balanced. Keep investing in the relationships that work."));
        }

        var top = Section("Top findings", "What stands out this cycle, and one thing to do about each.", Cards(recs.Take(TopFindings)));
        if (recs.Count <= TopFindings)
        {
            return top;
        }

        return E("div", top, Section("More recommendations", null, Cards(recs.Skip(TopFindings))));
    }

    private static HtmlElement Cards(IEnumerable<Recommendation> recs)
    {
        var cards = E("div").Class("cards");
        foreach (var rec in recs)
        {
            var evidence = E("ul");
            foreach (var e in rec.Evidence)
            {
                evidence.Add(E("li").Text($"{e.Measure}: {e.Value}" + (e.Reference is null ? "" : $" ({e.Reference})")));
            }

            var rules = rec.Evidence.Select(e => e.Rule).Distinct(StringComparer.Ordinal).ToArray();
            var card = E("article",
                E("div").Class("tactic").Text(TacticName(rec.Tactic)),
                E("h3").Text(rec.Title));
            if (rec.Evidence.Count > 0)
            {
                var lead = rec.Evidence[0];
                card.Add(E("p", E("strong").Class("figure").Text(lead.Value), E("span").Text(" " + lead.Measure + (lead.Reference is null ? "" : $" ({lead.Reference})"))).Class("number"));
            }

            card.Add(E("p").Text(rec.Text));
            if (rec.Action is { } action)
            {
                card.Add(E("p", E("strong").Text("Do this: "), E("span").Text(action)).Class("action"));
            }

            card.Add(E("details",
                E("summary").Text("How this was found"),
                evidence,
                E("p").Class("rule").Text((rules.Length == 1 ? "Rule: " : "Rules: ") + string.Join("; ", rules) + ".")));
            cards.Add(card.Class("card " + System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(rec.Tactic.ToString())));
        }

        return cards;
    }

    public static HtmlNode RoleRules(RoleThresholds t) =>
        Section("How roles are assigned", "Thresholds are computed over everyone in the organization's network this cycle.",
            E("dl", t.Describe().SelectMany(x => new HtmlNode[] { E("dt").Text(RoleName(x.Role)), E("dd").Text(x.Rule) })).Class("facts"));

    public static HtmlNode About(ReportMethod m, string fingerprint, string reportId, DateTimeOffset computedAt, string scope)
    {
        var privacy = $"Aggregates appear only for groups with at least {m.AnonymityThreshold} respondents. "
            + (scope == "profile" ? "" : m.NamedReports ? "This cycle uses named reports. " : "People appear under pseudonyms. ")
            + (m.SuppressedTeams == 0 ? "Every team met the threshold. "
                : $"{m.SuppressedTeams} team{(m.SuppressedTeams == 1 ? "" : "s")} did not; "
                  + (m.AnswersHeldBack
                      ? "together they had fewer respondents than the threshold, so their answers were left out of every figure — no total can be taken apart to reveal them. "
                      : "their answers count only inside organization-wide figures, where they are never broken out. "));
        return E("footer",
            E("p").Text(privacy + "Performance ratings are used only in group comparisons."),
            E("p").Text($"Betweenness: {(m.BetweennessExact ? "exact" : $"estimated from {Format.Integer(m.BetweennessSampleSize)} sampled sources, every value within ±{Format.Centrality(m.BetweennessErrorBound)} of exact with 95% probability")}. "
                + "Measures follow Brandes (2001), Burt (1992), Krackhardt & Stern (1988) and Blau (1977); the lens follows Cross, Davenport & Cantrell (2003), \"The social side of performance\"."),
            E("p").Text($"Report {reportId[..16]} · inputs {fingerprint[..16]} · data as of {Format.Timestamp(computedAt)} · layout seed {m.LayoutSeed} · {scope} report, format {ReportHeader.CurrentFormatVersion}."));
    }

    public static string ConfidenceClass(Confidence c) => c switch
    {
        Confidence.High => "high",
        Confidence.Directional => "directional",
        _ => "caution",
    };

    public static string ConfidenceText(Confidence? c) => c switch
    {
        Confidence.High => "high confidence",
        Confidence.Directional => "directional",
        Confidence.Caution => "interpret with caution",
        _ => "no members",
    };

    public static string RoleName(Role role) => role switch
    {
        Role.CentralConnector => "Central connector",
        Role.Broker => "Broker",
        Role.BoundarySpanner => "Boundary spanner",
        Role.Peripheral => "Peripheral",
        Role.Overloaded => "Overloaded",
        Role.Energizer => "Energizer",
        _ => "Isolated",
    };

    public static string TacticName(Tactic t) => t switch
    {
        Tactic.ConnectAcrossBoundaries => "Connect across boundaries",
        Tactic.DeepenTies => "Deepen ties",
        Tactic.RebalanceGiveAndTake => "Rebalance give and take",
        Tactic.RelieveBottleneck => "Relieve a bottleneck",
        _ => "Draw in a peripheral member",
    };
}
