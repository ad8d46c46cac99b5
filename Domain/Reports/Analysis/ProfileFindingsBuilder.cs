using SurveyNetwork.Domain.Reports.Model;
using SurveyNetwork.Domain.Survey;

namespace SurveyNetwork.Domain.Reports.Analysis;

/// <summary>
/// A person's own network in plain language: the counts of their ties (<see cref="ProfileTies"/>), three
/// findings phrased as the three tactics of Cross, Davenport &amp; Cantrell (2003), "The social side of
/// performance" (span boundaries, make ties personal, give back), and the flags only they see.
/// </summary>
internal static class ProfileFindingsBuilder
{
    /// <summary>Counts over <paramref name="contacts"/>, the same list the profile's table shows.</summary>
    /// <param name="mutual">Colleagues named who also named the person; null when not known.</param>
    /// <param name="inDegree">Colleagues who named the person; null when not known.</param>
    public static ProfileTies Ties(IReadOnlyList<ProfileContact> contacts, int? mutual, int? inDegree)
    {
        var colleagues = contacts.Count(c => !c.Outside);
        return new ProfileTies(
            contacts.Count,
            colleagues,
            contacts.Count(c => c.Outside || c.OtherTeam),
            contacts.Count(c => !c.Outside && c.OtherTeam),
            contacts.Count(c => !c.Outside && IsOtherLevel(c)),
            contacts.Count(c => !c.Outside && c.OtherFunction),
            contacts.Count(c => !c.Outside && c.OtherLocation),
            contacts.Count(c => c.Outside),
            contacts.Count(c => c.Outside || IsOtherLevel(c) || c.OtherFunction || c.OtherLocation),
            contacts.Count(c => c.Personal == true),
            contacts.Count(c => c.Personal is not null),
            contacts.Count(c => c.GiveBack is GiveBack.Sometimes or GiveBack.Often),
            contacts.Count(c => c.GiveBack is not null),
            mutual,
            mutual is { } m && inDegree is { } d ? Math.Max(0, d - m) : null);
    }

    private static bool IsOtherLevel(ProfileContact c) => ProfileTies.IsOtherLevel(c);

    private static string OfYour(int count, int of, string noun) => ProfileTies.OfYour(count, of, noun);

    /// <summary>The three findings, one per tactic; empty when the person named no one.</summary>
    public static IReadOnlyList<ProfileFinding> Findings(ProfileTies t, MeasureSet own, MeasureSet? org, bool withStructure)
    {
        if (t.Contacts == 0)
        {
            return [];
        }

        return [Boundaries(t, own, org, withStructure), Personal(t, own, org), Reciprocity(t, own, org)];
    }

