using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SurveyNetwork.Domain.Survey;
using SurveyNetwork.Functions.App;
using SurveyNetwork.Functions.Security;

namespace SurveyNetwork.Functions.Http;

/// <summary>
/// Stores a respondent's answer (one write). Resubmitting replaces the earlier answer until the
/// cycle closes. 401 bad token, 409 cycle not open, 400 invalid answer naming the field.
/// </summary>
public sealed class SubmitSurvey(SurveyIntake intake)
{
    public sealed record Receipt(string CycleId, string RespondentId, int Contacts, DateTimeOffset SubmittedAt, long Version);

    [Function(nameof(SubmitSurvey))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "survey/response")] HttpRequest request,
        CancellationToken ct)
    {
        var me = await intake.OpenAsync(InvitationTokens.TokenOf(request), ct);
        if (!me.Succeeded)
        {
            return Problems.For(me.Refusal);
        }

        var (answer, problem) = await RequestReader.ReadJsonAsync<SurveyAnswer>(request, RequestReader.SmallBodyLimit, ct);
        if (problem is not null)
        {
            return problem;
        }

        var stored = await intake.SubmitAsync(me.Value, answer!, ct);
        return stored.Succeeded
            ? ApiResult.Json(new Receipt(stored.Value.CycleId, stored.Value.RespondentId, stored.Value.Contacts.Count, stored.Value.SubmittedAt, stored.Value.Version))
            : Problems.For(stored.Refusal);
    }
}
