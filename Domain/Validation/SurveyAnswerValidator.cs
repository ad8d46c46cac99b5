using FluentValidation;
using SurveyNetwork.Domain.Survey;

namespace SurveyNetwork.Domain.Validation;

/// <summary>What an answer is checked against: the cycle's questions, the roster and who answers.</summary>
/// <param name="Imported">An admin import, held to the cycle's import cap instead of the survey's.</param>
public sealed record SurveyContext(Cycle Cycle, Roster Roster, string RespondentId, bool Imported = false)
{
    public const string Key = "survey";

    /// <summary>A validation context carrying this survey context.</summary>
    public ValidationContext<SurveyAnswer> For(SurveyAnswer answer)
    {
        var context = new ValidationContext<SurveyAnswer>(answer);
        context.RootContextData[Key] = this;
        return context;
    }
}

/// <summary>
/// Validates one respondent's answer against the cycle and roster: contact count within the
/// cycle's maximum, roster contacts that exist and are active in this organization, no
/// self-nomination, no duplicates, answers in range and present when the cycle asks them.
/// </summary>
public sealed class SurveyAnswerValidator : AbstractValidator<SurveyAnswer>
{
    public SurveyAnswerValidator()
    {
        RuleFor(a => a.Contacts).NotNull().WithMessage("contacts is required.");
        RuleFor(a => a).Custom(Check);
    }

    private static void Check(SurveyAnswer answer, ValidationContext<SurveyAnswer> context)
    {
        if (!context.RootContextData.TryGetValue(SurveyContext.Key, out var value) || value is not SurveyContext survey)
        {
            throw new InvalidOperationException("SurveyAnswerValidator needs a SurveyContext (use SurveyContext.For).");
        }

        if (answer.Contacts is null)
        {
            return;
        }

        var options = survey.Cycle.Options;
        var limit = survey.Imported ? Math.Max(options.MaxContacts, options.MaxImportContacts) : options.MaxContacts;
        if (answer.Contacts.Count > limit)
        {
            context.AddFailure("contacts", $"At most {limit} contacts may be named; {answer.Contacts.Count} were sent.");
        }

        var named = new HashSet<string>(StringComparer.Ordinal);

        for (var i = 0; i < answer.Contacts.Count; i++)
        {
            var c = answer.Contacts[i];
            if (c is null)
            {
                context.AddFailure(At(i), "A contact must be an object.");
                continue;
            }

            if (c.PersonId is not null && c.OutsideKind is not null)
            {
                context.AddFailure(At(i), "A contact is either a roster person (personId) or an outside contact (outsideKind), not both.");
            }
            else if (c.PersonId is not null)
            {
                if (c.OutsideLabel is not null)
                {
                    context.AddFailure($"{At(i)}.outsideLabel", "outsideLabel is only for outside contacts.");
                }

                if (c.PersonId == survey.RespondentId)
                {
                    context.AddFailure($"{At(i)}.personId", "You cannot name yourself.");
                }
                else if (!survey.Roster.PeopleById.TryGetValue(c.PersonId, out var person))
                {
                    context.AddFailure($"{At(i)}.personId", $"'{Clip(c.PersonId)}' is not on this organization's roster.");
                }
                else if (!person.Active)
                {
                    context.AddFailure($"{At(i)}.personId", $"'{Clip(c.PersonId)}' is no longer active on the roster.");
                }
                else if (named.Contains(c.PersonId))
                {
                    context.AddFailure($"{At(i)}.personId", $"'{Clip(c.PersonId)}' is named more than once.");
                }
            }
            else if (c.OutsideKind is not null)
            {
                if (!options.AllowOutsideContacts)
                {
                    context.AddFailure($"{At(i)}.outsideKind", "This cycle does not ask for contacts outside the organization.");
                }
                else if (!Vocabulary.OutsideKind.IsDefined(c.OutsideKind.Value))
                {
                    context.AddFailure($"{At(i)}.outsideKind", $"outsideKind must be {Vocabulary.OutsideKind.NameList()}.");
                }

                var label = Text.Normalize(c.OutsideLabel);
                if (!TextLength.Within(label, Vocabulary.OutsideLabelMaxLength))
                {
                    context.AddFailure($"{At(i)}.outsideLabel", TextLength.Message("outsideLabel", Vocabulary.OutsideLabelMaxLength));
                }
            }
            else
            {
                context.AddFailure($"{At(i)}.personId", "Name a roster person (personId) or an outside contact (outsideKind).");
            }

            if (c is { OutsideKind: null, PersonId: { } id })
            {
                // A later contact with this id repeats it, whatever made this one valid or not (that depends on the id alone).
                named.Add(id);
            }

            if (!Vocabulary.Frequency.IsDefined(c.Frequency))
            {
                context.AddFailure($"{At(i)}.frequency", $"frequency is required: {Vocabulary.Frequency.NameList()}.");
            }

            if (options.AskGiveBack && c.GiveBack is null)
            {
                context.AddFailure($"{At(i)}.giveBack", $"giveBack is required: {Vocabulary.GiveBack.NameList()}.");
            }
            else if (c.GiveBack is { } g && !Vocabulary.GiveBack.IsDefined(g))
            {
                context.AddFailure($"{At(i)}.giveBack", $"giveBack must be {Vocabulary.GiveBack.NameList()}.");
            }

            if (options.AskPersonal && c.Personal is null)
            {
                context.AddFailure($"{At(i)}.personal", "personal is required (true or false).");
            }

            if (c.Benefits is null)
            {
                context.AddFailure($"{At(i)}.benefits", "benefits must be a list (it may be empty).");
            }
            else
            {
                if (!options.AskBenefits && c.Benefits.Count > 0)
                {
                    context.AddFailure($"{At(i)}.benefits", "This cycle does not ask what you get from a contact.");
                }

                switch (CheckBenefits(c.Benefits))
                {
                    case BenefitsCheck.Unknown:
                        context.AddFailure($"{At(i)}.benefits", $"benefits may hold {Vocabulary.Benefits.NameList(", ")}.");
                        break;
                    case BenefitsCheck.Repeated:
                        context.AddFailure($"{At(i)}.benefits", "Each benefit may be chosen once.");
                        break;
                }
            }

            if (c.Energy is { } e)
            {
                if (!options.AskEnergy)
                {
                    context.AddFailure($"{At(i)}.energy", "This cycle does not ask for an energy rating.");
                }
                else if (e is < Vocabulary.EnergyMin or > Vocabulary.EnergyMax)
                {
                    context.AddFailure($"{At(i)}.energy", $"energy must be a whole number from {Vocabulary.EnergyMin} to {Vocabulary.EnergyMax}.");
                }
            }
        }
    }

