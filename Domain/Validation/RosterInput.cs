using System.ComponentModel.DataAnnotations;
using SurveyNetwork.Domain.Survey;

namespace SurveyNetwork.Domain.Validation;

/// <summary>A roster as an admin sends it (JSON body or CSV rows), before validation.</summary>
public sealed record RosterInput
{
    [MaxLength(MaxTeams)]
    public IReadOnlyList<TeamInput> Teams { get; init; } = [];

    [MaxLength(MaxPeople)]
    public IReadOnlyList<PersonInput> People { get; init; } = [];

    /// <summary>Most people one roster may hold.</summary>
    public const int MaxPeople = 100_000;

    public const int MaxTeams = 20_000;

    /// <summary>
    /// This roster or, when its team list is empty or left out, this roster with one team per
    /// distinct teamId of its people, named by the id, as a CSV roster gets them. A roster that lists
    /// teams keeps them, so a teamId missing from the list is still reported; an explicit null too.
    /// </summary>
    public RosterInput WithTeamsFromPeople() =>
        Teams is not { Count: 0 } || People is null
            ? this
            : this with
            {
                Teams = People.Select(p => p?.TeamId).OfType<string>().Distinct(StringComparer.Ordinal)
                    .Select(id => new TeamInput { Id = id, Name = id }).ToArray(),
            };

    /// <summary>Builds the domain roster; call only after validation passed.</summary>
    public Roster ToRoster(string orgId, DateTimeOffset now) => new(
        orgId,
        Teams.Select(t => new Team(t.Id!, Text.Normalize(t.Name)!, Text.Normalize(t.ParentUnit),
            t.ReportRecipients?.Select(r => Text.Normalize(r)!).ToArray(), t.WebhookUrl)).ToArray(),
        People.Select(p => new Person(p.Id!, Text.Normalize(p.Name)!, p.TeamId!, Text.Normalize(p.Function)!,
            p.Level!.Value, Text.Normalize(p.Location)!, string.IsNullOrEmpty(p.ManagerId) ? null : p.ManagerId,
            p.Active ?? true, p.Performance, EmailAddress.Normalize(p.Email))).ToArray(),
        now);
}

public sealed record TeamInput
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public string? ParentUnit { get; init; }
    public IReadOnlyList<string>? ReportRecipients { get; init; }
    public string? WebhookUrl { get; init; }
}

public sealed record PersonInput
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public string? TeamId { get; init; }
    public string? Function { get; init; }
    public int? Level { get; init; }
    public string? Location { get; init; }
    public string? ManagerId { get; init; }
    public bool? Active { get; init; }
    public double? Performance { get; init; }
    public string? Email { get; init; }
}
