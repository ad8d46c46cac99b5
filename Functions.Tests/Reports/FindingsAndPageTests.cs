using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using SurveyNetwork.Domain.Reports.Analysis;
using SurveyNetwork.Domain.Reports.Model;
using SurveyNetwork.Domain.Reports.Rendering;

namespace SurveyNetwork.Functions.Tests.Reports;

/// <summary>Top findings in plain language, private individual flags, and page details a reader meets first.</summary>
public partial class FindingsAndPageTests
{
    [Fact]
    public void Anonymized_reports_give_counts_and_team_actions_not_who_is_flagged()
    {
        var inputs = RolesAndMapTests.HubAndSpokes();
        inputs = inputs with { Cycle = inputs.Cycle with { NamedReports = false } };
        var analysis = ReportBuilder.Analyze(inputs);
        var team = ReportBuilder.BuildTeam(analysis, "a");
        var hub = team.Members.Single(m => m.Roles.Contains(Role.Overloaded));
        var bottleneck = Assert.Single(team.Recommendations, r => r.Tactic == Tactic.RelieveBottleneck);
        var peripheral = Assert.Single(team.Recommendations, r => r.Tactic == Tactic.DrawInPeripheral);
        foreach (var rec in new[] { bottleneck, peripheral })
        {
            Assert.All(team.Members, m => Assert.DoesNotContain(m.Label, rec.Title + rec.Text + rec.Action + string.Concat(rec.Evidence.Select(e => e.Measure + e.Value + e.Reference)), StringComparison.Ordinal));
            Assert.NotNull(rec.Action);
        }

        Assert.Equal("1", bottleneck.Evidence[0].Value);
        Assert.DoesNotContain(bottleneck.Evidence, e => e.Value == "11");
        var org = ReportBuilder.BuildOrganization(analysis);
        Assert.All(org.Recommendations.Where(r => r.Tactic == Tactic.RelieveBottleneck), r => Assert.DoesNotContain(hub.Label, r.Title + r.Text, StringComparison.Ordinal));

        // The flagged person learns it privately.
        var profile = ReportBuilder.BuildProfile(analysis, "a00");
        var own = Assert.Single(profile.Recommendations, r => r.Tactic == Tactic.RelieveBottleneck);
        Assert.Contains("11 colleagues", own.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_team_page_leads_with_at_most_three_findings_each_with_a_number_an_action_and_the_rule_in_details()
    {
        var inputs = RolesAndMapTests.HubAndSpokes();
        var team = ReportBuilder.BuildTeam(ReportBuilder.Analyze(inputs), "a");
        Assert.True(team.Recommendations.Count >= 1);
        var html = Encoding.UTF8.GetString(ReportFormats.Html(team));
        var doc = EscapingTests.ParseHtml(ReportFormats.Html(team));
        var sections = doc.GetElementsByTagName("section").Cast<System.Xml.XmlElement>().ToList();
        var first = sections.First(s => s.SelectSingleNode("h2") is not null);
        Assert.Equal("Top findings", first.SelectSingleNode("h2")!.InnerText);
        var cards = first.SelectNodes(".//article")!.Cast<System.Xml.XmlElement>().ToList();
        Assert.InRange(cards.Count, 1, 3);
        Assert.Equal(Math.Min(3, team.Recommendations.Count), cards.Count);
        Assert.All(cards, c =>
        {
            Assert.NotNull(c.SelectSingleNode(".//p[@class='number']"));
            Assert.NotNull(c.SelectSingleNode(".//p[@class='action']"));
            Assert.Contains("Rule", c.SelectSingleNode(".//details/p[@class='rule']")!.InnerText, StringComparison.Ordinal);
        });
        Assert.DoesNotContain("<p class=\"rule\">Rule", Regex.Replace(html, "<details>.*?</details>", "", RegexOptions.Singleline), StringComparison.Ordinal);
    }

    [Fact]
    public void Report_pages_declare_an_inline_icon_and_make_wide_tables_reachable()
    {
        var analysis = ReportBuilder.Analyze(ReportTestData.Organization([6, 7, 5], k: 3));
        var pages = new[]
        {
            ReportFormats.Html(ReportBuilder.BuildTeam(analysis, "t0")),
            ReportFormats.Html(ReportBuilder.BuildOrganization(analysis)),
            ReportFormats.Html(ReportBuilder.BuildProfile(analysis, "t0-p1")),
        };
        foreach (var bytes in pages)
        {
            var doc = EscapingTests.ParseHtml(bytes);
            var icon = doc.SelectSingleNode("//link[@rel='icon']") as System.Xml.XmlElement;
            Assert.Equal("data:,", icon?.GetAttribute("href"));
            var wraps = doc.SelectNodes("//div[contains(@class,'table-wrap')]")!.Cast<System.Xml.XmlElement>().ToList();
            Assert.NotEmpty(wraps);
            Assert.All(wraps, w =>
            {
                Assert.Equal("0", w.GetAttribute("tabindex"));
                Assert.Equal("region", w.GetAttribute("role"));
                Assert.False(string.IsNullOrWhiteSpace(w.GetAttribute("aria-label")));
            });
        }
    }

    [Fact]
    public void The_organization_report_is_titled_by_its_cycle_not_its_id()
    {
        var inputs = ReportTestData.Organization([6, 7, 5], k: 3);
        var doc = EscapingTests.ParseHtml(ReportFormats.Html(ReportBuilder.BuildOrganization(ReportBuilder.Analyze(inputs))));
        Assert.Equal(inputs.Cycle.Title, doc.SelectSingleNode("//h1")!.FirstChild!.InnerText.Trim());
        Assert.StartsWith(inputs.Cycle.Title, doc.SelectSingleNode("//title")!.InnerText, StringComparison.Ordinal);
        Assert.DoesNotContain(inputs.Roster.OrgId, doc.SelectSingleNode("//title")!.InnerText, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_colours_have_at_least_4_5_to_1_contrast_on_white_and_on_the_band()
    {
        var vars = Colour().Matches(Theme.Css).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        foreach (var text in new[] { "ink", "muted", "faint", "accent", "good", "warn", "bad" })
        {
            Assert.True(Contrast(vars[text], "#ffffff") >= 4.5, $"{text} on white");
            Assert.True(Contrast(vars[text], vars["band"]) >= 4.5, $"{text} on the band");
        }
    }

    private static double Contrast(string a, string b)
    {
        static double Luminance(string hex)
        {
            var c = Enumerable.Range(0, 3).Select(i => int.Parse(hex.AsSpan(1 + 2 * i, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture) / 255.0)
                .Select(x => x <= 0.03928 ? x / 12.92 : Math.Pow((x + 0.055) / 1.055, 2.4)).ToArray();
            return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
        }

        var (x, y) = (Luminance(a), Luminance(b));
        return (Math.Max(x, y) + 0.05) / (Math.Min(x, y) + 0.05);
    }

    [GeneratedRegex("--([a-z]+): (#[0-9a-fA-F]{6});")]
    private static partial Regex Colour();
}
