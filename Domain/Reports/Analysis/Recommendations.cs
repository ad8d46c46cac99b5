using SurveyNetwork.Domain.Reports.Model;

namespace SurveyNetwork.Domain.Reports.Analysis;

/// <summary>
/// Rule-based recommendations tied to the article's three tactics (connect across boundaries,
/// deepen ties, rebalance give and take) and two structural fixes (relieve a bottleneck, draw in a
/// peripheral member). Each carries the numbers that triggered it. Rules:
/// <list type="bullet">
/// <item>Boundary gap: a share of contacts across a boundary at most 75 % of the organization's and at
/// least 5 points below it (the two largest gaps, by relative shortfall).</item>
/// <item>Inward-looking team: E-I over the nominations it made ≤ −0.5 (more than three in four stay inside).</item>
/// <item>Deepen ties: personal share at most 75 % of the organization's and 5 points below it, or under 15 %.</item>
/// <item>Rebalance give and take: mutual nominations at most 75 % of the organization's and 5 points below,
/// or mean give-back under 1 ("rarely").</item>
/// <item>Bottleneck: anyone holding the <see cref="Role.Overloaded"/> role; peripheral: anyone
/// <see cref="Role.Peripheral"/> or <see cref="Role.Isolate"/>. In anonymized reports these name no
/// one: the report gives counts and a team-level action, and each person learns of their own flag
/// privately in their profile.</item>
/// </list>
/// Each recommendation says what was found in plain language, leads with its number (the first
/// evidence) and gives one concrete action.
/// </summary>
internal static class Recommendations
{
    public const double Shortfall = 0.75;
    public const double MinGap = 0.05;
    public const double InwardEi = -0.5;
    public const double LowGiveBack = 1.0;
    public const double LowPersonalShare = 0.15;

    private static readonly Measure[] Boundaries =
        [Measure.OtherFunction, Measure.LevelUp, Measure.LevelDown, Measure.OtherLocation, Measure.OutsideOrganization, Measure.OtherTeam];

