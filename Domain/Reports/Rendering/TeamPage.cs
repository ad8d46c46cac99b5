using SurveyNetwork.Domain.Reports.Model;

using static SurveyNetwork.Domain.Reports.Rendering.Html;
using static SurveyNetwork.Domain.Reports.Rendering.ReportSections;

namespace SurveyNetwork.Domain.Reports.Rendering;

/// <summary>A team's report page: coverage, recommendations, profile, structure, map, members and connections.</summary>
internal static class TeamPage
{
    public static HtmlNode Render(TeamReport r)
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
            main.Add(Section("Network map", "Who the team goes to for information and advice, and who comes to the team. High performers' networks cross four boundaries (Cross, Davenport & Cantrell): the same map is coloured by level, function, location and team, and contacts outside the organization sit on the right.", Svg.Map(map, "team-map")));
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

    private static HtmlElement Structure(TeamReport r)
    {
        var s = r.Structure!;
        var org = r.OrganizationNetwork;
        var facts = E("dl").Class("facts");
        void Fact(string term, HtmlNode? chart, string value) => facts.Add(E("dt").Text(term), E("dd", E("div").Text(value), chart));
        Fact("Team density", Svg.Bar(s.Density, org?.MeanTeamDensity, 1, $"team {Format.Percent(s.Density)}, organization's teams {Format.Percent(org?.MeanTeamDensity)}"),
            $"{Format.Percent(s.Density)} of possible ties among members" + (org?.MeanTeamDensity is { } md ? $" (teams on average {Format.Percent(md)})" : ""));
        Fact("E-I, nominations made", Svg.Diverging(s.EiSent.Index, org?.TeamEi.Index, $"E-I {Format.Signed(s.EiSent.Index, 2)}"),
            s.EiSent.External is null ? Format.Withheld(r.Method.AnonymityThreshold) : $"{Format.Signed(s.EiSent.Index, 2)}: {s.EiSent.External} outside the team, {s.EiSent.Internal} inside");
        Fact("E-I, all ties of the team", Svg.Diverging(s.EiIncident.Index, null, $"E-I {Format.Signed(s.EiIncident.Index, 2)}"),
            s.EiIncident.External is null ? Format.Withheld(r.Method.AnonymityThreshold) : $"{Format.Signed(s.EiIncident.Index, 2)}: {s.EiIncident.External} crossing the boundary, {s.EiIncident.Internal} inside");
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
            Tile("energizers", s.Energizers, false),
            Tile("overloaded", s.Overloaded, true),
            Tile("peripheral", s.Peripheral, true),
            Tile("isolated", s.Isolates, true)).Class("tiles");
        return Section("Structure",
            "E-I runs from −1 (every tie stays inside the team) to +1 (every tie leaves it) (Krackhardt & Stern); the dark tick marks the organization's value.",
            E("div", E("div", facts), E("div", E("h3").Text("Roles in the team"), tiles)).Class("grid2"));
    }

    private static HtmlElement MemberTable(TeamReport r)
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
            Td(Format.Percent(m.Values.OutsideTeamShare)),
            Td(Format.Percent(m.Values[Measure.PersonalShare])),
            E("td", E("span", m.Roles.Select(role => (HtmlNode)E("span").Class("role").Text(RoleName(role)))).Class("roles")))).ToArray();
        var betweennessNote = r.Method.BetweennessExact
            ? "Betweenness is exact."
            : $"Betweenness is an estimate from {Format.Integer(r.Method.BetweennessSampleSize)} sampled starting points (Brandes & Pich); with 95% probability every value is within ±{Format.Centrality(r.Method.BetweennessErrorBound)} of the exact one.";
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
            Scroll(Table("Members and their network measures", headers, rows).Class("dense"), "Members and their network measures"),
            lensRows.Length == 0 ? null : Scroll(
                Table("Members through the article's lens (respondents)", new HtmlNode[] { Th("Member") }.Concat(lensMeasures.Select(x => Th(x.Item2, true))), lensRows).Class("dense"), "Members through the article's lens", "spaced"),
            outside.Length == 0 ? null : E("div",
                E("h3").Text("Contacts outside the organization"),
                Table("Outside contacts, as respondents described them", [Th("Member"), Th("Kind"), Th("Description")],
                    outside.Select(x => E("tr", E("th").Attr("scope", "row").Text(x.Label), Td(x.o.Kind is { } k ? OutsideContact.KindLabel(k) : "—", false), Td(x.o.Label, false))))));
    }

    private static HtmlElement Connections(TeamReport r)
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
}