    private static ProfileFinding Boundaries(ProfileTies t, MeasureSet own, MeasureSet? org, bool withStructure)
    {
        var missing = new List<string>();
        if (t.OtherLevel == 0) missing.Add("another level");
        if (t.OtherFunction == 0) missing.Add("another function");
        if (t.OtherLocation == 0) missing.Add("another location");
        if (t.OutsideOrganization == 0) missing.Add("outside the organization");
        var spread = $"{Format.Integer(t.OtherLevel)} at another level, {Format.Integer(t.OtherFunction)} in another function, "
            + $"{Format.Integer(t.OtherLocation)} at another location, {Format.Integer(t.OutsideOrganization)} outside the organization.";
        var text = missing.Count == 0
            ? "Your network reaches across all four boundaries the article names. " + spread
            : $"No one you named is {Join(missing)}. " + spread;
        var action = missing.Count == 0
            ? "Keep these bridges alive: pass on to your team what you learn across them."
            : missing[0] switch
            {
                "another level" => "Ask someone a level above or below you for a short regular exchange about what is coming.",
                "another function" => "Invite someone from another function into a design review or planning session, and return the favour.",
                "another location" => "Pair with a colleague at another site on something concrete.",
                _ => "Keep one relationship outside the organization alive on purpose: a customer, a supplier or a professional community.",
            };
        var technical = new List<TechnicalMeasure>
        {
            new("Share of contacts outside your team", Format.Percent(t.Contacts == 0 ? 0 : (double)t.OutsideTeam / t.Contacts), "Contacts in another team or outside the organization, over everyone you named."),
            new("Diversity (normalized Blau index)", Format.Number(own[Measure.Diversity], 2), "0 when everyone you named is alike in team, function, level and location; 1 when evenly spread."),
        };
        if (withStructure)
        {
            technical.Add(new("Burt's constraint", Format.Number(own[Measure.Constraint], 2), "High when the people you go to all know each other; low when you bridge separate groups."));
            technical.Add(new("Burt's effective size", Format.Number(own[Measure.EffectiveSize], 1), "Your contacts who are not redundant with each other."));
            technical.Add(new("Betweenness (Brandes)", Format.Centrality(own[Measure.Betweenness]), "The share of shortest paths between others that pass through you."));
        }

        var reference = org?.OutsideTeamShare is { } o ? $" The organization's average is {Format.Percent(o)}." : "";
        return new ProfileFinding(
            Tactic.ConnectAcrossBoundaries,
            "Span boundaries",
            OfYour(t.AcrossAny, t.Contacts, "contact") + " cross at least one boundary: level, function, location or the organization's edge.",
            text + $" {OfYour(t.OutsideTeam, t.Contacts, "contact")} are outside your team.{reference}",
            action,
            technical);
    }

    private static ProfileFinding Personal(ProfileTies t, MeasureSet own, MeasureSet? org)
    {
        var share = t.PersonalAnswered == 0 ? 0 : (double)t.Personal / t.PersonalAnswered;
        var low = share < Recommendations.LowPersonalShare || (org?[Measure.PersonalShare] is { } o && share < o);
        return new ProfileFinding(
            Tactic.DeepenTies,
            "Make ties personal",
            t.PersonalAnswered == 0
                ? "You did not say whether any of your ties is personal."
                : OfYour(t.Personal, t.PersonalAnswered, "contact") + " are personal as well as professional.",
            "High performers build relationships that go beyond the task: people help those they know and trust first."
                + (org?[Measure.PersonalShare] is { } avg ? $" The organization's average is {Format.Percent(avg)}." : ""),
            low
                ? "Pick one or two of the people you rely on most and find common ground beyond the work: a coffee, a shared interest."
                : "Keep investing in these relationships; they are what carries you when something urgent comes up.",
            [
                new("Personal share", Format.Percent(own[Measure.PersonalShare]), "Share of contacts you marked personal as well as professional."),
                new("Tie strength (mean frequency)", Format.Number(own[Measure.TieStrength], 1), "1 less than monthly, 2 monthly, 3 weekly, 4 daily."),
            ]);
    }