    public static IReadOnlyList<Recommendation> ForTeam(ReportAnalysis a, int team, MeasureSet teamAverages, TeamStructure structure, IReadOnlyList<TeamConnection> leastConnected)
    {
        var data = a.Data;
        var org = a.Current.OrganizationAverages;
        var result = new List<Recommendation>();
        var gaps = BoundaryGaps(teamAverages, org, "your team's",
            canGoUp: data.Members[team].Any(i => data.People[i].Level < a.TopLevel),
            canGoDown: data.Members[team].Any(i => data.People[i].Level > a.BottomLevel));
        foreach (var (measure, evidence) in gaps)
        {
            result.Add(ConnectAcross(measure, evidence, leastConnected));
        }

        if (structure.EiSent.Index is { } ei && ei <= InwardEi && !gaps.Any(x => x.Measure == Measure.OtherTeam))
        {
            var target = leastConnected.Count > 0 ? leastConnected[0] : null;
            result.Add(new Recommendation(
                Tactic.ConnectAcrossBoundaries,
                "Look beyond the team",
                $"Of the {structure.EiSent.External + structure.EiSent.Internal} colleagues members name, {structure.EiSent.Internal} are in the team itself.",
                [new Evidence("E-I index of the team's nominations", Format.Signed(ei, 2), $"≤ {Format.Signed(InwardEi, 1)}", "inward-looking when more than three in four nominations stay inside the team")])
            {
                Action = target is null ? "Pair members with people in neighbouring teams on a shared problem." : $"Start with a team you rarely work with, such as {target.TeamName}: a shared problem or a joint review builds ties that last.",
            });
        }

        AddRelationshipRules(result, teamAverages, org, "Members", "your team's");

        var named = data.Cycle.NamedReports;
        var overloaded = data.Members[team].Where(i => a.Roles[i].Contains(Role.Overloaded)).OrderByDescending(i => a.Current.Values[i][Measure.InDegree]).ThenBy(i => a.Labels[i], StringComparer.Ordinal).ToArray();
        if (overloaded.Length > 0 && !named)
        {
            result.Add(new Recommendation(
                Tactic.RelieveBottleneck,
                overloaded.Length == 1 ? "One member carries too many requests" : $"{overloaded.Length} members carry too many requests",
                $"{Count(overloaded.Length, "member is", "members are")} sought out far more than colleagues, so work may wait on them. Each is told privately in their own profile, with ways to share the load.",
                [new Evidence("Members sought out far more than colleagues", Format.Integer(overloaded.Length), $"team median named by {Format.Number(a.TeamMedianInDegree[team], 1)}", RuleText(Role.Overloaded, a.Thresholds))])
            {
                Action = "Route routine questions to shared documentation, a rota or a deputy, and introduce people who ask to others who know.",
            });
        }
        else if (overloaded.Length > 0)
        {
            var median = a.TeamMedianInDegree[team];
            result.Add(new Recommendation(
                Tactic.RelieveBottleneck,
                overloaded.Length == 1 ? $"Relieve a bottleneck: {a.Labels[overloaded[0]]}" : $"Relieve {overloaded.Length} bottlenecks",
                $"{Join(overloaded.Select(i => a.Labels[i]))} {(overloaded.Length == 1 ? "is" : "are")} sought out far more than colleagues, so work may wait on one person.",
                overloaded.Select(i => new Evidence($"{a.Labels[i]}: named by", Format.Number(a.Current.Values[i][Measure.InDegree], 0), $"team median {Format.Number(median, 1)}", RuleText(Role.Overloaded, a.Thresholds))).ToArray())
            {
                Action = "Route routine questions elsewhere (documentation, a rota, a deputy) and introduce the people who ask to others who know.",
            });
        }

        var peripheral = data.Members[team].Where(i => a.Roles[i].Contains(Role.Peripheral) || a.Roles[i].Contains(Role.Isolate)).OrderBy(i => a.Labels[i], StringComparer.Ordinal).ToArray();
        if (peripheral.Length > 0 && !named)
        {
            result.Add(new Recommendation(
                Tactic.DrawInPeripheral,
                peripheral.Length == 1 ? "One member is on the edge of the network" : $"{peripheral.Length} members are on the edge of the network",
                $"{Count(peripheral.Length, "member has", "members have")} at most one tie in each direction, so they hear late and their knowledge goes unused. Each is told privately in their own profile.",
                [new Evidence("Peripheral or isolated members", Format.Integer(peripheral.Length), $"of {Format.Integer(data.Members[team].Length)}", RuleText(Role.Peripheral, a.Thresholds))])
            {
                Action = "Give every member a visible part in shared work, and pair newer members with two or three well-connected colleagues.",
            });
        }
        else if (peripheral.Length > 0)
        {
            var silent = peripheral.Count(i => data.Effective[i] is null);
            result.Add(new Recommendation(
                Tactic.DrawInPeripheral,
                peripheral.Length == 1 ? $"Draw in {a.Labels[peripheral[0]]}" : $"Draw in {peripheral.Length} peripheral members",
                $"{Join(peripheral.Select(i => a.Labels[i]))} {(peripheral.Length == 1 ? "has" : "have")} at most one tie in each direction."
                    + (silent > 0 ? $" {silent} of them did not answer the survey, so their own ties are missing from the picture." : ""),
                peripheral.Select(i => new Evidence($"{a.Labels[i]}: named by / names", $"{Format.Number(a.Current.Values[i][Measure.InDegree], 0)} / {(data.Effective[i] is null ? "did not answer" : Format.Number(a.Current.Values[i][Measure.OutDegree], 0))}", $"≤ {a.Thresholds.PeripheralMaxDegree} each", RuleText(Role.Peripheral, a.Thresholds))).ToArray())
            {
                Action = "Give them a visible part in shared work and introduce them to two or three well-connected colleagues.",
            });
        }

        return result;
    }

