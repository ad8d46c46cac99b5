namespace SurveyNetwork.Domain.Network;

/// <summary>
/// The single entry point of the analytics: every measure of one network, from the structural
/// ones (degrees, reciprocity, betweenness, Burt's measures, density, E-I, isolates) to the ego
/// measures of the survey answers (network size, Blau diversity, boundary spanning, personal share,
/// tie strength, give-back, benefit mix). Pure: no I/O; deterministic for given options.
/// </summary>
public static class NetworkAnalysis
{
    public static NetworkAnalysisResult Compute(OrgNetwork network, AnalysisOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        options ??= new AnalysisOptions();
        var g = network.Graph;
        var n = g.NodeCount;
        var dop = options.MaxDegreeOfParallelism;

        var betweenness = Betweenness.Compute(g, options.Betweenness, dop);
        var holes = Constraint.Compute(g, dop);
        var diversity = network.Attributes
            .Select(a => (a.Name, Blau: Blau.Compute(g, a), EI: EiIndex.Individual(g, a)))
            .ToArray();
        var boundaries = BoundarySpanning.Compute(network);
        var ties = TieQuality.Compute(network);
        var contacts = network.Contacts;

        int[]? undirectedDegree = null;
        BetweennessResult? undirectedBetweenness = null;
        StructuralHoles? undirectedHoles = null;
        if (options.IncludeUndirected)
        {
            var union = g.Symmetrized();
            undirectedDegree = Degrees.Out(union);
            undirectedBetweenness = Betweenness.Compute(union, options.Betweenness, dop);
            undirectedHoles = Constraint.Compute(union, dop);
        }

        var columns = new DiversityView.Columns(
            diversity.Select(d => d.Name).ToArray(),
            diversity.Select(d => d.Blau.Index).ToArray(),
            diversity.Select(d => d.Blau.Normalized).ToArray(),
            diversity.Select(d => d.EI).ToArray());
        var people = new PersonMeasures[n];
        for (var i = 0; i < n; i++)
        {
            var perAttribute = new DiversityView(columns, i);
            var responded = contacts?.HasResponded(i);
            int? outside = null;
            if (contacts is not null && responded == true)
            {
                outside = 0;
                foreach (var t in contacts.TargetsOf(i))
                {
                    if (t == SurveyContacts.Outside)
                    {
                        outside++;
                    }
                }
            }

            var outDegree = g.OutDegree(i);
            people[i] = new PersonMeasures(
                g.NodeIds[i],
                i,
                responded,
                outDegree,
                g.InDegree(i),
                contacts is null ? outDegree : outside is { } o ? outDegree + o : null,
                outside,
                Reciprocity.ReciprocatedTies(g, i),
                Reciprocity.ReciprocatedShare(g, i),
                Reciprocity.NodeReciprocity(g, i),
                betweenness.Normalized[i],
                betweenness.Raw[i],
                Defined(holes.Constraint[i]),
                Defined(holes.EffectiveSize[i]),
                Defined(holes.Efficiency[i]),
                undirectedDegree is null
                    ? null
                    : new UndirectedMeasures(
                        undirectedDegree[i],
                        undirectedBetweenness!.Normalized[i],
                        Defined(undirectedHoles!.Constraint[i]),
                        Defined(undirectedHoles.EffectiveSize[i])),
                perAttribute,
                boundaries?[i],
                ties?[i]);
        }

        var groups = network.Attributes.Select(a => GroupsOf(g, a)).ToArray();
        var (mutual, asymmetric) = Reciprocity.Dyads(g);
        string[] Ids(int[] nodes) => nodes.Select(i => g.NodeIds[i]).ToArray();
        var measures = new NetworkMeasures(
            n,
            g.ArcCount,
            contacts is null ? null : Enumerable.Range(0, n).Count(contacts.HasResponded),
            Density.Directed(g),
            options.IncludeUndirected ? Density.Undirected(g) : null,
            g.ArcCount == 0 ? null : 2.0 * mutual / g.ArcCount,
            mutual + asymmetric == 0 ? null : (double)mutual / (mutual + asymmetric),
            mutual,
            asymmetric,
            Ids(Degrees.Isolates(g)),
            Ids(Degrees.ZeroOutDegree(g)),
            Ids(Degrees.ZeroInDegree(g)),
            betweenness.IsExact,
            betweenness.SampleSize,
            betweenness.Seed,
            betweenness.ErrorBound);
        return new NetworkAnalysisResult(measures, people, groups);
    }

    private static AttributeGroups GroupsOf(NetworkGraph g, NodeAttribute attribute)
    {
        var (sent, incident, whole) = EiIndex.ByGroup(g, attribute);
        var density = Density.ByGroup(g, attribute);
        var members = new int[attribute.CategoryCount];
        foreach (var code in attribute.Codes)
        {
            members[code]++;
        }

        var groups = new GroupMeasures[attribute.CategoryCount];
        for (var k = 0; k < groups.Length; k++)
        {
            groups[k] = new GroupMeasures(attribute.Categories[k], members[k], sent[k], incident[k], density[k]);
        }

        return new AttributeGroups(attribute.Name, groups, whole);
    }

    private static double? Defined(double value) => double.IsNaN(value) ? null : value;
}
