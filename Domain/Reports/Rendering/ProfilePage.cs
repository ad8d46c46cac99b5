using SurveyNetwork.Domain.Reports.Model;

using static SurveyNetwork.Domain.Reports.Rendering.Html;
using static SurveyNetwork.Domain.Reports.Rendering.ReportSections;

namespace SurveyNetwork.Domain.Reports.Rendering;

/// <summary>A person's own profile page: their values against their team's and the organization's, roles and contacts.</summary>
internal static class ProfilePage
{
    public static HtmlNode Render(PersonalProfile p)
    {
        var own = p.Own;
        var kpis = new List<HtmlNode>();
        if (p.Ties is { Contacts: > 0 } t)
        {
            kpis.Add(Kpi(Format.Integer(t.Contacts), t.Contacts == 1 ? "contact you named" : "contacts you named", Reference(Measure.NetworkSize, p.OrganizationAverages)));
            kpis.Add(Kpi(Format.Percent((double)t.OutsideTeam / t.Contacts), $"outside your team: {t.OutsideTeam} of {t.Contacts}", OutsideTeam(p.OrganizationAverages) is { } o ? "organization " + Format.Percent(o) : null));
            if (t.PersonalAnswered > 0)
            {
                kpis.Add(Kpi(Format.Percent((double)t.Personal / t.PersonalAnswered), $"personal as well as professional: {t.Personal} of {t.PersonalAnswered}", Reference(Measure.PersonalShare, p.OrganizationAverages)));
            }
        }

        if (!p.AnswersHeldBack)
        {
            kpis.Add(Kpi(Format.Measure(Measure.InDegree, own[Measure.InDegree], false), "colleagues named you", Reference(Measure.InDegree, p.OrganizationAverages)));
        }

        var header = Header("Your network profile", p.Name, Subtitle(p.CycleTitle, p.ComputedAt, p.TeamName), null, kpis);
        var main = E("main").Class("page");
        main.Add(E("p").Class("notice").Text(
            "This profile is for you alone. It shows your own answers and where you sit in the organization's network; "
            + $"team and organization averages appear only where at least {p.Method.AnonymityThreshold} people contribute to them."
            + Published(" Team averages", p.TeamAveragesComputedAt) + Published(" Organization averages", p.OrganizationAveragesComputedAt)));
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

        if (p.Flags.Count > 0)
        {
            main.Add(FlagSection(p.Flags));
        }

        if (p.Responded)
        {
            main.Add(Section("Your network at a glance", "You in the middle; the people you named around you.", E("figure", ProfileNetworkSvg.Build(p)).Class("network-figure")));
            main.Add(FindingSection(p.Findings));
            main.Add(ProfileContacts(p));
        }

        var details = E("details").Class("measures-details").Add(E("summary").Text("All measures: you, your team and the organization"));
        if (p.Responded)
        {
            details.Add(Lens("Measures of your answers",
                "Bars show your value; the dark tick is the organization's average.",
                own, p.OrganizationAverages, "You", null, "Organization", p.TeamAverages));
        }

        if (!p.AnswersHeldBack)
        {
            details.Add(ProfileStructure(p));
        }

        details.Add(RoleRules(p.Method.Roles));
        main.Add(details);
        main.Add(About(p.Method, p.Fingerprint, p.ReportId, p.ComputedAt, "profile"));
        return Page($"{p.Name} — network profile", header, main);
    }

    private static HtmlElement FlagSection(IReadOnlyList<ProfileFlag> flags) =>
        Section("Only you see this", "A flag about you alone: your manager's report gives counts, never who.",
            flags.Select(f => (HtmlNode)E("article",
                E("h3").Text(f.Title),
                E("p").Class("number").Text(f.Figure),
                E("p").Text(f.Text),
                E("ul", f.Actions.Select(x => (HtmlNode)E("li").Text(x))).Class("actions"),
                E("details", E("summary").Text("The rule"), E("p").Class("rule").Text(f.Rule))).Class("flag")));

    private static HtmlElement FindingSection(IReadOnlyList<ProfileFinding> findings) =>
        Section("Three things about your network",
            "The three tactics of high performers in Cross, Davenport & Cantrell (2003), “The social side of performance”, applied to your own answers.",
            findings.Select(f => (HtmlNode)E("article",
                E("h3").Text(f.Heading),
                E("p").Class("number").Text(f.Figure),
                E("p").Text(f.Text),
                E("p").Class("action").Text("Try this: " + f.Action),
                E("details",
                    E("summary").Text("The measures behind this"),
                    E("dl", f.Technical.SelectMany(m => new HtmlNode[] { E("dt").Text($"{m.Name}: {m.Value}"), E("dd").Text(m.Meaning) })).Class("facts"))).Class("finding")));

    private static HtmlElement ProfileStructure(PersonalProfile p)
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

    private static HtmlElement ProfileContacts(PersonalProfile p)
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
            Td(c.Outside ? (c.OutsideKind is { } k ? OutsideContact.KindLabel(k) : "Outside") : c.TeamName ?? "—", false),
            Td(Crosses(c), false),
            Td(c.Frequency is { } f ? FrequencyName(f) : "—", false),
            Td(c.Personal is { } pers ? (pers ? "yes" : "no") : "—", false),
            Td(c.GiveBack is { } g ? GiveBackName(g) : "—", false)));
        var t = p.Ties!;
        return Section("Your contacts", $"The people you named, and every boundary each tie crosses. {ProfileTies.OfYour(t.OutsideTeam, t.Contacts, "contact")} are outside your team. Only you see this list.",
            Scroll(Table($"{t.Contacts} contacts you named", [Th("Contact"), Th("Team or kind"), Th("Crosses"), Th("How often"), Th("Personal"), Th("Comes to you")], rows), "Contacts you named"));
    }

    private static string FrequencyName(Survey.Frequency f) =>
        (Survey.Vocabulary.Frequency.Find(f) ?? Survey.Vocabulary.Frequency.Choices[0]).Label.ToLowerInvariant();

    private static string GiveBackName(Survey.GiveBack g) =>
        (Survey.Vocabulary.GiveBack.Find(g) ?? Survey.Vocabulary.GiveBack.Choices[0]).Label.ToLowerInvariant();

    /// <summary>" Team averages as published on 3 March 2025." — the date the comparison figures were computed.</summary>
    private static string Published(string which, DateTimeOffset? at) => at is { } t ? $"{which} as published on {Format.Date(t)}." : "";
}
