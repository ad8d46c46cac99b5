using SurveyNetwork.Domain.Survey;
using SurveyNetwork.Functions.Security;

namespace SurveyNetwork.Functions.App;

/// <summary>
/// The respondent behind a request: a valid token for an existing cycle and an active roster
/// person, as resolved at <paramref name="At"/> (the instant every rule of the request is judged by).
/// </summary>
public sealed record Respondent(InvitationClaims Claims, Cycle Cycle, Roster Roster, Person Person, DateTimeOffset At);
