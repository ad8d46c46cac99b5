using CsCheck;
using SurveyNetwork.Domain.Network;

namespace SurveyNetwork.Functions.Tests.Analytics;

/// <summary>Properties of the measures on random directed graphs (CsCheck shrinks any counterexample).</summary>
public class PropertyTests
{
    private const double Tolerance = 1e-9;

    /// <summary>A random simple digraph: n nodes, each ordered pair an arc with probability p, and a 3-valued attribute.</summary>
    private sealed record RandomGraph(int N, (int From, int To)[] Arcs, string[] Group)
    {
        public override string ToString() =>
            $"n={N} arcs=[{string.Join(" ", Arcs.Select(a => $"{a.From}>{a.To}"))}] groups=[{string.Join(",", Group)}]";

        public OrgNetwork Network(int[]? relabel = null)
        {
            // relabel[i] is node i's new index; ids and attributes travel with the node.
            var map = relabel ?? Enumerable.Range(0, N).ToArray();
            var ids = new string[N];
            var groups = new string[N];
            for (var i = 0; i < N; i++)
            {
                ids[map[i]] = $"n{i}";
                groups[map[i]] = Group[i];
            }

            var graph = NetworkGraph.Create(ids, Arcs.Select(a => (map[a.From], map[a.To])));
            return new OrgNetwork(graph, [NodeAttribute.FromValues("group", groups)]);
        }
    }

    private static Gen<RandomGraph> Graphs(int maxNodes, int maxPercent = 100) =>
        from n in Gen.Int[1, maxNodes]
        from percent in Gen.Int[0, maxPercent]
        from rolls in Gen.Int[0, 99].Array[n * n]
        from groups in Gen.Int[0, 2].Array[n]
        select new RandomGraph(
            n,
            Enumerable.Range(0, n * n).Where(k => rolls[k] < percent && k / n != k % n).Select(k => (k / n, k % n)).ToArray(),
            groups.Select(x => "abc"[x].ToString()).ToArray());

    private static void Near(double expected, double actual, string what) =>
        Assert.True(Math.Abs(expected - actual) <= Tolerance * Math.Max(1, Math.Abs(expected)), $"{what}: {expected:R} vs {actual:R}");

    private static void Near(double? expected, double? actual, string what)
    {
        Assert.True(expected.HasValue == actual.HasValue, $"{what}: {expected} vs {actual}");
        if (expected is { } e && actual is { } a)
        {
            Near(e, a, what);
        }
    }

    [Fact]
    public void Betweenness_equals_the_count_over_all_enumerated_shortest_paths()
    {
        Graphs(8).Sample(
            graph =>
            {
                var g = graph.Network().Graph;
                var expected = BruteForce.Betweenness(BruteForce.Adjacency(graph.N, graph.Arcs));
                var actual = Betweenness.Raw(g);
                for (var v = 0; v < graph.N; v++)
                {
                    Near(expected[v], actual[v], $"betweenness of {v}");
                }
            },
            iter: 300);
    }

    [Fact]
    public void Betweenness_equals_textbook_Brandes_on_larger_sparse_and_dense_graphs()
    {
        // Larger sparse graphs make the search switch between top-down and bottom-up levels in every order.
        Graphs(150, maxPercent: 6).Sample(
            graph =>
            {
                var expected = BruteForce.TextbookBrandes(graph.N, graph.Arcs);
                var actual = Betweenness.Raw(graph.Network().Graph);
                for (var v = 0; v < graph.N; v++)
                {
                    Near(expected[v], actual[v], $"betweenness of {v}");
                }
            },
            iter: 100);
    }

    [Fact]
    public void Undirected_betweenness_equals_the_enumeration_on_the_union_graph()
    {
        Graphs(8).Sample(
            graph =>
            {
                var union = graph.Arcs.Concat(graph.Arcs.Select(a => (a.To, a.From))).ToArray();
                var expected = BruteForce.Betweenness(BruteForce.Adjacency(graph.N, union));
                var actual = Betweenness.Raw(graph.Network().Graph.Symmetrized());
                for (var v = 0; v < graph.N; v++)
                {
                    Near(expected[v], actual[v], $"undirected betweenness of {v}");
                }
            },
            iter: 100);
    }

