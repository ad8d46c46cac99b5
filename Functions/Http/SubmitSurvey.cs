using FluentValidation;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using SurveyNetwork.Domain.Survey;
using SurveyNetwork.Domain.Validation;
using SurveyNetwork.Functions.App;
using SurveyNetwork.Functions.Security;

namespace SurveyNetwork.Functions.Http;

/// <summary>
/// Stores a respondent's answer (one write). Resubmitting replaces the earlier answer until the
/// cycle closes. 401 bad token, 409 cycle not open, 400 invalid answer naming the field.
/// </summary>
public sealed partial class SubmitSurvey(SurveyReads reads, InvitationTokens tokens, IValidator<SurveyAnswer> validator, TimeProvider time, ILogger<SubmitSurvey> logger)
{
    public sealed record Receipt(string CycleId, string RespondentId, int Contacts, DateTimeOffset SubmittedAt, long Version);

    // Generated: nothing is formatted or boxed when the level is off.
    [LoggerMessage(Level = LogLevel.Information, Message = "Answer stored for cycle {CycleId}: {Contacts} contacts")]
    private static partial void LogStored(ILogger logger, string cycleId, int contacts);

    [Function(nameof(SubmitSurvey))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "survey/response")] HttpRequest request,
        CancellationToken ct)
    {
        var (me, problem) = await Respondent.ResolveAsync(request, tokens, reads, ct);
        if (problem is not null)
        {
            return problem;
        }

        var (claims, cycle, roster, person) = me!;
        var now = time.GetUtcNow();
        if (!cycle.IsOpenAt(now))
        {
            return cycle.StatusAt(now) == CycleStatus.Scheduled
                ? Problems.Conflict("The survey is not open yet.", $"It opens at {cycle.OpensAt:u}.")
                : Problems.Conflict("The survey is closed.", "Answers can no longer be changed.");
        }

        var (answer, parseProblem) = await RequestReader.ReadJsonAsync<SurveyAnswer>(request, RequestReader.SmallBodyLimit, ct);
        if (parseProblem is not null)
        {
            return parseProblem;
        }

        // The answer's rules are all synchronous: validating synchronously spares the async machinery on the hot path.
        var result = validator.Validate(new SurveyContext(cycle, roster, person.Id).For(answer!));
        if (!result.IsValid)
        {
            return Problems.Validation(result);
        }

        var submission = new Submission
        {
            OrgId = claims.OrgId,
            CycleId = claims.CycleId,
            RespondentId = person.Id,
            Contacts = SurveyAnswerValidator.Normalize(answer!),
            SubmittedAt = now,
            Version = Submission.VersionAt(now),
            Source = "survey",
        };
        await reads.Store.UpsertSubmissionAsync(submission, ct);
        LogStored(logger, claims.CycleId, submission.Contacts.Count);
        return ApiResult.Json(new Receipt(claims.CycleId, person.Id, submission.Contacts.Count, now, submission.Version));
    }
}
