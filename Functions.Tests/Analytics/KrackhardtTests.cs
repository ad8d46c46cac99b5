using System.Globalization;
using System.Text.Json;
using SurveyNetwork.Domain.Network;

namespace SurveyNetwork.Functions.Tests.Analytics;

/// <summary>Every measure of expected.json, for all 21 managers and at network and group level, within 1e-9.</summary>
public class KrackhardtTests
{
    public static TheoryData<string> Relations => new() { "advice", "friendship" };

    private static readonly AnalysisOptions WithUndirected = new() { IncludeUndirected = true };

    /// <summary>Our value for one node-level key of expected.json; throws for a key nobody checks.</summary>
    private static double? Actual(PersonMeasures p, string path)
    {
        var parts = path.Split('/');
        return parts switch
        {
            ["out_degree"] => p.OutDegree,
            ["in_degree"] => p.InDegree,
            ["reciprocated_ties"] => p.ReciprocatedTies,
            ["reciprocity_nx"] => p.Reciprocity,
            ["reciprocated_out_share"] => p.ReciprocatedShare,
            ["betweenness"] => p.Betweenness,
            ["betweenness_raw"] => p.BetweennessRaw,
            ["constraint"] or ["constraint_igraph"] => p.Constraint,
            // networkx 2.8.8 leaves nodes that named nobody undefined; elsewhere it is the same measure.
            ["constraint_networkx"] => p.OutDegree == 0 ? null : p.Constraint,
            ["effective_size"] => p.EffectiveSize,
            ["effective_size_networkx"] => p.OutDegree == 0 ? null : p.EffectiveSize,
            ["efficiency"] => p.Efficiency,
            ["undirected", "degree"] => p.Undirected!.Degree,
            ["undirected", "betweenness"] => p.Undirected!.Betweenness,
            ["undirected", "constraint"] => p.Undirected!.Constraint,
            ["undirected", "effective_size"] => p.Undirected!.EffectiveSize,
            ["blau_out", var a] => p.Diversity[a].Blau,
            ["blau_iqv_out", var a] => p.Diversity[a].BlauNormalized,
            ["ei_out", var a] => p.Diversity[a].EI.Index,
            ["ei_out", var a, "E"] => p.Diversity[a].EI.External,
            ["ei_out", var a, "I"] => p.Diversity[a].EI.Internal,
            ["ei_out", var a, "EI"] => p.Diversity[a].EI.Index,
            _ => throw new KeyNotFoundException($"expected.json node key '{path}' is not checked"),
        };
    }

    [Theory]
    [MemberData(nameof(Relations))]
    public void Every_node_level_value_matches_networkx_and_igraph(string relation)
    {
        var expected = Krackhardt.Expected(relation).GetProperty("nodes");
        var result = NetworkAnalysis.Compute(Krackhardt.Network(relation), WithUndirected);
        Assert.Equal(21, result.People.Count);
        var checkedValues = 0;
        foreach (var node in expected.EnumerateObject())
        {
            var person = result.Person(node.Name) ?? throw new Xunit.Sdk.XunitException($"node {node.Name} missing");
            foreach (var (path, value) in Krackhardt.Leaves(node.Value))
            {
                Krackhardt.Equal(Krackhardt.Number(value), Actual(person, path), $"{relation} node {node.Name} {path}");
                checkedValues++;
            }
        }

        // 27 values per manager (23 where ei_out is null because the manager named nobody).
        Assert.Equal(relation == "advice" ? 21 * 27 : 19 * 27 + 2 * 23, checkedValues);
    }

