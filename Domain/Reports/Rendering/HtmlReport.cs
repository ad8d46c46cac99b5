using static SurveyNetwork.Domain.Reports.Rendering.Html;

namespace SurveyNetwork.Domain.Reports.Rendering;

/// <summary>
/// Renders reports as self-contained HTML pages: inline CSS and SVG, no script, no outside request,
/// printable. Every value passes through the escaping <see cref="Html"/> builder.
/// </summary>
internal static class HtmlReport
{
    public static string Team(TeamReport r)
    {
        var kpis = new List<HtmlNode>
        {
            Kpi(Format.Integer(r.Coverage.Members), "members", null),
            Kpi(Format.Integer(r.Coverage.Respondents), "respondents", null),
            Kpi(Format.Percent(r.Coverage.ResponseRate), "response rate", ConfidenceText(r.Coverage.Confidence)),
        };
        if (r.Published && r.TeamAverages is { } team)
        {
            var org = r.OrganizationAverages;
            kpis.Add(Kpi(Format.Measure(Measure.NetworkSize, team[Measure.NetworkSize], true), "average network size", Reference(Measure.NetworkSize, org)));
            kpis.Add(Kpi(Format.Percent(OutsideTeam(team)), "of contacts outside the team", OutsideTeam(org) is { } o ? "organization " + Format.Percent(o) : null));
            kpis.Add(Kpi(Format.Percent(team[Measure.ReciprocatedShare]), "mutual nominations", Reference(Measure.ReciprocatedShare, org)));
        }

        var header = Header("Team network report", r.TeamName, Subtitle(r.CycleTitle, r.ComputedAt, r.ParentUnit), r.Coverage.Confidence, kpis);
        var main = E("main").Class("page");
        if (!r.Published)
        {
            main.Add(Section("Coverage", null,
                E("div", E("p").Text(
                    $"{Format.Integer(r.Coverage.Respondents)} of {Format.Integer(r.Coverage.Members)} members answered this cycle. "
                    + $"Results are shown only for teams with at least {r.Method.AnonymityThreshold} respondents, so that no answer can be traced to a person. "
                    + "This report therefore shows coverage only.")).Class("notice")));
            main.Add(ChangeCoverage(r.Change));
            main.Add(About(r.Method, r.Fingerprint, r.ReportId, r.ComputedAt, "team"));
            return Page($"{r.TeamName} — team network report", header, main);
        }

        main.Add(RecommendationSection(r.Recommendations));
        main.Add(Lens(
            "Network profile",
            "High performers build large, diverse networks that span every boundary, with personal, mutual relationships (Cross, Davenport & Cantrell). "
                + "Bars show this team's average; the dark tick is the organization's.",
            r.TeamAverages!, r.OrganizationAverages, "Team", r.Change?.Delta, "Organization"));
        main.Add(Structure(r));
        if (r.Map is { } map)
        {
            main.Add(Section("Network map", "Who the team goes to for information and advice, and who comes to the team.", Svg.Map(map, "team-map")));
        }

        main.Add(MemberTable(r));
        main.Add(Connections(r));
        if (r.Performance is { } perf)
        {
            main.Add(Performance(perf));
        }

        main.Add(Change(r.Change, "team"));
        main.Add(RoleRules(r.Method.Roles));
        main.Add(About(r.Method, r.Fingerprint, r.ReportId, r.ComputedAt, "team"));
        return Page($"{r.TeamName} — team network report", header, main);
    }

