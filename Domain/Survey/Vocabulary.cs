namespace SurveyNetwork.Domain.Survey;

/// <summary>
/// The answers the survey accepts for each contact, in one place: the choices with their names,
/// labels and numeric scales (frequency 1–4 is tie strength, give-back 0–3, energy 1–5). The
/// validator, the CSV import, the JSON converters, the reports and the survey page (through
/// <c>GET survey</c>) all read them from here; the wording of the questions is in <see cref="Questions"/>.
/// </summary>
public static class Vocabulary
{
    public static ChoiceSet<Frequency> Frequency { get; } = new(
        "frequency",
        (Survey.Frequency.LessThanMonthly, "Less than monthly", null),
        (Survey.Frequency.Monthly, "Monthly", null),
        (Survey.Frequency.Weekly, "Weekly", null),
        (Survey.Frequency.Daily, "Daily", null));

    public static ChoiceSet<Benefit> Benefits { get; } = new(
        "benefits",
        (Benefit.Solutions, "Solutions", "answers to problems"),
        (Benefit.PointersToWhoKnows, "Pointers to who knows", "who to ask or where to look"),
        (Benefit.ProblemReformulation, "Problem reformulation", "a new way of seeing the problem"),
        (Benefit.Validation, "Validation", "confirmation that a plan or solution is sound"),
        (Benefit.Legitimation, "Legitimation", "backing that makes your work credible to others"));

    public static ChoiceSet<GiveBack> GiveBack { get; } = new(
        "giveBack",
        (Survey.GiveBack.Never, "Never", null),
        (Survey.GiveBack.Rarely, "Rarely", null),
        (Survey.GiveBack.Sometimes, "Sometimes", null),
        (Survey.GiveBack.Often, "Often", null));

    public static ChoiceSet<OutsideKind> OutsideKind { get; } = new(
        "outsideKind",
        (Survey.OutsideKind.Customer, "Customer", null),
        (Survey.OutsideKind.SupplierOrPartner, "Supplier or partner", null),
        (Survey.OutsideKind.FormerColleague, "Former colleague", null),
        (Survey.OutsideKind.ProfessionalCommunity, "Professional community", null),
        (Survey.OutsideKind.Other, "Other", null));

    /// <summary>"Is this relationship personal as well as professional?": a JSON boolean.</summary>
    public static IReadOnlyList<Choice> Personal { get; } = [new("true", "Yes", 1), new("false", "No", 0)];

    public const int EnergyMin = 1;
    public const int EnergyMax = 5;

    /// <summary>Ratings from this one up count as energizing ties (4–5).</summary>
    public const int EnergizingFrom = 4;

    /// <summary>Ratings up to this one count as de-energizing ties (1–2).</summary>
    public const int DeEnergizingTo = 2;

    /// <summary>The energy rating, a JSON number from <see cref="EnergyMin"/> to <see cref="EnergyMax"/>; its ends and middle are named.</summary>
    public static IReadOnlyList<Choice> Energy { get; } = Enumerable.Range(EnergyMin, EnergyMax - EnergyMin + 1)
        .Select(e => new Choice(e.ToString(System.Globalization.CultureInfo.InvariantCulture), e switch
        {
            EnergyMin => $"{e} – De-energizing",
            (EnergyMin + EnergyMax) / 2 => $"{e} – Neutral",
            EnergyMax => $"{e} – Energizing",
            _ => e.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, e))
        .ToArray();

    /// <summary>Each question's choices by the answer member they fill, in the order a respondent sees the questions.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<Choice>> ByField { get; } = new Dictionary<string, IReadOnlyList<Choice>>
    {
        [Frequency.Field] = Frequency.Choices,
        [Benefits.Field] = Benefits.Choices,
        ["personal"] = Personal,
        [GiveBack.Field] = GiveBack.Choices,
        ["energy"] = Energy,
        [OutsideKind.Field] = OutsideKind.Choices,
    };

    /// <summary>The choices answered with a value of <typeparamref name="TEnum"/>.</summary>
    public static ChoiceSet<TEnum> For<TEnum>()
        where TEnum : struct, Enum =>
        Frequency as ChoiceSet<TEnum> ?? Benefits as ChoiceSet<TEnum> ?? GiveBack as ChoiceSet<TEnum> ?? OutsideKind as ChoiceSet<TEnum>
        ?? throw new ArgumentException($"{typeof(TEnum).Name} is not a choice of the survey.", nameof(TEnum));

    /// <summary>Longest short label of an outside contact, in characters after normalization.</summary>
    public const int OutsideLabelMaxLength = 80;
}
