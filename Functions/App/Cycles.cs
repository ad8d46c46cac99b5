using FluentValidation;
using SurveyNetwork.Domain.Validation;
using SurveyNetwork.Functions.Storage;

namespace SurveyNetwork.Functions.App;

/// <summary>
/// Survey cycles of an organization: opened only once it has a roster, closed early on request
/// (answers are then read-only), and counted for response rates against the active roster.
/// </summary>
public sealed class Cycles(ISurveyStore store, RosterCycleCache cache, IValidator<CycleInput> validator, TimeProvider time)
{
    /// <summary>Attempts to close a cycle that someone else keeps changing meanwhile.</summary>
    private const int CloseRetries = 5;

    public async Task<Outcome<CycleState>> CreateAsync(string orgId, CycleInput input, CancellationToken ct)
    {
        var result = await validator.ValidateAsync(input, ct);
        if (!result.IsValid)
        {
            return new Refusal.Invalid(ValidationErrors.Of(result));
        }

        var now = time.GetUtcNow();
        if (input.ClosesAt <= now)
        {
            // A cycle that is closed from the start could never collect an answer, whether or not opensAt was given.
            return new Refusal.Field("closesAt", "closesAt must be in the future.");
        }

        if (await cache.RosterAsync(orgId, ct) is not { } roster)
        {
            return new Refusal.Field("orgId", $"Organization '{orgId}' has no roster yet; PUT its roster first.", "Load a roster first.");
        }

        try
        {
            var cycle = await store.CreateCycleAsync(input.ToCycle(orgId, now), ct);
            return new CycleState(cycle, time.GetUtcNow(), Threshold: ThresholdCheck.Of(roster, cycle.AnonymityThreshold));
        }
        catch (StoreConflictException)
        {
            return new Refusal.Field("id", $"Cycle '{input.Id}' already exists.", "The cycle already exists.");
        }
    }

    /// <summary>Closes the cycle now; a cycle already closed is returned as it is.</summary>
    public async Task<Outcome<CycleState>> CloseAsync(string orgId, string cycleId, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var cycle = await store.GetCycleAsync(orgId, cycleId, ct);
            if (cycle is null)
            {
                return NotFound(orgId, cycleId);
            }

            var now = time.GetUtcNow();
            if (cycle.EffectiveClose <= now)
            {
                return new CycleState(cycle, now);
            }

            try
            {
                var closed = await store.ReplaceCycleAsync(cycle with { ClosedAt = now }, ct);
                cache.Forget(orgId, cycleId);
                return new CycleState(closed, now);
            }
            catch (StoreConcurrencyException) when (attempt < CloseRetries)
            {
                // Someone else changed the cycle meanwhile: read it again and retry.
            }
        }
    }

    /// <summary>The cycle with its response rates and threshold warnings (neither while the organization has no roster).</summary>
    public async Task<Outcome<CycleState>> GetAsync(string orgId, string cycleId, CancellationToken ct)
    {
        var cycle = await store.GetCycleAsync(orgId, cycleId, ct);
        if (cycle is null)
        {
            return NotFound(orgId, cycleId);
        }

        var roster = await cache.RosterAsync(orgId, ct);
        var submissions = await store.ListSubmissionsAsync(orgId, cycleId, ct);
        var respondents = submissions.Select(s => s.RespondentId).ToArray();
        var rates = roster is null ? null : ResponseRates.Count(roster, respondents);
        var threshold = roster is null ? null : ThresholdCheck.Of(roster, cycle.AnonymityThreshold, respondents);
        return new CycleState(cycle, time.GetUtcNow(), rates, threshold);
    }

    /// <summary>What anonymity threshold <paramref name="threshold"/> would hold back on the organization's current roster, before a cycle is created.</summary>
    public async Task<Outcome<ThresholdCheck>> CheckThresholdAsync(string orgId, int threshold, CancellationToken ct)
    {
        if (await cache.RosterAsync(orgId, ct) is not { } roster)
        {
            return new Refusal.NotFound($"The roster of organization '{orgId}'");
        }

        return ThresholdCheck.Of(roster, threshold);
    }

    internal static Refusal NotFound(string orgId, string cycleId) => new Refusal.NotFound($"Cycle '{cycleId}' of organization '{orgId}'");
}