    [Fact]
    public void Constraint_and_effective_size_equal_the_formulas_evaluated_literally()
    {
        Graphs(12).Sample(
            graph =>
            {
                var expected = BruteForce.Burt(BruteForce.Adjacency(graph.N, graph.Arcs));
                var actual = Constraint.Compute(graph.Network().Graph);
                for (var i = 0; i < graph.N; i++)
                {
                    Near(expected[i].Constraint, Nullable(actual.Constraint[i]), $"constraint of {i}");
                    Near(expected[i].EffectiveSize, Nullable(actual.EffectiveSize[i]), $"effective size of {i}");
                }
            },
            iter: 300);
    }

    [Fact]
    public void Measures_do_not_depend_on_how_nodes_are_numbered()
    {
        var withPermutation =
            from graph in Graphs(14)
            from order in Gen.Shuffle(Enumerable.Range(0, graph.N).ToArray())
            select (graph, order);
        var options = new AnalysisOptions { IncludeUndirected = true };
        withPermutation.Sample(
            (graph, order) =>
            {
                var a = NetworkAnalysis.Compute(graph.Network(), options);
                var b = NetworkAnalysis.Compute(graph.Network(order), options);
                foreach (var p in a.People)
                {
                    var q = b.Person(p.Id)!;
                    Assert.Equal((p.OutDegree, p.InDegree, p.ReciprocatedTies), (q.OutDegree, q.InDegree, q.ReciprocatedTies));
                    Near(p.Betweenness, q.Betweenness, "betweenness");
                    Near(p.Constraint, q.Constraint, "constraint");
                    Near(p.EffectiveSize, q.EffectiveSize, "effective size");
                    Near(p.Efficiency, q.Efficiency, "efficiency");
                    Near(p.Reciprocity, q.Reciprocity, "reciprocity");
                    Near(p.Undirected!.Betweenness, q.Undirected!.Betweenness, "undirected betweenness");
                    Near(p.Undirected.Constraint, q.Undirected.Constraint, "undirected constraint");
                    Near(p.Diversity["group"].Blau, q.Diversity["group"].Blau, "Blau");
                    Assert.Equal(p.Diversity["group"].EI, q.Diversity["group"].EI);
                }

                Assert.Equal(a.Network with { Isolates = [], NamedNobody = [], NamedByNobody = [] }, b.Network with { Isolates = [], NamedNobody = [], NamedByNobody = [] });
                Assert.Equal(a.Network.Isolates.Order(), b.Network.Isolates.Order());
                Assert.Equal(a.GroupsBy("group")!.Groups, b.GroupsBy("group")!.Groups);
                Assert.Equal(a.GroupsBy("group")!.WholeNetwork, b.GroupsBy("group")!.WholeNetwork);
            },
            iter: 200);
    }

