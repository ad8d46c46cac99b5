using System.Xml;
using SurveyNetwork.Domain.Reports.Analysis;
using SurveyNetwork.Domain.Reports.Model;
using SurveyNetwork.Domain.Reports.Rendering;
using SurveyNetwork.Domain.Survey;

namespace SurveyNetwork.Functions.Tests.Reports;

/// <summary>
/// A person's own network on their profile: the picture (deterministic SVG, one colour and pattern per
/// boundary), the counts behind every figure, the three findings, and the flags only they see.
/// </summary>
public sealed class ProfileNetworkTests
{
    private static readonly Dictionary<string, string> Colours = new()
    {
        ["outside"] = "#D55E00", ["level"] = "#0072B2", ["function"] = "#009E73", ["location"] = "#CC79A7", ["team"] = "#1F2328", ["none"] = "#6E7781",
    };

    private static ProfileContact Colleague(string label, bool otherTeam = false, bool otherFunction = false, bool otherLocation = false, string level = "same level", bool? personal = false, GiveBack? giveBack = GiveBack.Rarely, bool? mutual = null) =>
        new(label, false, null, "Team", "F", "L", level, otherTeam, otherFunction, otherLocation, Frequency.Weekly, personal, giveBack, mutual);

    /// <summary>The hub's profile with six hand-made contacts, one per boundary kind.</summary>
    private static PersonalProfile WithEveryKind(bool named)
    {
        var inputs = RolesAndMapTests.HubAndSpokes();
        inputs = inputs with { Cycle = inputs.Cycle with { NamedReports = named } };
        var profile = ReportBuilder.BuildProfile(ReportBuilder.Analyze(inputs), "a00");
        ProfileContact[] contacts =
        [
            Colleague("Same Team", personal: true, giveBack: GiveBack.Often, mutual: named ? true : null),
            Colleague("Other Team", otherTeam: true),
            Colleague("Other Site", otherLocation: true),
            Colleague("Other Function", otherFunction: true, otherLocation: true),
            Colleague("Senior Person", otherFunction: true, level: "more senior", personal: true),
            new("A customer with a long name", true, OutsideKind.Customer, null, null, null, null, false, false, false, Frequency.Monthly, false, GiveBack.Never),
        ];
        return profile with { Contacts = contacts, Ties = ProfileFindingsBuilder.Ties(contacts, 1, 4) };
    }

