using SurveyNetwork.Domain.Network;
using SurveyNetwork.Domain.Survey;

namespace SurveyNetwork.Functions.Tests.Analytics;

/// <summary>Building the network from a roster and submissions, and the per-contact survey measures.</summary>
public class SurveyNetworkTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    // Team t1: a (level 3), b (2), c (1); team t2: d (2), e (1); f is inactive.
    private static readonly Roster Roster = new(
        "org",
        [new Team("t1", "Platform"), new Team("t2", "Sales")],
        [
            new Person("a", "A", "t1", "Engineering", 3, "Berlin"),
            new Person("b", "B", "t1", "Engineering", 2, "Berlin"),
            new Person("c", "C", "t1", "Engineering", 1, "Paris"),
            new Person("d", "D", "t2", "Sales", 2, "Berlin"),
            new Person("e", "E", "t2", "Sales", 1, "Paris"),
            new Person("f", "F", "t2", "Sales", 1, "Paris", Active: false),
        ],
        At);

    private static ContactAnswer Named(string id, Frequency frequency = Frequency.Weekly, GiveBack giveBack = GiveBack.Never, bool personal = false, params Benefit[] benefits) =>
        new() { PersonId = id, Frequency = frequency, GiveBack = giveBack, Personal = personal, Benefits = benefits };

    private static Submission Answer(string respondent, long version, params ContactAnswer[] contacts) =>
        new() { OrgId = "org", CycleId = "c1", RespondentId = respondent, Contacts = contacts, SubmittedAt = At, Version = version };

    private static readonly Submission[] Submissions =
    [
        Answer(
            "a",
            1,
            Named("b", Frequency.Daily, GiveBack.Often, personal: true, Benefit.Solutions, Benefit.Validation),
            Named("d", Frequency.Monthly, GiveBack.Rarely, personal: false, Benefit.Solutions),
            new ContactAnswer { OutsideKind = OutsideKind.Customer, OutsideLabel = "key account", Frequency = Frequency.LessThanMonthly, GiveBack = GiveBack.Never, Benefits = [Benefit.PointersToWhoKnows] },
            Named("a"),
            Named("b", Frequency.LessThanMonthly),
            Named("f"),
            Named("nobody")),
        Answer("b", 1, Named("c")),
        Answer("b", 2, Named("d")),
        Answer("d", 1, Named("a")),
        Answer("f", 1, Named("a")),
        Answer("stranger", 1, Named("a")),
    ];

    private static NetworkAnalysisResult Analyse(CycleOptions? questions = null) =>
        NetworkAnalysis.Compute(NetworkGraphBuilder.FromSurvey(Roster, Submissions, questions));

    [Fact]
    public void Nodes_are_the_active_roster_people_whether_they_responded_or_not()
    {
        var network = NetworkGraphBuilder.FromSurvey(Roster, Submissions);
        Assert.Equal(["a", "b", "c", "d", "e"], network.Graph.NodeIds);
        var result = NetworkAnalysis.Compute(network);
        Assert.Equal(3, result.Network.Respondents);
        Assert.Equal([true, true, false, true, false], result.People.Select(p => p.Responded!.Value));
        Assert.Null(result.Person("f"));
    }

    [Fact]
    public void Self_repeated_unknown_and_inactive_contacts_make_no_arcs_and_the_latest_answer_counts()
    {
        var g = NetworkGraphBuilder.FromSurvey(Roster, Submissions).Graph;
        var arcs = g.Arcs().Select(a => (g.NodeIds[a.From], g.NodeIds[a.To])).ToArray();
        Assert.Equal([("a", "b"), ("a", "d"), ("b", "d"), ("d", "a")], arcs);
    }

    [Fact]
    public void Outside_contacts_count_in_network_size_but_are_not_nodes()
    {
        var a = Analyse().Person("a")!;
        Assert.Equal(2, a.OutDegree);
        Assert.Equal(1, a.OutsideContacts);
        Assert.Equal(3, a.NetworkSize);
        Assert.Equal(3, a.Boundaries!.Contacts);
    }

    [Fact]
    public void Boundary_shares_count_every_contact_and_split_other_levels_into_up_and_down()
    {
        var a = Analyse().Person("a")!.Boundaries!;
        Assert.Equal(2.0 / 3, a.OtherLevel, 12);
        Assert.Equal(0, a.LevelUp);
        Assert.Equal(2.0 / 3, a.LevelDown, 12);
        Assert.Equal(1.0 / 3, a.OtherFunction, 12);
        Assert.Equal(0, a.OtherLocation);
        Assert.Equal(1.0 / 3, a.OutsideOrganization, 12);
        Assert.Equal(1.0 / 3, a.OtherTeam, 12);

        var d = Analyse().Person("d")!.Boundaries!;
        Assert.Equal((1.0, 1.0, 0.0), (d.LevelUp, d.OtherTeam, d.OutsideOrganization));
    }

    [Fact]
    public void Tie_quality_averages_strength_and_give_back_and_shares_personal_ties_and_benefits()
    {
        var ties = Analyse().Person("a")!.Ties!;
        Assert.Equal(3, ties.Contacts);
        Assert.Equal(1.0 / 3, ties.PersonalShare!.Value, 12);
        Assert.Equal((4 + 2 + 1) / 3.0, ties.MeanStrength!.Value, 12);
        Assert.Equal((3 + 1 + 0) / 3.0, ties.MeanGiveBack!.Value, 12);
        Assert.Null(ties.MeanEnergy);
        Assert.Equal(2.0 / 3, ties.BenefitShares![Benefit.Solutions], 12);
        Assert.Equal(1.0 / 3, ties.BenefitShares[Benefit.Validation], 12);
        Assert.Equal(1.0 / 3, ties.BenefitShares[Benefit.PointersToWhoKnows], 12);
        Assert.Equal(0, ties.BenefitShares[Benefit.Legitimation]);
    }

    [Fact]
    public void Questions_the_cycle_did_not_ask_give_null_measures()
    {
        var ties = Analyse(new CycleOptions { AskPersonal = false, AskGiveBack = false, AskBenefits = false }).Person("a")!.Ties!;
        Assert.Null(ties.PersonalShare);
        Assert.Null(ties.MeanGiveBack);
        Assert.Null(ties.BenefitShares);
        Assert.NotNull(ties.MeanStrength);
    }

    [Fact]
    public void Non_respondents_have_no_ego_measures_but_keep_the_ties_others_report()
    {
        var result = Analyse();
        var c = result.Person("c")!;
        Assert.Equal((false, 0, 0), (c.Responded!.Value, c.OutDegree, c.InDegree));
        Assert.Null(c.NetworkSize);
        Assert.Null(c.Boundaries);
        Assert.Null(c.Ties);
        Assert.Null(c.Constraint);

        var d = result.Person("d")!;
        Assert.Equal((1, 2, 1), (d.OutDegree, d.InDegree, d.ReciprocatedTies));
        Assert.Equal(["c", "e"], result.Network.Isolates);
        Assert.Equal(4.0 / 20, result.Network.Density);
    }

    [Fact]
    public void Team_density_and_E_I_come_from_the_roster_teams()
    {
        var teams = Analyse().GroupsBy(OrgAttributes.Team)!;
        var platform = teams.Group("t1")!;
        Assert.Equal(3, platform.Members);
        Assert.Equal(1.0 / 6, platform.Density);
        Assert.Equal(new EiCount(2, 1), platform.Sent);
        Assert.Equal(1.0 / 3, platform.Sent.Index!.Value, 12);
        Assert.Equal(new EiCount(3, 1), platform.Incident);
        var sales = teams.Group("t2")!;
        Assert.Equal((0.0, 1.0), (sales.Density!.Value, sales.Sent.Index!.Value));
        Assert.Equal(new EiCount(3, 1), teams.WholeNetwork);
    }

    [Fact]
    public void Levels_are_categories_in_numeric_order_for_diversity()
    {
        var network = NetworkGraphBuilder.FromSurvey(Roster, Submissions);
        Assert.Equal(["1", "2", "3"], network.Attribute(OrgAttributes.Level)!.Categories);
        var a = NetworkAnalysis.Compute(network).Person("a")!;
        // a named b (Engineering) and d (Sales): two functions, half each.
        Assert.Equal(0.5, a.Diversity[OrgAttributes.Function].Blau);
        Assert.Equal(1.0, a.Diversity[OrgAttributes.Function].BlauNormalized);
        Assert.Equal(new EiCount(1, 1), a.Diversity[OrgAttributes.Function].EI);
    }

    [Fact]
    public void Betweenness_over_the_time_budget_is_reported_as_an_estimate_with_its_sample_size_and_error_bound()
    {
        var ids = Enumerable.Range(0, 60).Select(i => $"p{i}").ToArray();
        var network = NetworkGraphBuilder.FromArcs(ids, ids.Select((id, i) => (id, ids[(i + 1) % 60])).Concat(ids.Select((id, i) => (id, ids[(i * 7) % 60]))));
        // Exact: 60 sources × (60 + m ≤ 180) steps × 4 ns / 2 cores, between 1.4e-5 and 2.2e-5 s.
        var options = new AnalysisOptions { Betweenness = new BetweennessOptions { BudgetSeconds = 1e-5, CpuNanosecondsPerStep = 4, Pivots = 20, Seed = 3 } };
        var sampled = NetworkAnalysis.Compute(network, options).Network;
        Assert.Equal((false, 20, 3), (sampled.BetweennessIsExact, sampled.BetweennessSampleSize, sampled.BetweennessSeed));
        Assert.Equal(BetweennessPlan.ErrorBoundFor(60, 20), sampled.BetweennessErrorBound);

        var exact = NetworkAnalysis.Compute(network, options with { Betweenness = options.Betweenness with { BudgetSeconds = 1e-4 } }).Network;
        Assert.Equal((true, 60, (int?)null, (double?)null), (exact.BetweennessIsExact, exact.BetweennessSampleSize, exact.BetweennessSeed, exact.BetweennessErrorBound));
    }

    [Fact]
    public void Arcs_naming_an_unknown_node_are_refused_when_building_from_plain_arcs()
    {
        var error = Assert.Throws<ArgumentException>(() => NetworkGraphBuilder.FromArcs(["x", "y"], [("x", "z")]));
        Assert.Contains("'z'", error.Message);
    }
}
