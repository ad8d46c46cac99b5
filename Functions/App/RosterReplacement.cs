using FluentValidation;
using Microsoft.Extensions.Logging;
using SurveyNetwork.Domain.Survey;
using SurveyNetwork.Domain.Validation;
using SurveyNetwork.Functions.Storage;

namespace SurveyNetwork.Functions.App;

/// <summary>
/// Replaces an organization's roster as a whole: validated as a whole, then swapped atomically.
/// Nothing is written when any person is invalid; the new roster is seen at once by this instance.
/// </summary>
public sealed partial class RosterReplacement(ISurveyStore store, RosterCycleCache cache, IValidator<RosterInput> validator, TimeProvider time, ILogger<RosterReplacement> logger)
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Roster of {OrgId} replaced: {People} people in {Teams} teams")]
    private static partial void LogReplaced(ILogger logger, string orgId, int people, int teams);

    /// <summary>The stored roster, or every invalid field, each key passed through <paramref name="errorKey"/> (to name a CSV row, say).</summary>
    /// <param name="dryRun">Validate only: the roster that would be stored is returned and nothing is written.</param>
    public async Task<Outcome<Roster>> ReplaceAsync(string orgId, RosterInput input, Func<string, string>? errorKey, CancellationToken ct, bool dryRun = false)
    {
        var result = await validator.ValidateAsync(input, ct);
        if (!result.IsValid)
        {
            return new Refusal.Invalid(ValidationErrors.Of(result, errorKey));
        }

        var roster = input.ToRoster(orgId, time.GetUtcNow());
        if (dryRun)
        {
            return roster;
        }

        await store.ReplaceRosterAsync(roster, ct);
        cache.Forget(orgId);
        LogReplaced(logger, orgId, roster.People.Count, roster.Teams.Count);
        return roster;
    }
}