    [Theory]
    [MemberData(nameof(Relations))]
    public void Network_level_values_match(string relation)
    {
        var expected = Krackhardt.Expected(relation);
        var network = Krackhardt.Network(relation);
        var result = NetworkAnalysis.Compute(network, WithUndirected);
        var m = result.Network;
        var g = network.Graph;
        var (mutual, asymmetric) = Reciprocity.Dyads(g);
        int[] Ints(string key) => expected.GetProperty(key).EnumerateArray().Select(e => e.GetInt32()).ToArray();
        int[] Sorted(IEnumerable<string> ids) => ids.Select(int.Parse).Order().ToArray();

        var checkedKeys = new HashSet<string>();
        void Check(string key, double? actual)
        {
            Krackhardt.Equal(Krackhardt.Number(expected.GetProperty(key)), actual, $"{relation} {key}");
            checkedKeys.Add(key);
        }

        Check("n", m.Nodes);
        Check("arcs", m.Arcs);
        Check("density", m.Density);
        Check("density_igraph", m.Density);
        Check("reciprocity_arc", m.ArcReciprocity);
        Check("reciprocity_arc_igraph", Reciprocity.ArcReciprocity(g));
        Check("reciprocity_dyad", m.DyadReciprocity);
        Check("reciprocity_dyad_igraph", Reciprocity.DyadReciprocity(g));
        Check("mutual_dyads", m.MutualDyads);
        Check("asymmetric_dyads", m.AsymmetricDyads);
        Check("undirected_edges", mutual + asymmetric);
        Check("undirected_density", m.UndirectedDensity);
        Assert.Equal(Ints("isolates"), Sorted(m.Isolates));
        Assert.Equal(Ints("zero_out_degree"), Sorted(m.NamedNobody));
        Assert.Equal(Ints("zero_in_degree"), Sorted(m.NamedByNobody));
        Assert.Equal(
            Ints("networkx_constraint_nan_but_has_in_ties"),
            Sorted(result.People.Where(p => p.OutDegree == 0 && p.InDegree > 0 && p.Constraint is not null).Select(p => p.Id)));
        checkedKeys.UnionWith(["isolates", "zero_out_degree", "zero_in_degree", "networkx_constraint_nan_but_has_in_ties"]);

        var top5 = expected.GetProperty("top5_betweenness").EnumerateArray().ToArray();
        var ours = result.People.OrderByDescending(p => p.Betweenness).ThenBy(p => int.Parse(p.Id, CultureInfo.InvariantCulture)).Take(5).ToArray();
        for (var k = 0; k < 5; k++)
        {
            Assert.Equal(top5[k][0].GetInt32().ToString(CultureInfo.InvariantCulture), ours[k].Id);
            Krackhardt.Equal(top5[k][1].GetDouble(), ours[k].Betweenness, $"{relation} top5[{k}]");
        }

        checkedKeys.Add("top5_betweenness");
        Assert.True(m.BetweennessIsExact);
        Assert.Equal(21, m.BetweennessSampleSize);

        // ei_index is checked by its own test; nodes by the node-level test; crosscheck_max_abs_diff
        // records how closely networkx and igraph agree, not a measure.
        checkedKeys.UnionWith(["ei_index", "nodes", "crosscheck_max_abs_diff"]);
        Assert.Empty(expected.EnumerateObject().Select(p => p.Name).Except(checkedKeys));
    }

    [Theory]
    [MemberData(nameof(Relations))]
    public void Group_E_I_indices_match_for_dept_and_level(string relation)
    {
        var expected = Krackhardt.Expected(relation).GetProperty("ei_index");
        var result = NetworkAnalysis.Compute(Krackhardt.Network(relation));
        var checkedValues = 0;
        foreach (var attribute in expected.EnumerateObject())
        {
            var groups = result.GroupsBy(attribute.Name) ?? throw new Xunit.Sdk.XunitException($"no groups for {attribute.Name}");
            foreach (var (path, value) in Krackhardt.Leaves(attribute.Value))
            {
                var parts = path.Split('/');
                double? actual = parts switch
                {
                    ["whole_network", "E"] => groups.WholeNetwork.External,
                    ["whole_network", "I"] => groups.WholeNetwork.Internal,
                    ["whole_network", "EI"] => groups.WholeNetwork.Index,
                    [var variant, var category, var key] => Pick(groups.Group(category)!, variant, key),
                    _ => throw new KeyNotFoundException(path),
                };
                Krackhardt.Equal(Krackhardt.Number(value), actual, $"{relation} {attribute.Name} {path}");
                checkedValues++;
            }
        }

        // dept: 5 groups × 2 variants × 4 keys + 3; level_label: 3 × 2 × 4 + 3.
        Assert.Equal(43 + 27, checkedValues);

        static double? Pick(GroupMeasures g, string variant, string key)
        {
            var count = variant switch
            {
                "by_group_sent" => g.Sent,
                "by_group_incident" => g.Incident,
                _ => throw new KeyNotFoundException(variant),
            };
            return key switch
            {
                "members" => g.Members,
                "E" => count.External,
                "I" => count.Internal,
                "EI" => count.Index,
                _ => throw new KeyNotFoundException(key),
            };
        }
    }

    [Fact]
    public void Friendship_constraint_is_defined_for_managers_who_named_nobody_but_were_named()
    {
        var result = NetworkAnalysis.Compute(Krackhardt.Network("friendship"));
        var seven = result.Person("7")!;
        Assert.Equal(0, seven.OutDegree);
        Assert.Equal(3, seven.InDegree);
        Krackhardt.Equal(0.46652573066263536, seven.Constraint, "constraint of 7");
        Krackhardt.Equal(2.0, seven.EffectiveSize, "effective size of 7");
        Assert.Null(seven.ReciprocatedShare);
        Assert.Null(seven.Diversity["dept"].Blau);
    }

    [Theory]
    [MemberData(nameof(Relations))]
    public void Group_density_is_the_density_of_the_induced_subgraph(string relation)
    {
        var network = Krackhardt.Network(relation);
        var g = network.Graph;
        var dept = network.Attribute("dept")!;
        var groups = NetworkAnalysis.Compute(network).GroupsBy("dept")!;
        foreach (var group in groups.Groups)
        {
            var members = Enumerable.Range(0, g.NodeCount).Where(i => dept.LabelOf(i) == group.Category).ToArray();
            var internalArcs = members.Sum(i => members.Count(j => g.HasArc(i, j)));
            double? expected = members.Length < 2 ? null : internalArcs / (double)(members.Length * (members.Length - 1));
            Krackhardt.Equal(expected, group.Density, $"density of dept {group.Category}");
            Assert.Equal(group.Sent.Internal, internalArcs);
        }
    }
}