    public static IReadOnlyList<Recommendation> ForOrganization(ReportAnalysis a)
    {
        var data = a.Data;
        var result = new List<Recommendation>();
        var org = a.Current.OrganizationAverages;
        if (org is null)
        {
            return result;
        }

        var inward = Enumerable.Range(0, data.TeamIds.Length)
            .Where(t => a.TeamStructures[t] is { EiSent.Index: { } ei } && ei <= InwardEi)
            .OrderBy(t => a.TeamStructures[t]!.EiSent.Index).ThenBy(t => data.Teams[t].Name, StringComparer.Ordinal)
            .ToArray();
        if (inward.Length > 0)
        {
            result.Add(new Recommendation(
                Tactic.ConnectAcrossBoundaries,
                inward.Length == 1 ? "One team looks inward" : $"{inward.Length} teams look inward",
                $"{Join(inward.Take(5).Select(t => data.Teams[t].Name))}{(inward.Length > 5 ? " and others" : "")} {(inward.Length == 1 ? "keeps" : "keep")} most of {(inward.Length == 1 ? "its" : "their")} nominations inside the team.",
                inward.Take(5).Select(t => new Evidence($"{data.Teams[t].Name}: E-I of nominations made", Format.Signed(a.TeamStructures[t]!.EiSent.Index, 2), $"≤ {Format.Signed(InwardEi, 1)}", "inward-looking when more than three in four nominations stay inside the team")).ToArray())
            {
                Action = "Connect them to the rest of the organization through cross-team reviews, rotations and shared problems.",
            });
        }

        AddAbsoluteRules(result, org);

        var population = Enumerable.Range(0, data.People.Length).Where(i => data.Published[data.TeamOf[i]]).ToArray();
        var overloaded = population.Where(i => a.Roles[i].Contains(Role.Overloaded)).OrderByDescending(i => a.Current.Values[i][Measure.InDegree]).ThenBy(i => a.WideLabels[i], StringComparer.Ordinal).ToArray();
        if (overloaded.Length > 0 && !data.Cycle.NamedReports)
        {
            result.Add(new Recommendation(
                Tactic.RelieveBottleneck,
                $"{Count(overloaded.Length, "person carries", "people carry")} too many requests",
                $"{Count(overloaded.Length, "person is", "people are")} sought out far more than colleagues, so work may queue behind them. Each is told privately in their own profile.",
                [new Evidence("People sought out far more than colleagues", Format.Integer(overloaded.Length), $"top 5%: named by {Format.Number(a.Thresholds.OverloadedOrgTopInDegree, 0)} or more", RuleText(Role.Overloaded, a.Thresholds))])
            {
                Action = "Ask team leaders to spread knowledge through documentation, deputies and office hours.",
            });
        }
        else if (overloaded.Length > 0)
        {
            result.Add(new Recommendation(
                Tactic.RelieveBottleneck,
                $"Relieve {overloaded.Length} likely bottleneck{(overloaded.Length == 1 ? "" : "s")}",
                $"{Join(overloaded.Take(3).Select(i => a.WideLabels[i]))}{(overloaded.Length > 3 ? " and others" : "")} are sought out far more than colleagues, so work may queue behind them.",
                overloaded.Take(5).Select(i => new Evidence($"{a.WideLabels[i]}: named by", Format.Number(a.Current.Values[i][Measure.InDegree], 0), $"top 5% from {Format.Number(a.Thresholds.OverloadedOrgTopInDegree, 0)}", RuleText(Role.Overloaded, a.Thresholds))).ToArray())
            {
                Action = "Spread their knowledge through documentation, deputies and office hours.",
            });
        }

        var peripheral = population.Count(i => a.Roles[i].Contains(Role.Peripheral) || a.Roles[i].Contains(Role.Isolate));
        if (peripheral > 0 && population.Length > 0)
        {
            result.Add(new Recommendation(
                Tactic.DrawInPeripheral,
                $"Draw in {peripheral} peripheral {(peripheral == 1 ? "person" : "people")}",
                $"{Format.Percent((double)peripheral / population.Length)} of people in reported teams have at most one tie in each direction, so they hear late and their knowledge goes unused.",
                [new Evidence("Peripheral or isolated people", Format.Integer(peripheral), $"of {Format.Integer(population.Length)}", RuleText(Role.Peripheral, a.Thresholds))])
            {
                Action = "Give newcomers onboarding buddies and everyone a visible role in shared work.",
            });
        }

        return result;
    }

