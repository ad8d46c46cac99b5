using SurveyNetwork.Domain.Reports.Model;

using static SurveyNetwork.Domain.Reports.Rendering.Html;
using static SurveyNetwork.Domain.Reports.Rendering.ReportSections;

namespace SurveyNetwork.Domain.Reports.Rendering;

/// <summary>The organization summary page: team coverage, profile, team comparison, network facts, map and roles.</summary>
internal static class OrganizationPage
{
    public static HtmlNode Render(OrganizationReport r)
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

        var header = Header("Organization network report", r.CycleTitle, "Data as of " + Format.Date(r.ComputedAt), r.Coverage.Confidence, kpis);
        var main = E("main").Class("page");
        main.Add(TeamCoverage(r));
        if (!r.Published || r.Averages is null)
        {
            main.Add(Section("Results", null, E("p").Class("notice").Text($"Fewer than {r.Method.AnonymityThreshold} respondents can be reported, so this report shows coverage only.")));
            main.Add(ChangeCoverage(r.Change));
            main.Add(About(r.Method, r.Fingerprint, r.ReportId, r.ComputedAt, "organization"));
            return Page($"{r.CycleTitle} — organization network report", header, main);
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
            main.Add(Section("Network map", (map.Aggregated ? "How teams connect." : "Who goes to whom for information and advice.") + " The same map is coloured once per boundary — level, function, location and " + (map.Aggregated ? "unit" : "team") + " — and contacts outside the organization sit on the right.", Svg.Map(map, "org-map")));
        }

        main.Add(RoleLists(r));
        if (r.Performance is { } perf)
        {
            main.Add(Performance(perf));
        }

        main.Add(Change(r.Change, "organization"));
        main.Add(RoleRules(r.Method.Roles));
        main.Add(About(r.Method, r.Fingerprint, r.ReportId, r.ComputedAt, "organization"));
        return Page($"{r.CycleTitle} — organization network report", header, main);
    }

    private static HtmlElement TeamCoverage(OrganizationReport r)
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
            Scroll(Table("Coverage by team", [Th("Team"), Th("Unit"), Th("Members", true), Th("Respondents", true), Th("Response rate", true), Th("Confidence"), Th("Status")], rows), "Coverage by team"));
    }

    private static HtmlElement TeamComparison(OrganizationReport r)
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
        return Section("Teams side by side", "Only teams that meet the anonymity threshold appear.", Scroll(Table("Team averages", headers, rows), "Team averages"));
    }

    private static HtmlElement NetworkFacts(OrganizationReport r)
    {
        var n = r.Network!;
        var facts = E("dl").Class("facts");
        void Fact(string term, string value) => facts.Add(E("dt").Text(term), E("dd").Text(value));
        Fact("People (nodes)", Format.Integer(n.People));
        Fact("Nominations (ties)", Format.Integer(n.Arcs));
        Fact("Density", Format.Percent(n.Density) + " of all possible nominations");
        Fact("Reciprocity", $"{Format.Percent(n.ArcReciprocity)} of nominations are returned; {Format.Percent(n.DyadReciprocity)} of connected pairs are mutual");
        Fact("E-I across teams", n.TeamEi.External is null ? Format.Withheld(r.Method.AnonymityThreshold) : $"{Format.Signed(n.TeamEi.Index, 2)} — {Format.Integer(n.TeamEi.External)} nominations between teams, {Format.Integer(n.TeamEi.Internal)} within");
        Fact("Isolated people", Format.Integer(n.Isolates));
        Fact("Betweenness", n.BetweennessExact ? "exact (Brandes)" : $"estimated from {Format.Integer(n.BetweennessSampleSize)} sampled starting points (Brandes & Pich); with 95% probability every value is within ±{Format.Centrality(n.BetweennessErrorBound)} of the exact one");
        return Section("Network structure", null, facts);
    }

    private static HtmlElement RoleLists(OrganizationReport r)
    {
        var blocks = new List<HtmlNode>();
        foreach (var g in r.Roles)
        {
            if (g.Count == 0)
            {
                continue;
            }

            if (g.Role == Role.Energizer && g.People.Count == 0)
            {
                // Anonymized: energizers are counted, never listed (the rule at the end says why).
                blocks.Add(E("div", E("h3").Text($"{RoleName(g.Role)} ({Format.Integer(g.Count)})"),
                    E("p").Text($"{Format.Integer(g.Count)} {(g.Count == 1 ? "person is" : "people are")} rated energizing by many colleagues. Who they are is not shown: the role comes from other people's answers.")));
                continue;
            }

            var valueHeader = g.Role switch
            {
                Role.Broker => "Betweenness",
                Role.BoundarySpanner => "Outside team",
                Role.Energizer => "Rated energizing by",
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
}