    public static string Organization(OrganizationReport r)
    {
        var published = r.Teams.Count(t => t.Published);
        var kpis = new List<HtmlNode>
        {
            Kpi(Format.Integer(r.Coverage.Members), "people", $"{Format.Integer(r.Teams.Count)} teams"),
            Kpi(Format.Integer(r.Coverage.Respondents), "respondents", null),
            Kpi(Format.Percent(r.Coverage.ResponseRate), "response rate", ConfidenceText(r.Coverage.Confidence)),
            Kpi(Format.Integer(published), "teams reported", $"{Format.Integer(r.Teams.Count - published)} under the threshold"),
        };
        if (r.Averages is { } org)
        {
            kpis.Add(Kpi(Format.Measure(Measure.NetworkSize, org[Measure.NetworkSize], true), "average network size", null));
            kpis.Add(Kpi(Format.Percent(OutsideTeam(org)), "of contacts outside the own team", null));
        }

        var header = Header("Organization network report", r.OrgId, Subtitle(r.CycleTitle, r.ComputedAt, null), r.Coverage.Confidence, kpis);
        var main = E("main").Class("page");
        main.Add(TeamCoverage(r));
        if (!r.Published || r.Averages is null)
        {
            main.Add(Section("Results", null, E("p").Class("notice").Text($"Fewer than {r.Method.AnonymityThreshold} respondents can be reported, so this report shows coverage only.")));
            main.Add(ChangeCoverage(r.Change));
            main.Add(About(r.Method, r.Fingerprint, r.ReportId, r.ComputedAt, "organization"));
            return Page($"{r.OrgId} — organization network report", header, main);
        }

        main.Add(RecommendationSection(r.Recommendations));
        main.Add(Lens(
            "Network profile",
            "High performers build large, diverse networks that span every boundary, with personal, mutual relationships (Cross, Davenport & Cantrell). "
                + "Averages over everyone in the reported population.",
            r.Averages, null, "Organization", r.Change?.Delta, null));
        main.Add(TeamComparison(r));
        main.Add(NetworkFacts(r));
        if (r.Map is { } map)
        {
            main.Add(Section("Network map", map.Aggregated ? "How teams connect." : "Who goes to whom for information and advice.", Svg.Map(map, "org-map")));
        }

        main.Add(RoleLists(r));
        if (r.Performance is { } perf)
        {
            main.Add(Performance(perf));
        }

        main.Add(Change(r.Change, "organization"));
        main.Add(RoleRules(r.Method.Roles));
        main.Add(About(r.Method, r.Fingerprint, r.ReportId, r.ComputedAt, "organization"));
        return Page($"{r.OrgId} — organization network report", header, main);
    }

    public static string Profile(PersonalProfile p)
    {
        var own = p.Own;
        var kpis = new List<HtmlNode>
        {
            Kpi(Format.Measure(Measure.NetworkSize, own[Measure.NetworkSize], false), "people in your network", Reference(Measure.NetworkSize, p.OrganizationAverages)),
            Kpi(Format.Percent(OutsideTeam(own)), "outside your team", OutsideTeam(p.OrganizationAverages) is { } o ? "organization " + Format.Percent(o) : null),
            Kpi(Format.Percent(own[Measure.PersonalShare]), "personal as well as professional", Reference(Measure.PersonalShare, p.OrganizationAverages)),
        };
        if (!p.AnswersHeldBack)
        {
            kpis.Add(Kpi(Format.Measure(Measure.InDegree, own[Measure.InDegree], false), "colleagues come to you", Reference(Measure.InDegree, p.OrganizationAverages)));
        }

        var header = Header("Your network profile", p.Name, Subtitle(p.CycleTitle, p.ComputedAt, p.TeamName), null, kpis);
        var main = E("main").Class("page");
        main.Add(E("p").Class("notice").Text(
            "This profile is for you alone. It shows your own answers and where you sit in the organization's network; "
            + $"team and organization averages appear only where at least {p.Method.AnonymityThreshold} people answered."));
        if (!p.Responded)
        {
            main.Add(Section("Your answers", null, E("p").Text("You did not answer this cycle's survey, so only what others reported can be shown.")));
        }

        if (p.AnswersHeldBack)
        {
            main.Add(E("p").Class("note").Text(
                "Your team had too few respondents to be reported, so your team's answers were left out of the organization's network this cycle. "
                + "Your own answers are shown below; network measures such as betweenness are not."));
        }

        if (p.Responded)
        {
            main.Add(RecommendationSection(p.Recommendations));
            main.Add(Lens("Your network profile",
                "Bars show your value; the dark tick is the organization's average.",
                own, p.OrganizationAverages, "You", null, "Organization", p.TeamAverages));
        }

        if (!p.AnswersHeldBack)
        {
            main.Add(ProfileStructure(p));
        }

        main.Add(ProfileContacts(p));
        main.Add(RoleRules(p.Method.Roles));
        main.Add(About(p.Method, p.Fingerprint, p.ReportId, p.ComputedAt, "profile"));
        return Page($"{p.Name} — network profile", header, main);
    }