    private static ProfileFinding Reciprocity(ProfileTies t, MeasureSet own, MeasureSet? org)
    {
        var figure = t.GiveBackAnswered == 0
            ? "You did not say how often your contacts come to you."
            : OfYour(t.GivesBack, t.GiveBackAnswered, "contact") + " come to you for help sometimes or often, by your own account.";
        var text = "Networks last when help flows both ways.";
        if (t.Mutual is { } m && t.Colleagues > 0)
        {
            text += $" {Format.Integer(m)} of the {Format.Integer(t.Colleagues)} {(t.Colleagues == 1 ? "colleague" : "colleagues")} you named ({Format.Percent((double)m / t.Colleagues)}) named you too.";
        }

        if (t.NamedYouOnly is { } only && only > 0)
        {
            text += $" {Format.Integer(only)} {(only == 1 ? "colleague" : "colleagues")} you did not name named you.";
        }

        var share = t.GiveBackAnswered == 0 ? 0 : (double)t.GivesBack / t.GiveBackAnswered;
        var technical = new List<TechnicalMeasure>
        {
            new("Mean give-back", Format.Number(own[Measure.GiveBack], 1), "How often your contacts come to you for help: 0 never, 1 rarely, 2 sometimes, 3 often."),
        };
        if (own[Measure.ReciprocatedShare] is { } r)
        {
            technical.Add(new("Reciprocity (mutual nominations)", Format.Percent(r), "Share of colleagues you named who also named you."));
        }

        if (own[Measure.InDegree] is { } d)
        {
            technical.Add(new("In-degree", Format.Number(d, 0), "Colleagues who named you."));
        }

        return new ProfileFinding(
            Tactic.RebalanceGiveAndTake,
            "Give back",
            figure,
            text + (org?[Measure.GiveBack] is { } og ? $" On the 0–3 give-back scale your average is {Format.Number(own[Measure.GiveBack], 1)}, the organization's {Format.Number(og, 1)}." : ""),
            share < 0.5
                ? "Before you next ask one of them for something, offer something first: an introduction, feedback, a useful link."
                : "Keep offering help before you need it; make sure quieter colleagues know they can come to you too.",
            technical);
    }

    /// <summary>The flags about this person that only they see: a likely bottleneck, peripheral, isolated.</summary>
    public static IReadOnlyList<ProfileFlag> Flags(IReadOnlyList<Role> roles, MeasureSet own, bool responded, RoleThresholds thresholds)
    {
        var flags = new List<ProfileFlag>();
        var inDegree = (int)Math.Round(own[Measure.InDegree] ?? 0);
        if (roles.Contains(Role.Overloaded))
        {
            flags.Add(new ProfileFlag(
                Role.Overloaded,
                "Many colleagues depend on you",
                $"{Format.Integer(inDegree)} colleagues depend on you for information or advice, far more than most.",
                "That makes you valuable, and it also means work may wait on you, and what you know is at risk when you are away.",
                [
                    "Point routine questions to a colleague who knows the answer, and introduce them to each other.",
                    "Write down what people ask you most, so they can find it without you.",
                    "Keep time for the work only you can do.",
                ],
                Recommendations.RuleText(Role.Overloaded, thresholds)));
        }

        if (roles.Contains(Role.Isolate))
        {
            flags.Add(new ProfileFlag(
                Role.Isolate,
                "No ties this cycle",
                responded ? "No colleague named you, and you named no colleague." : "No colleague named you, and you have not answered yet.",
                "What you know is hard for others to find, and you hear late about what others know.",
                responded
                    ? ["Ask a well-connected colleague to introduce you to two or three people whose work touches yours."]
                    : ["Answer the survey: naming the people you go to puts you on the map.", "Ask a well-connected colleague to introduce you to two or three people whose work touches yours."],
                Recommendations.RuleText(Role.Isolate, thresholds)));
        }
        else if (roles.Contains(Role.Peripheral))
        {
            var outDegree = (int)Math.Round(own[Measure.OutDegree] ?? 0);
            flags.Add(new ProfileFlag(
                Role.Peripheral,
                "On the edge of the network",
                responded
                    ? $"{Format.Integer(inDegree)} {(inDegree == 1 ? "colleague" : "colleagues")} named you and you named {Format.Integer(outDegree)}."
                    : $"{Format.Integer(inDegree)} {(inDegree == 1 ? "colleague" : "colleagues")} named you; you have not answered yet.",
                "With so few ties, news reaches you late and your knowledge goes unused.",
                ["Ask a well-connected colleague to introduce you to two or three people whose work touches yours.", "Offer to help on a shared piece of work with another team."],
                Recommendations.RuleText(Role.Peripheral, thresholds)));
        }

        return flags;
    }

    private static string Join(List<string> items) => items.Count switch
    {
        1 => items[0],
        2 => items[0] + " or " + items[1],
        _ => string.Join(", ", items.Take(items.Count - 1)) + " or " + items[^1],
    };
}
