using SurveyNetwork.Domain.Survey;

namespace SurveyNetwork.Domain.Reports.Model;

/// <summary>
/// The measures as the personal profile page shows them, sent with every profile so the page keeps no
/// copy of the catalog: labels, kinds and scales come from <see cref="MeasureCatalog"/>; the groups and
/// the help are written to the person reading their own profile.
/// </summary>
/// <param name="Lens">The answer-based measures, in the groups the page shows them in.</param>
/// <param name="Structure">The structural measures, shown in one table.</param>
public sealed record ProfileCatalog(IReadOnlyList<ProfileMeasureGroup> Lens, IReadOnlyList<ProfileMeasure> Structure)
{
    /// <summary>The survey's choices with their labels, by answer member, for the contacts table (from <see cref="Vocabulary"/>).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Choice>> Choices { get; init; } = Vocabulary.ByField;

    public static ProfileCatalog Default { get; } = new(
        [
            Group("Size", "How many people you go to for information and help.",
                (Measure.NetworkSize, "Colleagues named plus contacts outside the organization")),
            Group("Across boundaries", "Share of your contacts on the other side of each boundary. High performers reach across teams, functions, levels, sites and beyond the organization.",
                (Measure.OtherTeam, "Share of contacts in another team"),
                (Measure.OtherFunction, "Share of contacts in another function"),
                (Measure.LevelUp, "Share of contacts at a more senior level"),
                (Measure.LevelDown, "Share of contacts at a more junior level"),
                (Measure.OtherLocation, "Share of contacts at another site"),
                (Measure.OutsideOrganization, "Share of contacts outside the organization")),
            Group("Diversity", "0 when all your contacts are alike, 1 when they are spread evenly (normalized Blau index).",
                (Measure.Diversity, "Mean over team, function, level and location"),
                (Measure.DiversityTeam, "Spread of the teams of the colleagues you named"),
                (Measure.DiversityFunction, "Spread of their functions"),
                (Measure.DiversityLevel, "Spread of their levels"),
                (Measure.DiversityLocation, "Spread of their locations")),
            Group("Relationships", "How deep and how mutual your ties are.",
                (Measure.PersonalShare, "Share of contacts you marked personal"),
                (Measure.TieStrength, "Mean frequency: 1 less than monthly, 2 monthly, 3 weekly, 4 daily"),
                (Measure.ReciprocatedShare, "Share of the colleagues you named who also named you"),
                (Measure.GiveBack, "How often your contacts come to you for help: 0 never … 3 often")),
            Group("Energy", "How you feel after interactions, among the contacts you rated (Cross, Baker & Parker 2003). Energizing relationships draw people in; de-energizing ones are worth a closer look.",
                (Measure.Energizing, "Share of rated contacts you found energizing (4–5)"),
                (Measure.DeEnergizing, "Share of rated contacts you found de-energizing (1–2)")),
            Group("What your contacts give you", "Share of your contacts who provide each benefit.",
                (Measure.BenefitSolutions, "Answers to problems"),
                (Measure.BenefitPointers, "Who to ask or where to look"),
                (Measure.BenefitReformulation, "A new way of seeing the problem"),
                (Measure.BenefitValidation, "Confirmation that a plan is sound"),
                (Measure.BenefitLegitimation, "Backing that makes your work credible")),
        ],
        [
            ProfileMeasure.Of(Measure.InDegree, "Colleagues who named you"),
            ProfileMeasure.Of(Measure.OutDegree, "Colleagues you named"),
            ProfileMeasure.Of(Measure.Betweenness, "Share of shortest paths between others that pass through you (Brandes 2001, normalized)"),
            ProfileMeasure.Of(Measure.Constraint, "Burt’s constraint: high when your contacts are tied to each other (0 … 1+)"),
            ProfileMeasure.Of(Measure.EffectiveSize, "Burt’s effective size: your non-redundant contacts"),
        ]);

    private static ProfileMeasureGroup Group(string title, string lead, params (Measure Measure, string Help)[] measures) =>
        new(title, lead, measures.Select(m => ProfileMeasure.Of(m.Measure, m.Help)).ToArray());
}

/// <summary>A group of lens measures on the profile page, with the sentence that introduces it.</summary>
public sealed record ProfileMeasureGroup(string Title, string Lead, IReadOnlyList<ProfileMeasure> Measures);

/// <summary>One measure as the profile page shows it.</summary>
/// <param name="Measure">Also the measure's property name in the profile's value sets.</param>
/// <param name="ScaleMax">The top of the bar's scale; null when the bar scales to the values shown.</param>
/// <param name="WholeForPerson">True when a person's value is printed without decimals (averages always have one).</param>
public sealed record ProfileMeasure(Measure Measure, string Label, string Help, MeasureKind Kind, double? ScaleMax, bool WholeForPerson)
{
    public static ProfileMeasure Of(Measure measure, string help)
    {
        var entry = MeasureCatalog.Of(measure);
        return new(measure, entry.Label, help, entry.Kind, entry.ScaleMax, entry.WholeForPerson);
    }
}
