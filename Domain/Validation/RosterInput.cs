using SurveyNetwork.Domain.Survey;

namespace SurveyNetwork.Domain.Validation;

/// <summary>A roster as an admin sends it (JSON body or CSV rows), before validation.</summary>
public sealed record RosterInput
{
    public IReadOnlyList<TeamInput> Teams { get; init; } = [];
    public IReadOnlyList<PersonInput> People { get; init; } = [];

    /// <summary>Most people one roster may hold.</summary>
    public const int MaxPeople = 100_000;

    public const int MaxTeams = 20_000;

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
