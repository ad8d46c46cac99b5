using System.Runtime.CompilerServices;
using System.Text;
using System.Xml.Linq;
using SurveyNetwork.Domain.Reports.Analysis;
using SurveyNetwork.Domain.Reports.Rendering;
using SurveyNetwork.Domain.Survey;

namespace SurveyNetwork.Functions.Tests.Reports;

/// <summary>
/// What lets a report run of a very large organization fit a small instance: the analysis lets go of
/// the answers its reports do not read, and the organization's exports are made one node and one edge
/// at a time and written as streams. Neither may change a byte of any report.
/// </summary>
public class LargeOrganizationTests
{
    private static readonly XNamespace GraphMl = "http://graphml.graphdrawing.org/xmlns";

    public static TheoryData<string> Cases => ["counted", "left out", "named", "with the previous cycle"];

    private static ReportInputs Inputs(string name) => name switch
    {
        // t2 and t3 are under k; together they count in the figures, but their ties are not listed.
        "counted" => ReportTestData.Organization([6, 7, 2, 2], k: 3),
        // t3 alone is under k: its answers are left out of every figure.
        "left out" => ReportTestData.Organization([6, 7, 5, 2], k: 3),
        // t3 is under k in both cycles; the change since the previous cycle is reported.
        "with the previous cycle" => DeterminismTests.Inputs(),
        // Named: keys are roster ids, so "t0-p10" sorts before "t0-p1~1" (an outside contact).
        _ => ReportTestData.Organization([12, 11, 3], k: 3, named: true, person: p => p with { Name = $"Zoë 🙂 {p.Id}" }),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Releasing_the_answers_changes_no_byte_of_any_team_or_organization_report(string name)
    {
        var inputs = Inputs(name);
        var expected = DeterminismTests.ReportBytes(ReportBuilder.Analyze(inputs));

        var released = ReportBuilder.Analyze(inputs, new ReportOptions { ReleaseAnswers = true });
        var actual = DeterminismTests.ReportBytes(released);

        DeterminismTests.SameBytes(expected, actual);

        Assert.True(released.AnswersReleased);
        Assert.Empty(released.Inputs.Submissions);
        Assert.Empty(released.Inputs.Previous?.Submissions ?? []);
        Assert.NotEmpty(inputs.Submissions); // the caller's inputs are left as they were
        var error = Assert.Throws<InvalidOperationException>(() => ReportBuilder.BuildProfile(released, inputs.Roster.People[0].Id));
        Assert.Contains("released", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_analysis_that_released_the_answers_holds_no_submission_and_no_colleague_answer()
    {
        var (analysis, submissions, contacts) = AnalyzeReleased();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.False(submissions.IsAlive, "the submissions are still reachable");
        Assert.False(contacts.IsAlive, "a respondent's answer about a colleague is still reachable");
        Assert.NotEmpty(ReportFormats.GraphMl(ReportBuilder.BuildOrganization(analysis)));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (ReportAnalysis Analysis, WeakReference Submissions, WeakReference Contacts) AnalyzeReleased()
    {
        var inputs = Inputs("counted");
        var submissions = new WeakReference(inputs.Submissions);
        var contacts = new WeakReference(inputs.Submissions[0].Contacts[0]);
        return (ReportBuilder.Analyze(inputs, new ReportOptions { ReleaseAnswers = true }), submissions, contacts);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Organization_exports_written_as_streams_are_the_files_bytes_in_key_order(string name)
    {
        var org = ReportBuilder.BuildOrganization(ReportBuilder.Analyze(Inputs(name)));
        Assert.Equal(ReportFormats.GraphMl(org), Streamed(s => ReportFormats.WriteGraphMl(org, s)));
        Assert.Equal(ReportFormats.CsvEdges(org), Streamed(s => ReportFormats.WriteCsvEdges(org, s)));
        Assert.Equal(ReportFormats.CsvPeople(org), Streamed(s => ReportFormats.WriteCsvPeople(org, s)));

        // Nodes by key and edges by source then target, in ordinal order; every edge's ends are nodes.
        var graph = XDocument.Parse(Encoding.UTF8.GetString(ReportFormats.GraphMl(org))).Root!.Element(GraphMl + "graph")!;
        var nodes = graph.Elements(GraphMl + "node").Select(n => (string)n.Attribute("id")!).ToArray();
        var edges = graph.Elements(GraphMl + "edge").Select(e => ((string)e.Attribute("source")!, (string)e.Attribute("target")!)).ToArray();
        Assert.Equal(nodes.Order(StringComparer.Ordinal), nodes);
        Assert.Equal(nodes.Length, nodes.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(edges.OrderBy(e => e.Item1, StringComparer.Ordinal).ThenBy(e => e.Item2, StringComparer.Ordinal), edges);
        Assert.All(edges, e => Assert.Contains(e.Item2, nodes));
        Assert.InRange(edges.Count(e => !e.Item2.Contains('~', StringComparison.Ordinal)), 1, ReportFormats.ExportArcCount(org));
        Assert.Contains(nodes, n => n.Contains('~', StringComparison.Ordinal));
        if (name == "named")
        {
            // An outside contact's key sorts after a longer key that shares its prefix.
            Assert.True(Array.IndexOf(nodes, "t0-p10") < Array.IndexOf(nodes, "t0-p1~1"));
        }
    }

    [Fact]
    public void Streamed_csv_longer_than_one_buffer_is_the_same_text()
    {
        // 1,200 people with four ties each: the edge list is written out in several parts.
        var org = ReportBuilder.BuildOrganization(ReportBuilder.Analyze(
            ReportTestData.Organization([300, 300, 300, 300], k: 3, named: true, person: p => p with { Name = $"Zoë 🙂 «{p.Id}»" })));
        var edges = Streamed(s => ReportFormats.WriteCsvEdges(org, s));
        var people = Streamed(s => ReportFormats.WriteCsvPeople(org, s));
        Assert.True(edges.Length > 2 * 64 * 1024, $"the edge list has {edges.Length} bytes");
        Assert.Equal(ReportFormats.CsvEdges(org), edges);
        Assert.Equal(ReportFormats.CsvPeople(org), people);
        Assert.Contains("Zoë 🙂 «t3-p299»", Encoding.UTF8.GetString(people), StringComparison.Ordinal);
    }

    private static byte[] Streamed(Action<Stream> write)
    {
        using var stream = new MemoryStream();
        write(stream);
        return stream.ToArray();
    }
}