    [Fact]
    public void Indices_stay_within_their_bounds()
    {
        Graphs(16).Sample(
            graph =>
            {
                var result = NetworkAnalysis.Compute(graph.Network(), new AnalysisOptions { IncludeUndirected = true });
                var k = result.GroupsBy("group")!.Groups.Count;
                Assert.InRange(result.Network.Density ?? 0, 0, 1);
                foreach (var p in result.People)
                {
                    var d = p.Diversity["group"];
                    if (d.EI.Index is { } ei) Assert.InRange(ei, -1, 1);
                    // Each term p_ij + Σ_q p_iq p_qj is at most p_ij + (1 − p_ij) = 1 and the terms sum to at most
                    // 2, so directed constraint is below 2; Burt's 1.125 bounds the undirected measure only.
                    if (p.Constraint is { } c) Assert.True(c > 0 && c < 2, $"constraint {c:R} of {p.Id}");
                    if (p.Undirected!.Constraint is { } u) Assert.True(u > 0 && u <= 1.125 + Tolerance, $"undirected constraint {u:R} of {p.Id}");
                    if (p.Efficiency is { } f) Assert.True(f > 0 && f <= 1 + Tolerance, $"efficiency {f:R}");
                    if (d.Blau is { } blau) Assert.InRange(blau, 0, 1 - 1.0 / k + Tolerance);
                    if (d.BlauNormalized is { } iqv) Assert.InRange(iqv, 0, 1 + Tolerance);
                    if (p.Reciprocity is { } r) Assert.InRange(r, 0, 1);
                    Assert.InRange(p.Betweenness, 0, 1 + Tolerance);
                }

                foreach (var group in result.GroupsBy("group")!.Groups)
                {
                    if (group.Density is { } density) Assert.InRange(density, 0, 1);
                    if (group.Sent.Index is { } sent) Assert.InRange(sent, -1, 1);
                    if (group.Incident.Index is { } incident) Assert.InRange(incident, -1, 1);
                }
            },
            iter: 300);
    }

    [Fact]
    public void Directed_constraint_can_exceed_the_undirected_maximum_of_one_and_an_eighth()
    {
        // Found by the bounds property: networkx 2.8.8 and igraph 0.10.2 both give 1.3888888888888886
        // for node 2 here, because a reciprocated tie weighs 2 in p_ij.
        var g = NetworkGraph.Create(["0", "1", "2"], [(0, 1), (0, 2), (1, 0), (2, 1)]);
        var holes = Constraint.Compute(g);
        Near(25.0 / 18, holes.Constraint[2], "constraint of 2");
        Near(1.0030864197530862, holes.Constraint[0], "constraint of 0");
        Near(1.125, Constraint.Compute(g.Symmetrized()).Constraint[2], "undirected constraint of 2 (a triangle)");
    }

    [Fact]
    public void Parallel_and_sequential_betweenness_are_identical()
    {
        Graphs(120).Sample(
            graph =>
            {
                var g = graph.Network().Graph;
                var sequential = Betweenness.Raw(g, maxDegreeOfParallelism: 1);
                Assert.Equal(sequential, Betweenness.Raw(g, maxDegreeOfParallelism: 2));
                Assert.Equal(sequential, Betweenness.Raw(g, maxDegreeOfParallelism: 8));
            },
            iter: 40);
    }

    [Fact]
    public void Sampling_every_node_as_a_pivot_gives_the_exact_values()
    {
        Graphs(40).Sample(
            graph =>
            {
                var g = graph.Network().Graph;
                var exact = Betweenness.Raw(g);
                var sampled = Betweenness.SampledRaw(g, graph.N, seed: 7);
                for (var v = 0; v < graph.N; v++)
                {
                    Near(exact[v], sampled[v], $"betweenness of {v}");
                }
            },
            iter: 100);
    }

    [Fact]
    public void A_sampled_estimate_is_reproducible_from_its_seed()
    {
        var g = NetworkGraph.Create(
            Enumerable.Range(0, 300).Select(i => $"n{i}").ToArray(),
            Enumerable.Range(0, 300).SelectMany(i => new[] { (i, (i * 7 + 1) % 300), (i, (i * 13 + 5) % 300), ((i * 3) % 300, i) }));
        var options = new BetweennessOptions { Mode = BetweennessMode.Sampled, Pivots = 40, Seed = 11 };
        var first = Betweenness.Compute(g, options);
        var again = Betweenness.Compute(g, options, maxDegreeOfParallelism: 1);
        var other = Betweenness.Compute(g, options with { Seed = 12 });
        Assert.False(first.IsExact);
        Assert.Equal(40, first.SampleSize);
        Assert.Equal(11, first.Seed);
        Assert.Equal(first.Raw, again.Raw);
        Assert.NotEqual(first.Raw, other.Raw);
    }

    private static double? Nullable(double value) => double.IsNaN(value) ? null : value;
}