    private enum BenefitsCheck
    {
        Ok,
        Unknown,
        Repeated,
    }

    /// <summary>Unknown values first, then repeats (a bit per benefit: no allocation).</summary>
    private static BenefitsCheck CheckBenefits(IReadOnlyList<Benefit> benefits)
    {
        var seen = 0;
        var repeated = false;
        for (var b = 0; b < benefits.Count; b++)
        {
            var value = benefits[b];
            if (!Vocabulary.Benefits.IsDefined(value))
            {
                return BenefitsCheck.Unknown;
            }

            var bit = 1 << (int)value;
            repeated |= (seen & bit) != 0;
            seen |= bit;
        }

        return repeated ? BenefitsCheck.Repeated : BenefitsCheck.Ok;
    }

    /// <summary>The key of contact <paramref name="i"/>, built only when a failure names it.</summary>
    private static string At(int i) => $"contacts[{i}]";

    private static string Clip(string s) => s.Length <= 64 ? s : s[..64] + "…";

    /// <summary>The answer as it is stored: labels normalized, outside labels trimmed to their limit.</summary>
    public static IReadOnlyList<ContactAnswer> Normalize(SurveyAnswer answer)
    {
        var contacts = new ContactAnswer[answer.Contacts.Count];
        for (var i = 0; i < contacts.Length; i++)
        {
            var c = answer.Contacts[i];
            var label = Text.Normalize(c.OutsideLabel) is { Length: > 0 } l ? l : null;
            var benefits = IsStrictlyAscending(c.Benefits) ? c.Benefits : c.Benefits.Distinct().Order().ToArray();
            // A contact already in stored form (the usual case) is kept as it is.
            contacts[i] = ReferenceEquals(label, c.OutsideLabel) && ReferenceEquals(benefits, c.Benefits)
                ? c
                : c with { OutsideLabel = label, Benefits = benefits };
        }

        return contacts;
    }

    /// <summary>Already distinct and in order (as the survey page sends them): nothing to sort.</summary>
    private static bool IsStrictlyAscending(IReadOnlyList<Benefit> benefits)
    {
        for (var i = 1; i < benefits.Count; i++)
        {
            if (benefits[i] <= benefits[i - 1])
            {
                return false;
            }
        }

        return true;
    }
}