    /// <param name="org">The organization's averages the profile shows (the last published ones).</param>
    public static IReadOnlyList<Recommendation> ForPerson(ReportAnalysis a, int person, MeasureSet own, IReadOnlyList<Role> roles, MeasureSet? org)
    {
        var result = new List<Recommendation>();
        var level = a.Data.People[person].Level;
        foreach (var (measure, evidence) in BoundaryGaps(own, org, "your", canGoUp: level < a.TopLevel, canGoDown: level > a.BottomLevel))
        {
            result.Add(ConnectAcross(measure, evidence, []));
        }

        AddRelationshipRules(result, own, org, "You", "your");
        if (roles.Contains(Role.Overloaded))
        {
            result.Add(new Recommendation(
                Tactic.RelieveBottleneck,
                "You may be a bottleneck",
                $"{Format.Number(own[Measure.InDegree], 0)} colleagues depend on you for information or advice, far more than most.",
                [new Evidence("Colleagues who named you", Format.Number(own[Measure.InDegree], 0), $"from {a.Thresholds.OverloadedMinInDegree}", RuleText(Role.Overloaded, a.Thresholds))])
            {
                Action = "Point some of them to others who know, and share what you know in writing, so you have time for the work only you can do.",
            });
        }

        if (roles.Contains(Role.Peripheral) || roles.Contains(Role.Isolate))
        {
            result.Add(new Recommendation(
                Tactic.DrawInPeripheral,
                "Widen your circle",
                "Few colleagues name you and you name few.",
                [new Evidence("Named by / names", $"{Format.Number(own[Measure.InDegree], 0)} / {Format.Number(own[Measure.OutDegree], 0)}", $"≤ {a.Thresholds.PeripheralMaxDegree} each", RuleText(Role.Peripheral, a.Thresholds))])
            {
                Action = "Ask a well-connected colleague to introduce you to two or three people whose work touches yours.",
            });
        }

        return result;
    }

    /// <param name="canGoUp">Whether anyone is more senior (nobody can connect upward from the top).</param>
    private static List<(Measure Measure, Evidence Evidence)> BoundaryGaps(MeasureSet values, MeasureSet? org, string whose, bool canGoUp, bool canGoDown)
    {
        var gaps = new List<(Measure Measure, double Shortfall, Evidence Evidence)>();
        if (org is null)
        {
            return [];
        }

        foreach (var b in Boundaries)
        {
            if ((b == Measure.LevelUp && !canGoUp) || (b == Measure.LevelDown && !canGoDown))
            {
                continue;
            }

            if (values[b] is { } v && org[b] is { } o && o >= MinGap && v <= Shortfall * o && o - v >= MinGap)
            {
                var label = MeasureCatalog.Of(b).Label.ToLowerInvariant();
                gaps.Add((b, (o - v) / o, new Evidence($"Share of {whose} contacts: {label}", Format.Percent(v), $"organization {Format.Percent(o)}", "at most 75% of the organization's and 5 points below it")));
            }
        }

        return gaps.OrderByDescending(x => x.Shortfall).ThenBy(x => x.Measure).Take(2).Select(x => (x.Measure, x.Evidence)).ToList();
    }

    private static Recommendation ConnectAcross(Measure boundary, Evidence evidence, IReadOnlyList<TeamConnection> leastConnected)
    {
        var (title, text) = boundary switch
        {
            Measure.OtherFunction => ("Connect across functions", "High performers draw on other disciplines. Invite someone from another function into a design review or planning session, and return the favour."),
            Measure.LevelUp => ("Connect upward", "Ties to more senior colleagues bring context and sponsorship. Ask a senior colleague for a regular short exchange about what is coming."),
            Measure.LevelDown => ("Connect with more junior colleagues", "Junior colleagues often see problems first. Make room to hear from them directly, beyond reporting lines."),
            Measure.OtherLocation => ("Connect across sites", "Physical distance quietly cuts ties. Pair with a colleague at another site on something concrete, and meet when travel allows."),
            Measure.OutsideOrganization => ("Connect outside the organization", "Customers, suppliers and professional communities bring what the organization does not know. Keep one or two outside relationships alive on purpose."),
            _ => ("Connect with other teams", leastConnected is [var t, ..]
                ? $"Ties to other teams carry ideas and resources across the organization. A shared problem with a team you rarely work with, such as {t.TeamName}, is a good start."
                : "Ties to other teams carry ideas and resources across the organization. Take on a shared problem with a team you rarely work with."),
        };
        var cut = text.IndexOf(". ", StringComparison.Ordinal);
        return new Recommendation(Tactic.ConnectAcrossBoundaries, title, text[..(cut + 1)], [evidence]) { Action = text[(cut + 2)..] };
    }

