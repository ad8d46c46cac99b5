using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using FluentValidation;
using SurveyNetwork.Domain.Survey;

namespace SurveyNetwork.Domain.Validation;

/// <summary>A cycle as an admin creates it.</summary>
public sealed record CycleInput
{
    /// <summary>The anonymity threshold of a cycle that names none, and the range one may name.</summary>
    public const int DefaultAnonymityThreshold = 5;

    public const int MinAnonymityThreshold = 3;

    public const int MaxAnonymityThreshold = 100;

    public const int MaxTitleLength = 200;

    public string? Id { get; init; }
    [MaxLength(MaxTitleLength)]
    public string? Title { get; init; }
    public DateTimeOffset? OpensAt { get; init; }
    public DateTimeOffset? ClosesAt { get; init; }
    public CycleOptions? Options { get; init; }

    [DefaultValue(DefaultAnonymityThreshold)]
    [Range(MinAnonymityThreshold, MaxAnonymityThreshold)]
    public int? AnonymityThreshold { get; init; }

    /// <summary>Whether team reports show names; off unless the cycle opts in.</summary>
    [DefaultValue(false)]
    public bool? NamedReports { get; init; }
    public string? PreviousCycleId { get; init; }

    public Cycle ToCycle(string orgId, DateTimeOffset now) => new()
    {
        OrgId = orgId,
        Id = Id!,
        Title = Text.Normalize(Title)!,
        OpensAt = OpensAt ?? now,
        ClosesAt = ClosesAt!.Value,
        Options = Options ?? new CycleOptions(),
        AnonymityThreshold = AnonymityThreshold ?? DefaultAnonymityThreshold,
        NamedReports = NamedReports ?? false,
        PreviousCycleId = PreviousCycleId,
        CreatedAt = now,
    };
}

public sealed class CycleInputValidator : AbstractValidator<CycleInput>
{
    /// <summary>
    /// Dates a cycle may carry. Far from the ends of the calendar, so the times derived from them
    /// (a link's expiry 90 days after the close, report windows) can never overflow.
    /// </summary>
    public static readonly DateTimeOffset EarliestDate = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly DateTimeOffset LatestDate = new(2200, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static bool BeInRange(DateTimeOffset? date) => date is null || (date >= EarliestDate && date < LatestDate);

    private static string RangeMessage(string field) => $"{field} must be from the year {EarliestDate.Year} to {LatestDate.Year - 1}.";

    public CycleInputValidator()
    {
        RuleFor(c => c.Id).Must(Text.IsValidId).WithMessage("Cycle id " + Text.IdRule + ".");
        RuleFor(c => Text.Normalize(c.Title)).NotEmpty().WithMessage("Title is required.")
            .Must(t => TextLength.Within(t, CycleInput.MaxTitleLength)).WithMessage(TextLength.Message("Title", CycleInput.MaxTitleLength)).OverridePropertyName("Title");
        RuleFor(c => c.ClosesAt).NotNull().WithMessage("closesAt is required.");
        RuleFor(c => c.OpensAt).Must(BeInRange).WithMessage(RangeMessage("opensAt"));
        RuleFor(c => c.ClosesAt).Must(BeInRange).When(c => c.ClosesAt is not null).WithMessage(RangeMessage("closesAt"));
        RuleFor(c => c.ClosesAt).Must((c, close) => close > (c.OpensAt ?? DateTimeOffset.MinValue))
            .When(c => c.ClosesAt is not null && c.OpensAt is not null)
            .WithMessage("closesAt must be after opensAt.");
        RuleFor(c => c.AnonymityThreshold).InclusiveBetween(CycleInput.MinAnonymityThreshold, CycleInput.MaxAnonymityThreshold)
            .WithMessage($"Anonymity threshold must be from {CycleInput.MinAnonymityThreshold} to {CycleInput.MaxAnonymityThreshold}.");
        RuleFor(c => c.Options!.MaxContacts).InclusiveBetween(1, CycleOptions.MaxContactsLimit)
            .When(c => c.Options is not null)
            .WithMessage($"maxContacts must be from 1 to {CycleOptions.MaxContactsLimit}.");
        RuleFor(c => c.Options!.MaxImportContacts).InclusiveBetween(1, CycleOptions.MaxImportContactsLimit)
            .When(c => c.Options is not null)
            .WithMessage($"maxImportContacts must be from 1 to {CycleOptions.MaxImportContactsLimit}.");
        RuleFor(c => c.Options!.ReminderDays).Must(d => d is not null && d.Count <= 10 && d.All(x => x is >= 1 and <= 90) && d.Distinct().Count() == d.Count)
            .When(c => c.Options is not null)
            .WithMessage("reminderDays must list at most 10 different whole numbers of days from 1 to 90.");
        RuleFor(c => c.Options!.MaxReminders).InclusiveBetween(0, 10)
            .When(c => c.Options is not null)
            .WithMessage("maxReminders must be from 0 to 10.");
        RuleFor(c => c.PreviousCycleId).Must(Text.IsValidId).When(c => c.PreviousCycleId is not null)
            .WithMessage("Previous cycle id " + Text.IdRule + ".");
    }
}