    private static string Page(string title, HtmlNode header, HtmlNode main) =>
        Fragment(
            Trusted.Doctype,
            E("html",
                E("head",
                    new HtmlElement("meta").Attr("charset", "utf-8"),
                    new HtmlElement("meta").Attr("name", "viewport").Attr("content", "width=device-width, initial-scale=1"),
                    new HtmlElement("meta").Attr("name", "referrer").Attr("content", "no-referrer"),
                    E("title").Text(title),
                    E("style", Trusted.StyleSheet)),
                E("body", header, main)).Attr("lang", "en")).ToString();

    private static HtmlNode Header(string eyebrow, string title, string subtitle, Confidence? confidence, IEnumerable<HtmlNode> kpis)
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

    private static string Subtitle(string cycle, DateTimeOffset at, string? context) =>
        (context is null ? "" : context + " · ") + cycle + " · data as of " + Format.Date(at);

    private static HtmlNode Kpi(string value, string label, string? reference) =>
        E("div",
            E("div").Class("value").Text(value),
            E("div").Class("label").Text(label),
            reference is null ? null : E("div").Class("ref").Text(reference)).Class("kpi");

    private static string? Reference(Measure m, MeasureSet? org) =>
        org?[m] is { } v ? "organization " + Format.Measure(m, v, true) : null;

    private static double? OutsideTeam(MeasureSet? set) => set is null ? null : PersonValues.OutsideTeamShare(set);

    private static HtmlElement Section(string title, string? lead, params IEnumerable<HtmlNode?> content) =>
        E("section", E("h2").Text(title), lead is null ? null : E("p").Class("lead").Text(lead)).Add(content);

    private static HtmlNode Th(string text, bool numeric = false, string scope = "col") =>
        E("th").Attr("scope", scope).Class(numeric ? "num" : null).Text(text);

    private static HtmlNode Td(string text, bool numeric = true) => E("td").Class(numeric ? "num" : null).Text(text);

    private static HtmlElement Table(string caption, IEnumerable<HtmlNode> headers, IEnumerable<HtmlNode> rows) =>
        E("table", E("caption").Text(caption), E("thead", E("tr", headers)), E("tbody", rows));