    private static void AddRelationshipRules(List<Recommendation> result, MeasureSet values, MeasureSet? org, string subject, string whose)
    {
        if (values[Measure.PersonalShare] is { } personal)
        {
            var o = org?[Measure.PersonalShare];
            var belowOrg = o is { } ov && personal <= Shortfall * ov && ov - personal >= MinGap;
            if (belowOrg || personal < LowPersonalShare)
            {
                result.Add(new Recommendation(
                    Tactic.DeepenTies,
                    "Deepen ties",
                    $"{subject} describe {Format.Percent(personal)} of {(subject == "You" ? "your" : "their")} contacts as personal as well as professional; high performers build relationships beyond the transaction.",
                    [new Evidence($"Personal share of {whose} contacts", Format.Percent(personal), o is { } r ? $"organization {Format.Percent(r)}" : null, $"at most 75% of the organization's and 5 points below it, or under {Format.Percent(LowPersonalShare)}")])
                {
                    Action = "Find common ground — background, interests — with the people you rely on most.",
                });
            }
        }

        var evidence = new List<Evidence>();
        if (values[Measure.ReciprocatedShare] is { } mutual && org?[Measure.ReciprocatedShare] is { } om && mutual <= Shortfall * om && om - mutual >= MinGap)
        {
            evidence.Add(new Evidence("Mutual nominations", Format.Percent(mutual), $"organization {Format.Percent(om)}", "at most 75% of the organization's and 5 points below it"));
        }

        if (values[Measure.GiveBack] is { } give && give < LowGiveBack)
        {
            evidence.Add(new Evidence("Mean give-back (0 never … 3 often)", Format.Number(give, 1), org?[Measure.GiveBack] is { } og ? $"organization {Format.Number(og, 1)}" : null, $"under {Format.Number(LowGiveBack, 0)} (\"rarely\")"));
        }

        if (evidence.Count > 0)
        {
            result.Add(new Recommendation(
                Tactic.RebalanceGiveAndTake,
                "Rebalance give and take",
                "Networks last when help flows both ways.",
                evidence)
            {
                Action = $"{(subject == "You" ? "Offer" : "Encourage members to offer")} help, introductions and feedback to the people {(subject == "You" ? "you" : "they")} rely on, before {(subject == "You" ? "you" : "they")} need something.",
            });
        }
    }

    private static void AddAbsoluteRules(List<Recommendation> result, MeasureSet org)
    {
        if (org[Measure.PersonalShare] is { } personal && personal < LowPersonalShare)
        {
            result.Add(new Recommendation(
                Tactic.DeepenTies,
                "Deepen ties",
                $"People describe {Format.Percent(personal)} of their contacts as personal as well as professional.",
                [new Evidence("Personal share of contacts", Format.Percent(personal), null, $"under {Format.Percent(LowPersonalShare)}")])
            {
                Action = "Make time for informal exchange (shared meals, communities of interest) so relationships go beyond the transaction.",
            });
        }

        if (org[Measure.GiveBack] is { } give && give < LowGiveBack)
        {
            result.Add(new Recommendation(
                Tactic.RebalanceGiveAndTake,
                "Rebalance give and take",
                $"On average, people say their contacts come to them for help less than \"rarely\" ({Format.Number(give, 1)} on a 0–3 scale).",
                [new Evidence("Mean give-back (0 never … 3 often)", Format.Number(give, 1), null, $"under {Format.Number(LowGiveBack, 0)} (\"rarely\")")])
            {
                Action = "Recognize helping others in reviews so that help flows both ways.",
            });
        }
    }

    internal static string RuleText(Role role, RoleThresholds t) => t.Describe().First(r => r.Role == role).Rule;

    private static string Count(int n, string one, string many) => n == 1 ? "One " + one : $"{Format.Integer(n)} {many}";

    private static string Join(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count switch
        {
            0 => "",
            1 => list[0],
            _ => string.Join(", ", list.Take(list.Count - 1)) + " and " + list[^1],
        };
    }
}
