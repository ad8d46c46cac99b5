namespace SurveyNetwork.Domain.Survey;

/// <summary>
/// One person on an organization's roster. Boundary attributes (team, function, level, location)
/// always come from here, never from a respondent.
/// </summary>
/// <param name="Id">Stable id chosen by the organization (e.g. an employee number).</param>
/// <param name="Name">Display name shown in the survey picker.</param>
/// <param name="TeamId">Id of the person's team on the same roster.</param>
/// <param name="Function">Discipline, e.g. "Engineering".</param>
/// <param name="Level">Ordinal hierarchy level; larger is more senior.</param>
/// <param name="Location">Site or office.</param>
/// <param name="ManagerId">Id of the person's manager on the same roster, if any.</param>
/// <param name="Active">Inactive people stay on the roster for history but are not surveyed or nodes.</param>
/// <param name="Performance">Admin-only rating; used only in group aggregates, never shown per person.</param>
/// <param name="Email">Where invitations and reminders go; used only for sending, never in a report or export.</param>
public sealed record Person(
    string Id,
    string Name,
    string TeamId,
    string Function,
    int Level,
    string Location,
    string? ManagerId = null,
    bool Active = true,
    double? Performance = null,
    string? Email = null);

/// <summary>A team (the unit a report is written for).</summary>
/// <param name="WebhookUrl">Optional HTTPS endpoint notified when a new report is published.</param>
public sealed record Team(
    string Id,
    string Name,
    string? ParentUnit = null,
    IReadOnlyList<string>? ReportRecipients = null,
    string? WebhookUrl = null);

/// <summary>The whole roster of one organization, replaced as a unit.</summary>
public sealed record Roster(
    string OrgId,
    IReadOnlyList<Team> Teams,
    IReadOnlyList<Person> People,
    DateTimeOffset UpdatedAt)
{
    private Dictionary<string, Person>? _byId;

    /// <summary>People by id (built once, on first use).</summary>
    public IReadOnlyDictionary<string, Person> PeopleById =>
        _byId ??= People.ToDictionary(p => p.Id, StringComparer.Ordinal);

    public IEnumerable<Person> ActivePeople => People.Where(p => p.Active);
}