    /// <summary>The lens: every answer-based measure, the group's value against a reference, with bars.</summary>
    private static HtmlNode Lens(string title, string lead, MeasureSet values, MeasureSet? reference, string valueLabel, MeasureSet? delta, string? referenceLabel, MeasureSet? middle = null)
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
            Table("Network profile", headers, rows));
    }

    private static HtmlNode DeltaCell(Measure m, double? delta)
    {
        var text = Format.Delta(m, delta);
        var direction = text.StartsWith('+') ? " up" : text.StartsWith('−') ? " down" : "";
        return E("td").Class("num" + direction).Text(text);
    }

    private static HtmlNode Structure(TeamReport r)
    {
        var s = r.Structure!;
        var org = r.OrganizationNetwork;
        var facts = E("dl").Class("facts");
        void Fact(string term, HtmlNode? chart, string value) => facts.Add(E("dt").Text(term), E("dd", E("div").Text(value), chart));
        Fact("Team density", Svg.Bar(s.Density, org?.MeanTeamDensity, 1, $"team {Format.Percent(s.Density)}, organization's teams {Format.Percent(org?.MeanTeamDensity)}"),
            $"{Format.Percent(s.Density)} of possible ties among members" + (org?.MeanTeamDensity is { } md ? $" (teams on average {Format.Percent(md)})" : ""));
        Fact("E-I, nominations made", Svg.Diverging(s.EiSent.Index, org?.TeamEi.Index, $"E-I {Format.Signed(s.EiSent.Index, 2)}"),
            $"{Format.Signed(s.EiSent.Index, 2)}: {s.EiSent.External} outside the team, {s.EiSent.Internal} inside");
        Fact("E-I, all ties of the team", Svg.Diverging(s.EiIncident.Index, null, $"E-I {Format.Signed(s.EiIncident.Index, 2)}"),
            $"{Format.Signed(s.EiIncident.Index, 2)}: {s.EiIncident.External} crossing the boundary, {s.EiIncident.Internal} inside");
        var inDegree = r.TeamAverages![Measure.InDegree];
        var orgIn = r.OrganizationAverages?[Measure.InDegree];
        Fact("Sought out (in-degree)", Svg.Bar(inDegree, orgIn, Math.Max(1, Math.Max(inDegree ?? 0, orgIn ?? 0) * 1.25), $"team {Format.Number(inDegree, 1)}"),
            $"{Format.Number(inDegree, 1)} colleagues name each member on average" + (orgIn is { } oi ? $" (organization {Format.Number(oi, 1)})" : ""));

        HtmlNode Tile(string label, int count, bool alert) =>
            E("div", E("div").Class("value").Text(Format.Integer(count)), E("div").Class("label").Text(label)).Class(alert && count > 0 ? "tile alert" : "tile");
        var tiles = E("div",
            Tile("central connectors", s.CentralConnectors, false),
            Tile("brokers", s.Brokers, false),
            Tile("boundary spanners", s.BoundarySpanners, false),
            Tile("overloaded", s.Overloaded, true),
            Tile("peripheral", s.Peripheral, true),
            Tile("isolated", s.Isolates, true)).Class("tiles");
        return Section("Structure",
            "E-I runs from −1 (every tie stays inside the team) to +1 (every tie leaves it) (Krackhardt & Stern); the dark tick marks the organization's value.",
            E("div", E("div", facts), E("div", E("h3").Text("Roles in the team"), tiles)).Class("grid2"));
    }

    private static HtmlNode MemberTable(TeamReport r)
    {
        var headers = new HtmlNode[]
        {
            Th("Member"), Th("Network size", true), Th("Named by", true), Th("Names", true), Th("Betweenness", true),
            Th("Constraint", true), Th("Effective size", true), Th("Outside team", true), Th("Personal", true), Th("Roles"),
        };
        var rows = r.Members.Select(m => E("tr",
            E("th").Attr("scope", "row").Text(m.Label),
            Td(m.Responded ? Format.Measure(Measure.NetworkSize, m.Values[Measure.NetworkSize], false) : "did not answer"),
            Td(Format.Measure(Measure.InDegree, m.Values[Measure.InDegree], false)),
            Td(Format.Measure(Measure.OutDegree, m.Values[Measure.OutDegree], false)),
            Td(Format.Measure(Measure.Betweenness, m.Values[Measure.Betweenness], false)),
            Td(Format.Measure(Measure.Constraint, m.Values[Measure.Constraint], false)),
            Td(Format.Measure(Measure.EffectiveSize, m.Values[Measure.EffectiveSize], false)),
            Td(Format.Percent(PersonValues.OutsideTeamShare(m.Values))),
            Td(Format.Percent(m.Values[Measure.PersonalShare])),
            E("td", E("span", m.Roles.Select(role => (HtmlNode)E("span").Class("role").Text(RoleName(role)))).Class("roles")))).ToArray();
        var betweennessNote = r.Method.BetweennessExact
            ? "Betweenness is exact."
            : $"Betweenness is an estimate from {Format.Integer(r.Method.BetweennessSampleSize)} sampled starting points (Brandes & Pich).";
        var outside = r.Members.SelectMany(m => m.OutsideContacts.Select(o => (m.Label, o))).ToArray();
        var lensMeasures = new[]
        {
            (Measure.OtherTeam, "Other team"), (Measure.OtherFunction, "Other function"), (Measure.LevelUp, "Level up"), (Measure.LevelDown, "Level down"),
            (Measure.OtherLocation, "Other site"), (Measure.OutsideOrganization, "Outside"), (Measure.Diversity, "Diversity"), (Measure.PersonalShare, "Personal"),
            (Measure.TieStrength, "Strength"), (Measure.ReciprocatedShare, "Mutual"), (Measure.GiveBack, "Give-back"),
        };
        var lensRows = r.Members.Where(m => m.Responded).Select(m => E("tr",
            new HtmlNode[] { E("th").Attr("scope", "row").Text(m.Label) }
                .Concat(lensMeasures.Select(x => Td(Format.Measure(x.Item1, m.Values[x.Item1], false)))))).ToArray();
        return Section("Members",
            (r.Method.NamedReports ? "" : "Members appear under pseudonyms that stay the same across this cycle's reports. ") + betweennessNote + " Performance ratings never appear here.",
            E("div", Table("Members and their network measures", headers, rows).Class("dense")).Class("table-wrap"),
            lensRows.Length == 0 ? null : E("div",
                Table("Members through the article's lens (respondents)", new HtmlNode[] { Th("Member") }.Concat(lensMeasures.Select(x => Th(x.Item2, true))), lensRows).Class("dense")).Class("table-wrap spaced"),
            outside.Length == 0 ? null : E("div",
                E("h3").Text("Contacts outside the organization"),
                Table("Outside contacts, as respondents described them", [Th("Member"), Th("Kind"), Th("Description")],
                    outside.Select(x => E("tr", E("th").Attr("scope", "row").Text(x.Label), Td(x.o.Kind is { } k ? ExportBuilder.OutsideKindLabel(k) : "—", false), Td(x.o.Label, false))))));
    }

    private static HtmlNode Connections(TeamReport r)
    {
        var max = Math.Max(1, r.MostConnected.Concat(r.LeastConnected).Select(c => c.Ties).DefaultIfEmpty(0).Max());
        HtmlNode List(string caption, IReadOnlyList<TeamConnection> list)
        {
            if (list.Count == 0)
            {
                return E("p").Class("note").Text(caption + ": none.");
            }

            return Table(caption, [Th("Team"), Th("Named", true), Th("Named by", true), Th("Ties")],
                list.Select(c => E("tr",
                    E("th").Attr("scope", "row").Text(c.TeamName),
                    Td(Format.Integer(c.Named)),
                    Td(c.NamedBy is { } b ? Format.Integer(b) : "—"),
                    E("td", Svg.Bar(c.Ties, null, max, $"{c.Ties} ties")))));
        }

        return Section("Connections with other teams",
            "Nominations this team's members made of another team's members (named), and the reverse (named by; shown only for teams with enough respondents).",
            E("div", E("div", List("Most connected", r.MostConnected)), E("div", List(r.LeastConnectedWithin is null ? "Least connected" : $"Least connected in {r.LeastConnectedWithin}", r.LeastConnected))).Class("grid2"));
    }

    private static HtmlNode Performance(PerformanceComparison p)
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
            Table("Top-rated quartile against everyone else", headers, rows));
    }

    private static HtmlNode? Change(ChangeSinceLast? c, string scope)
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

    private static HtmlNode? ChangeCoverage(ChangeSinceLast? c) => c is null
        ? null
        : Section("Change since the previous cycle", null,
            E("p").Text($"Respondents: {Format.Integer(c.PreviousCoverage.Respondents)} in {c.PreviousCycleTitle}, {Format.SignedInteger(c.RespondentsDelta)} now; response rate {Format.SignedPercentPoints(c.ResponseRateDelta)}."));

    private static HtmlNode RecommendationSection(IReadOnlyList<Recommendation> recs)
    {
        if (recs.Count == 0)
        {
            return Section("Recommendations", null, E("p").Text("Nothing stands out against the thresholds this cycle: the network looks balanced. Keep investing in the relationships that work."));
        }

        var cards = E("div").Class("cards");
        foreach (var rec in recs)
        {
            var evidence = E("ul");
            foreach (var e in rec.Evidence)
            {
                evidence.Add(E("li").Text($"{e.Measure}: {e.Value}" + (e.Reference is null ? "" : $" ({e.Reference})")));
            }

            var rules = rec.Evidence.Select(e => e.Rule).Distinct(StringComparer.Ordinal).ToArray();

            cards.Add(E("article",
                E("div").Class("tactic").Text(TacticName(rec.Tactic)),
                E("h3").Text(rec.Title),
                E("p").Text(rec.Text),
                evidence,
                E("p").Class("rule").Text((rules.Length == 1 ? "Rule: " : "Rules: ") + string.Join("; ", rules) + ".")).Class("card " + System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(rec.Tactic.ToString())));
        }

        return Section("Recommendations", "Tied to the article's three tactics — connect across boundaries, deepen ties, rebalance give and take — and to two structural fixes. Each shows the numbers that triggered it.", cards);
    }

    private static HtmlNode TeamCoverage(OrganizationReport r)
    {
        var rows = r.Teams.Select(t => E("tr",
            E("th").Attr("scope", "row").Text(t.TeamName),
            Td(t.ParentUnit ?? "—", false),
            Td(Format.Integer(t.Coverage.Members)),
            Td(Format.Integer(t.Coverage.Respondents)),
            Td(Format.Percent(t.Coverage.ResponseRate)),
            Td(ConfidenceText(t.Coverage.Confidence), false),
            Td(t.Published ? "reported" : "under the threshold", false)));
        return Section("Coverage",
            $"Results are shown for teams with at least {r.Method.AnonymityThreshold} respondents. Confidence: high from 80% response, directional from 65%, caution below.",
            Table("Coverage by team", [Th("Team"), Th("Unit"), Th("Members", true), Th("Respondents", true), Th("Response rate", true), Th("Confidence"), Th("Status")], rows));
    }

    private static HtmlNode TeamComparison(OrganizationReport r)
    {
        var teams = r.Teams.Where(t => t.Published && t.Averages is not null).ToArray();
        var org = r.Averages!;
        var headers = new HtmlNode[]
        {
            Th("Team"), Th("Network size", true), Th("Outside team", true), Th("Other function", true), Th("Personal", true),
            Th("Mutual", true), Th("Density", true), Th("E-I (made)", true), Th("Bottlenecks", true), Th("Peripheral", true),
        };
        var rows = teams.Select(t => E("tr",
            E("th").Attr("scope", "row").Text(t.TeamName),
            Td(Format.Measure(Measure.NetworkSize, t.Averages![Measure.NetworkSize], true)),
            Td(Format.Percent(OutsideTeam(t.Averages))),
            Td(Format.Percent(t.Averages[Measure.OtherFunction])),
            Td(Format.Percent(t.Averages[Measure.PersonalShare])),
            Td(Format.Percent(t.Averages[Measure.ReciprocatedShare])),
            Td(Format.Percent(t.Structure?.Density)),
            Td(Format.Signed(t.Structure?.EiSent.Index, 2)),
            Td(Format.Integer(t.Structure?.Overloaded ?? 0)),
            Td(Format.Integer((t.Structure?.Peripheral ?? 0) + (t.Structure?.Isolates ?? 0))))).ToList();
        rows.Add(E("tr",
            E("th").Attr("scope", "row").Text("Organization"),
            Td(Format.Measure(Measure.NetworkSize, org[Measure.NetworkSize], true)),
            Td(Format.Percent(OutsideTeam(org))),
            Td(Format.Percent(org[Measure.OtherFunction])),
            Td(Format.Percent(org[Measure.PersonalShare])),
            Td(Format.Percent(org[Measure.ReciprocatedShare])),
            Td(Format.Percent(r.Network?.MeanTeamDensity)),
            Td(Format.Signed(r.Network?.TeamEi.Index, 2)),
            Td(Format.Integer(r.Roles.FirstOrDefault(g => g.Role == Role.Overloaded)?.Count ?? 0)),
            Td(Format.Integer((r.Roles.FirstOrDefault(g => g.Role == Role.Peripheral)?.Count ?? 0) + (r.Roles.FirstOrDefault(g => g.Role == Role.Isolate)?.Count ?? 0)))).Class("total"));
        return Section("Teams side by side", "Only teams that meet the anonymity threshold appear.", Table("Team averages", headers, rows));
    }

    private static HtmlNode NetworkFacts(OrganizationReport r)
    {
        var n = r.Network!;
        var facts = E("dl").Class("facts");
        void Fact(string term, string value) => facts.Add(E("dt").Text(term), E("dd").Text(value));
        Fact("People (nodes)", Format.Integer(n.People));
        Fact("Nominations (ties)", Format.Integer(n.Arcs));
        Fact("Density", Format.Percent(n.Density) + " of all possible nominations");
        Fact("Reciprocity", $"{Format.Percent(n.ArcReciprocity)} of nominations are returned; {Format.Percent(n.DyadReciprocity)} of connected pairs are mutual");
        Fact("E-I across teams", $"{Format.Signed(n.TeamEi.Index, 2)} — {Format.Integer(n.TeamEi.External)} nominations between teams, {Format.Integer(n.TeamEi.Internal)} within");
        Fact("Isolated people", Format.Integer(n.Isolates));
        Fact("Betweenness", n.BetweennessExact ? "exact (Brandes)" : $"estimated from {Format.Integer(n.BetweennessSampleSize)} sampled starting points (Brandes & Pich)");
        return Section("Network structure", null, facts);
    }

    private static HtmlNode RoleLists(OrganizationReport r)
    {
        var blocks = new List<HtmlNode>();
        foreach (var g in r.Roles)
        {
            if (g.Count == 0)
            {
                continue;
            }

            var valueHeader = g.Role switch
            {
                Role.Broker => "Betweenness",
                Role.BoundarySpanner => "Outside team",
                _ => "Named by",
            };
            var table = Table($"{RoleName(g.Role)} ({Format.Integer(g.Count)}{(g.People.Count < g.Count ? $", first {g.People.Count} shown" : "")})",
                [Th("Person"), Th("Team"), Th(valueHeader, true)],
                g.People.Select(p => E("tr",
                    E("th").Attr("scope", "row").Text(p.Label),
                    Td(p.TeamName, false),
                    Td(g.Role switch
                    {
                        Role.Broker => Format.Centrality(p.Value),
                        Role.BoundarySpanner => Format.Percent(p.Value),
                        _ => Format.Number(p.Value, 0),
                    }))));
            blocks.Add(E("div", table));
        }

        return Section("Roles", "People in reported teams who hold each structural role. The rules are listed at the end of the report.",
            blocks.Count == 0 ? E("p").Text("No one holds a structural role this cycle.") : E("div", blocks).Class("grid2"));
    }

    private static HtmlNode ProfileStructure(PersonalProfile p)
    {
        var rows = MeasureCatalog.Structural.Select(e => E("tr",
            E("th").Attr("scope", "row").Add(T(e.Label), E("span").Class("help").Text(e.Help)),
            Td(Format.Measure(e.Measure, p.Own[e.Measure], false)),
            Td(Format.Measure(e.Measure, p.TeamAverages?[e.Measure], true)),
            Td(Format.Measure(e.Measure, p.OrganizationAverages?[e.Measure], true))));
        var roles = p.Roles.Count == 0
            ? E("p").Text("You hold none of the structural roles this cycle.")
            : E("p", T("Your roles: "), E("span", p.Roles.Select(role => (HtmlNode)E("span").Class("role").Text(RoleName(role)))).Class("roles"));
        return Section("Where you sit in the network", "Computed on the whole organization's network.",
            Table("Structural measures", [Th("Measure"), Th("You", true), Th("Your team", true), Th("Organization", true)], rows), roles);
    }

    private static HtmlNode ProfileContacts(PersonalProfile p)
    {
        if (p.Contacts.Count == 0)
        {
            return Section("Your contacts", null, E("p").Text("No contacts were named."));
        }

        string Crosses(ProfileContact c)
        {
            if (c.Outside) return "outside the organization";
            var parts = new List<string>();
            if (c.OtherTeam) parts.Add("team");
            if (c.OtherFunction) parts.Add("function");
            if (c.Level is "more senior" or "more junior") parts.Add("level (" + c.Level + ")");
            if (c.OtherLocation) parts.Add("location");
            return parts.Count == 0 ? "—" : string.Join(", ", parts);
        }

        var rows = p.Contacts.Select(c => E("tr",
            E("th").Attr("scope", "row").Text(c.Label),
            Td(c.Outside ? (c.OutsideKind is { } k ? ExportBuilder.OutsideKindLabel(k) : "Outside") : c.TeamName ?? "—", false),
            Td(Crosses(c), false),
            Td(c.Frequency is { } f ? FrequencyName(f) : "—", false),
            Td(c.Personal is { } pers ? (pers ? "yes" : "no") : "—", false),
            Td(c.GiveBack is { } g ? GiveBackName(g) : "—", false)));
        return Section("Your contacts", "The people you named, and the boundaries each tie crosses. Only you see this list.",
            Table("Contacts you named", [Th("Contact"), Th("Team or kind"), Th("Crosses"), Th("How often"), Th("Personal"), Th("Comes to you")], rows));
    }

    private static HtmlNode RoleRules(RoleThresholds t) =>
        Section("How roles are assigned", "Thresholds are computed over everyone in the organization's network this cycle.",
            E("dl", t.Describe().SelectMany(x => new HtmlNode[] { E("dt").Text(RoleName(x.Role)), E("dd").Text(x.Rule) })).Class("facts"));

    private static HtmlNode About(ReportMethod m, string fingerprint, string reportId, DateTimeOffset computedAt, string scope)
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
            E("p").Text($"Betweenness: {(m.BetweennessExact ? "exact" : $"estimated from {Format.Integer(m.BetweennessSampleSize)} sampled sources")}. "
                + "Measures follow Brandes (2001), Burt (1992), Krackhardt & Stern (1988) and Blau (1977); the lens follows Cross, Davenport & Cantrell (2003), \"The social side of performance\"."),
            E("p").Text($"Report {reportId[..16]} · inputs {fingerprint[..16]} · data as of {Format.Timestamp(computedAt)} · layout seed {m.LayoutSeed} · {scope} report, format {ReportBuilder.ReportFormatVersion}."));
    }

    private static string ConfidenceClass(Confidence c) => c switch
    {
        Confidence.High => "high",
        Confidence.Directional => "directional",
        _ => "caution",
    };

    private static string ConfidenceText(Confidence? c) => c switch
    {
        Confidence.High => "high confidence",
        Confidence.Directional => "directional",
        Confidence.Caution => "interpret with caution",
        _ => "no members",
    };

    internal static string RoleName(Role role) => role switch
    {
        Role.CentralConnector => "Central connector",
        Role.Broker => "Broker",
        Role.BoundarySpanner => "Boundary spanner",
        Role.Peripheral => "Peripheral",
        Role.Overloaded => "Overloaded",
        _ => "Isolated",
    };

    private static string TacticName(Tactic t) => t switch
    {
        Tactic.ConnectAcrossBoundaries => "Connect across boundaries",
        Tactic.DeepenTies => "Deepen ties",
        Tactic.RebalanceGiveAndTake => "Rebalance give and take",
        Tactic.RelieveBottleneck => "Relieve a bottleneck",
        _ => "Draw in a peripheral member",
    };

    private static string FrequencyName(Survey.Frequency f) =>
        (Survey.Vocabulary.Frequency.Find(f) ?? Survey.Vocabulary.Frequency.Choices[0]).Label.ToLowerInvariant();

    private static string GiveBackName(Survey.GiveBack g) =>
        (Survey.Vocabulary.GiveBack.Find(g) ?? Survey.Vocabulary.GiveBack.Choices[0]).Label.ToLowerInvariant();
}
