using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using SurveyNetwork.Domain.Network;
using SurveyNetwork.Functions.Reports;

namespace SurveyNetwork.Functions.Tests.ReportDelivery;

/// <summary>
/// The published GraphML opens in networkx (<c>read_graphml</c>, Debian's python3-networkx under
/// /usr/bin/python3) with the nodes and edges the report exports: the same counts as the file's
/// own elements and the CSV edge list, and for the organization the survey network itself.
/// </summary>
public sealed class GraphMlInteropTests : IAsyncLifetime
{
    private const string Python = "/usr/bin/python3";

    private const string Script = """
        import json, sys
        import networkx as nx
        out = {}
        for path in sys.argv[1:]:
            g = nx.read_graphml(path)
            persons = [n for n, d in g.nodes(data=True) if d.get("kind") == "person"]
            out[path] = {
                "directed": g.is_directed(),
                "nodes": g.number_of_nodes(),
                "edges": g.number_of_edges(),
                "personEdges": g.subgraph(persons).number_of_edges(),
                "persons": len(persons),
            }
        print(json.dumps(out))
        """;

    private JobHarness _h = null!;

    public async Task InitializeAsync() => _h = await JobHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task Every_published_graphml_loads_in_networkx_with_the_reports_node_and_edge_counts()
    {
        var (roster, cycle) = await _h.SeedAsync();
        var summary = Assert.Single((await _h.Job().RunAllAsync()).Cycles);
        Assert.Equal(CycleRunStatus.Published, summary.Status);
        var scopes = summary.Outcomes!.Select(o => o.Scope).ToArray();
        var paths = scopes.Select(s => _h.Files.FullPath("acme", "c1", s, ReportFormat.GraphMl)).ToArray();

        var loaded = await RunNetworkxAsync(paths);

        foreach (var scope in scopes)
        {
            var path = _h.Files.FullPath("acme", "c1", scope, ReportFormat.GraphMl);
            var nx = loaded[path]!;
            var xml = XDocument.Load(path);
            XNamespace ns = "http://graphml.graphdrawing.org/xmlns";
            var csvRows = File.ReadAllLines(_h.Files.FullPath("acme", "c1", scope, ReportFormat.Csv)).Length - 1;
            Assert.True(nx["directed"]!.GetValue<bool>(), scope);
            Assert.Equal(xml.Descendants(ns + "node").Count(), nx["nodes"]!.GetValue<int>());
            Assert.Equal(xml.Descendants(ns + "edge").Count(), nx["edges"]!.GetValue<int>());
            Assert.Equal(csvRows, nx["edges"]!.GetValue<int>());
            Assert.True(nx["edges"]!.GetValue<int>() > 0, $"{scope} exports no edge");
        }

        // The organization export is the survey network: every active person, every arc between them.
        var network = NetworkGraphBuilder.FromSurvey(roster, await _h.Survey.ListSubmissionsAsync("acme", "c1"), cycle.Options).Graph;
        var org = loaded[_h.Files.FullPath("acme", "c1", ReportScope.Organization, ReportFormat.GraphMl)]!;
        Assert.Equal(network.NodeCount, org["persons"]!.GetValue<int>());
        Assert.Equal(network.ArcCount, org["personEdges"]!.GetValue<int>());
    }

    private static async Task<JsonObject> RunNetworkxAsync(IEnumerable<string> paths)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Script);
        foreach (var path in paths)
            start.ArgumentList.Add(path);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{Python} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        Assert.True(process.ExitCode == 0, $"networkx could not read the GraphML (exit {process.ExitCode}; {Python} needs python3-networkx):\n{await error}");
        return JsonNode.Parse(await output)!.AsObject();
    }
}