    private static XmlDocument Parse(string svg)
    {
        var doc = new XmlDocument { XmlResolver = null };
        using var reader = XmlReader.Create(new StringReader(svg), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
        doc.Load(reader);
        return doc;
    }

    private static XmlNamespaceManager Ns(XmlDocument doc)
    {
        var ns = new XmlNamespaceManager(doc.NameTable);
        ns.AddNamespace("s", "http://www.w3.org/2000/svg");
        return ns;
    }

    [Fact]
    public void The_same_profile_gives_the_same_bytes_and_different_contacts_different_ones()
    {
        var first = ProfileNetworkSvg.Render(WithEveryKind(named: false));
        var second = ProfileNetworkSvg.Render(WithEveryKind(named: false));
        Assert.Equal(first, second);
        var fewer = WithEveryKind(named: false);
        Assert.NotEqual(first, ProfileNetworkSvg.Render(fewer with { Contacts = fewer.Contacts.Take(3).ToArray() }));

        // Built twice from the inputs, the whole profile's picture is the same too.
        var a = ReportBuilder.BuildProfile(ReportBuilder.Analyze(RolesAndMapTests.HubAndSpokes()), "a00");
        var b = ReportBuilder.BuildProfile(ReportBuilder.Analyze(RolesAndMapTests.HubAndSpokes()), "a00");
        Assert.Equal(ReportFormats.ProfileNetwork(a), ReportFormats.ProfileNetwork(b));
    }

    [Fact]
    public void Each_tie_takes_its_widest_boundary_colour_and_pattern_and_the_legend_names_each_kind_present()
    {
        var doc = Parse(ProfileNetworkSvg.Render(WithEveryKind(named: false)));
        var ns = Ns(doc);
        var ties = doc.SelectNodes("//s:line[@data-kind and @data-kind!='named-you']", ns)!.Cast<XmlElement>().ToList();
        Assert.Equal(6, ties.Count);

        // Ordered by kind, widest first: outside, level, function, location, team, same team.
        Assert.Equal(["outside", "level", "function", "location", "team", "none"], ties.Select(t => t.GetAttribute("data-kind")));
        foreach (var t in ties)
        {
            Assert.Equal(Colours[t.GetAttribute("data-kind")], t.GetAttribute("stroke"));
            Assert.Equal($"url(#pn-arrow-{t.GetAttribute("data-kind")})", t.GetAttribute("marker-end"));
        }

        // Not by colour alone: each of the four boundaries has its own dash pattern.
        var dashes = ties.Take(4).Select(t => t.GetAttribute("stroke-dasharray")).ToList();
        Assert.All(dashes, d => Assert.False(string.IsNullOrEmpty(d)));
        Assert.Equal(4, dashes.Distinct().Count());

        // Personal ties are thick (and their marks filled); two-way ties carry a second arrowhead.
        Assert.Equal(["2", "4.5", "2", "2", "2", "4.5"], ties.Select(t => t.GetAttribute("stroke-width")));
        Assert.Equal(["no", "no", "no", "no", "no", "yes"], ties.Select(t => t.GetAttribute("data-two-way")));
        Assert.True(ties[5].HasAttribute("marker-start"));
        Assert.False(ties[0].HasAttribute("marker-start"));

        var legend = doc.SelectNodes("//s:g[@data-legend-entry]", ns)!.Cast<XmlElement>().Select(g => g.GetAttribute("data-legend-entry")).ToList();
        Assert.Equal(["outside", "level", "function", "location", "team", "none", "personal", "professional", "one-way", "two-way", "square", "named-you"], legend);
        Assert.Single(doc.SelectNodes("//s:rect[@stroke='#D55E00']", ns)!.Cast<XmlElement>());

        // Three colleagues named the hub without being named: one counted mark, no names.
        var inbound = Assert.Single(doc.SelectNodes("//s:line[@data-kind='named-you']", ns)!.Cast<XmlElement>());
        Assert.Equal("url(#pn-arrow-in)", inbound.GetAttribute("marker-end"));
        Assert.Contains(doc.SelectNodes("//s:text", ns)!.Cast<XmlElement>(), t => t.InnerText == "3");

        // A long label is shortened on the picture, with its full text as a tooltip.
        Assert.Contains(doc.SelectNodes("//s:text/s:title", ns)!.Cast<XmlElement>(), t => t.InnerText == "A customer with a long name");

        // Kinds absent from the network are absent from the legend.
        var two = WithEveryKind(named: false);
        var only = Parse(ProfileNetworkSvg.Render(two with { Contacts = [two.Contacts[1], two.Contacts[2]], Ties = ProfileFindingsBuilder.Ties([two.Contacts[1], two.Contacts[2]], 0, 0) }));
        Assert.Equal(["location", "team", "personal", "professional", "one-way", "two-way"],
            only.SelectNodes("//s:g[@data-legend-entry]", Ns(only))!.Cast<XmlElement>().Select(g => g.GetAttribute("data-legend-entry")));
    }

    [Fact]
    public void Mutual_nominations_are_marked_per_contact_only_where_the_cycle_names_people()
    {
        var named = Parse(ProfileNetworkSvg.Render(WithEveryKind(named: true)));
        var ties = named.SelectNodes("//s:line[@data-two-way]", Ns(named))!.Cast<XmlElement>().ToList();
        Assert.Equal("yes", ties.Single(t => t.GetAttribute("data-kind") == "none").GetAttribute("data-two-way"));
        Assert.Contains("they named you too", named.OuterXml, StringComparison.Ordinal);

        // From the inputs: in an anonymized cycle no contact says whether it named the person back; the count does.
        foreach (var isNamed in new[] { false, true })
        {
            var inputs = RolesAndMapTests.HubAndSpokes();
            inputs = inputs with { Cycle = inputs.Cycle with { NamedReports = isNamed } };
            var hub = ReportBuilder.BuildProfile(ReportBuilder.Analyze(inputs), "a00");
            Assert.Equal(1, hub.Ties!.Mutual);
            Assert.Equal(10, hub.Ties.NamedYouOnly);
            var a01 = hub.Contacts.Single(c => c.Label == "A 1");
            var b0 = hub.Contacts.Single(c => c.Label == "B 0");
            Assert.Equal(isNamed ? true : null, a01.Mutual);
            Assert.Equal(isNamed ? false : null, b0.Mutual);
            Assert.DoesNotContain("A 2", ReportFormats.ProfileNetwork(hub), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Every_figure_states_its_denominator_and_the_tiles_table_and_findings_agree()
    {
        var hub = ReportBuilder.BuildProfile(ReportBuilder.Analyze(RolesAndMapTests.HubAndSpokes()), "a00");
        var t = hub.Ties!;
        Assert.Equal(4, t.Contacts);
        Assert.Equal(3, t.OutsideTeam);
        Assert.Equal(2, t.OutsideOrganization);
        Assert.Equal(hub.Own[Measure.NetworkSize], t.Contacts);
        Assert.Equal(hub.Own.OutsideTeamShare!.Value, (double)t.OutsideTeam / t.Contacts, 12);

        Assert.Equal([Tactic.ConnectAcrossBoundaries, Tactic.DeepenTies, Tactic.RebalanceGiveAndTake], hub.Findings.Select(f => f.Tactic));
        Assert.Equal(["Span boundaries", "Make ties personal", "Give back"], hub.Findings.Select(f => f.Heading));
        Assert.Contains("3 of your 4 contacts (75%) are outside your team", hub.Findings[0].Text, StringComparison.Ordinal);
        Assert.StartsWith("0 of your 4 contacts (0%) are personal", hub.Findings[1].Figure, StringComparison.Ordinal);
        Assert.Contains("1 of the 2 colleagues you named (50%) named you too.", hub.Findings[2].Text, StringComparison.Ordinal);
        Assert.All(hub.Findings, f =>
        {
            Assert.False(string.IsNullOrWhiteSpace(f.Action));
            Assert.NotEmpty(f.Technical);
            Assert.DoesNotContain("Burt", f.Heading + f.Figure + f.Text + f.Action, StringComparison.Ordinal);
        });
        Assert.Contains(hub.Findings[0].Technical, m => m.Name == "Burt's constraint");

        var html = System.Text.Encoding.UTF8.GetString(ReportFormats.Html(hub));
        Assert.Contains("outside your team: 3 of 4", html, StringComparison.Ordinal);
        Assert.Contains("3 of your 4 contacts (75%) are outside your team", html, StringComparison.Ordinal);
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        var headings = System.Text.RegularExpressions.Regex.Matches(html, "<h[23][^>]*>([^<]*)</h[23]>").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(headings.Count, headings.Distinct().Count());
    }

    [Fact]
    public void A_flagged_person_learns_it_privately_even_without_answering()
    {
        var inputs = RolesAndMapTests.HubAndSpokes();
        inputs = inputs with { Cycle = inputs.Cycle with { NamedReports = false } };
        var hub = ReportBuilder.BuildProfile(ReportBuilder.Analyze(inputs), "a00");
        var flag = Assert.Single(hub.Flags, f => f.Role == Role.Overloaded);
        Assert.Equal("11 colleagues depend on you for information or advice, far more than most.", flag.Figure);
        Assert.NotEmpty(flag.Actions);

        // The hub who has not answered is still named by 11, and is still told.
        var silent = inputs with { Submissions = inputs.Submissions.Where(s => s.RespondentId != "a00").ToList() };
        var quiet = ReportBuilder.BuildProfile(ReportBuilder.Analyze(silent), "a00");
        Assert.False(quiet.Responded);
        Assert.Contains(quiet.Flags, f => f.Role == Role.Overloaded && f.Figure.StartsWith("11 colleagues", StringComparison.Ordinal));

        // a11 names only the hub: on the edge. b5 named no colleague and no one named b5: isolated.
        Assert.Contains(ReportBuilder.BuildProfile(ReportBuilder.Analyze(inputs), "a11").Flags, f => f.Role == Role.Peripheral);
        var isolate = ReportBuilder.BuildProfile(ReportBuilder.Analyze(inputs), "b5");
        Assert.Equal("No colleague named you, and you named no colleague.", Assert.Single(isolate.Flags).Figure);

        // Someone unflagged sees none; the page shows a flag under its own heading.
        Assert.Empty(ReportBuilder.BuildProfile(ReportBuilder.Analyze(inputs), "a05").Flags);
        Assert.Contains("Only you see this", System.Text.Encoding.UTF8.GetString(ReportFormats.Html(hub)), StringComparison.Ordinal);
    }
}
