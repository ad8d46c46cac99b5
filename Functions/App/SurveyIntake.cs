using System.Runtime.CompilerServices;
using FluentValidation;
using Microsoft.Extensions.Logging;
using SurveyNetwork.Domain.Survey;
using SurveyNetwork.Domain.Validation;
using SurveyNetwork.Functions.Storage;

namespace SurveyNetwork.Functions.App;

/// <summary>
/// How answers enter the survey, whether a respondent submits one or an admin imports many: only
/// while the cycle is open, validated against the cycle and roster, normalized, and stored as one
/// upsert per respondent (a resubmission or re-import replaces the earlier answer).
/// </summary>
public sealed partial class SurveyIntake(
    RespondentAccess access, ISurveyStore store, RosterCycleCache cache, IValidator<SurveyAnswer> validator, TimeProvider time, ILogger<SurveyIntake> logger)
{
    public const int MaxImportRespondents = 100_000;

    /// <summary>A stored row of an import.</summary>
    public sealed record ImportedRow(int Row, string RespondentId, int Contacts);

    // Generated: nothing is formatted or boxed when the level is off.
    [LoggerMessage(Level = LogLevel.Information, Message = "Answer stored for cycle {CycleId}: {Contacts} contacts")]
    private static partial void LogStored(ILogger logger, string cycleId, int contacts);

    [LoggerMessage(Level = LogLevel.Information, Message = "Imported {Count} responses into cycle {CycleId}")]
    private static partial void LogImported(ILogger logger, int count, string cycleId);

    /// <summary>
    /// The respondent of <paramref name="token"/> when their cycle takes answers now; checked before
    /// the answer is read, so a closed survey says so whatever the body holds.
    /// </summary>
    public ValueTask<Outcome<Respondent>> OpenAsync(ReadOnlySpan<char> token, CancellationToken ct) =>
        WhileOpenAsync(access.ResolveAsync(token, ct));

    /// <summary>Validates, normalizes and stores a respondent's answer: exactly one store write.</summary>
    // Pooled: the hot path allocates no state machine when the write completes later.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<Outcome<Submission>> SubmitAsync(Respondent me, SurveyAnswer answer, CancellationToken ct)
    {
        // The answer's rules are all synchronous: validating synchronously spares the async machinery on the hot path.
        var result = validator.Validate(new SurveyContext(me.Cycle, me.Roster, me.Person.Id).For(answer));
        if (!result.IsValid)
        {
            return new Refusal.Invalid(ValidationErrors.Of(result));
        }

        var submission = Accept(me.Claims.OrgId, me.Claims.CycleId, me.Person.Id, answer, me.At, "survey");
        await store.UpsertSubmissionAsync(submission, ct);
        LogStored(logger, submission.CycleId, submission.Contacts.Count);
        return submission;
    }

    /// <summary>
    /// Imports answers collected elsewhere, all or nothing: when any entry names someone who is not
    /// an active person, names someone twice or holds an invalid answer, nothing is written and every
    /// invalid field is reported. Writes are idempotent upserts, so a retry after a storage failure
    /// half-way converges to the same state.
    /// </summary>
    public async Task<Outcome<ImportedRow[]>> ImportAsync(string orgId, string cycleId, IReadOnlyList<ImportEntry> entries, CancellationToken ct)
    {
        if (entries.Count > MaxImportRespondents)
        {
            return new Refusal.Field("responses", $"At most {MaxImportRespondents:N0} respondents per import.");
        }

        var cycle = await store.GetCycleAsync(orgId, cycleId, ct);
        if (cycle is null)
        {
            return Cycles.NotFound(orgId, cycleId);
        }

        var now = time.GetUtcNow();
        if (!cycle.IsOpenAt(now))
        {
            return new Refusal.Conflict("The cycle is not open.", "Responses can be imported only while the cycle is open.");
        }

        var roster = await cache.RosterAsync(orgId, ct);
        if (roster is null)
        {
            return new Refusal.Conflict("The organization has no roster.");
        }

        var errors = await CheckAsync(cycle, roster, entries, ct);
        if (errors.Count > 0)
        {
            return new Refusal.Invalid(errors, $"Nothing was imported: {errors.Count} field(s) are invalid.");
        }

        var rows = new ImportedRow[entries.Count];
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            var submission = Accept(orgId, cycleId, entry.RespondentId!, entry.Answer, now, "import");
            await store.UpsertSubmissionAsync(submission, ct);
            rows[i] = new ImportedRow(entry.Row, submission.RespondentId, submission.Contacts.Count);
        }

        LogImported(logger, rows.Length, cycleId);
        return rows;
    }

    /// <summary>Every invalid field of an import, keyed where the request shows it.</summary>
    private async Task<Dictionary<string, string[]>> CheckAsync(Cycle cycle, Roster roster, IReadOnlyList<ImportEntry> entries, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (respondentId, _, answer, key) in entries)
        {
            var at = key("");
            if (respondentId is null || !roster.PeopleById.TryGetValue(respondentId, out var person) || !person.Active)
            {
                errors[$"{at}.respondentId"] = [$"'{respondentId}' is not an active person on the roster."];
                continue;
            }

            if (!seen.Add(respondentId))
            {
                errors[$"{at}.respondentId"] = [$"'{respondentId}' appears more than once in this import."];
                continue;
            }

            var result = await validator.ValidateAsync(new SurveyContext(cycle, roster, respondentId, Imported: true).For(answer), ct);
            foreach (var (k, v) in ValidationErrors.Of(result, key))
            {
                errors[k] = v;
            }
        }

        return errors;
    }

    private static async ValueTask<Outcome<Respondent>> WhileOpenAsync(ValueTask<Outcome<Respondent>> resolving)
    {
        var me = await resolving;
        if (!me.Succeeded || me.Value.Cycle.IsOpenAt(me.Value.At))
        {
            return me;
        }

        var cycle = me.Value.Cycle;
        return cycle.StatusAt(me.Value.At) == CycleStatus.Scheduled
            ? new Refusal.Conflict("The survey is not open yet.", $"It opens at {cycle.OpensAt:u}.")
            : new Refusal.Conflict("The survey is closed.", "Answers can no longer be changed.");
    }

    /// <summary>A validated answer as it is stored: normalized, versioned by when it arrived, and tagged with its source.</summary>
    private static Submission Accept(string orgId, string cycleId, string respondentId, SurveyAnswer answer, DateTimeOffset now, string source) => new()
    {
        OrgId = orgId,
        CycleId = cycleId,
        RespondentId = respondentId,
        Contacts = SurveyAnswerValidator.Normalize(answer),
        SubmittedAt = now,
        Version = Submission.VersionAt(now),
        Source = source,
    };
}
