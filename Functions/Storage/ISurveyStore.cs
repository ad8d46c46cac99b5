using SurveyNetwork.Domain.Survey;

namespace SurveyNetwork.Functions.Storage;

/// <summary>
/// Durable state of the survey: rosters, cycles and submissions. Two implementations with the same
/// semantics — Cosmos DB (production) and SQLite (embedded default) — checked by one contract suite.
/// </summary>
public interface ISurveyStore
{
    /// <summary>Creates containers/tables when configured to; idempotent.</summary>
    Task InitializeAsync(CancellationToken ct = default);

    /// <summary>
    /// Replaces the organization's whole roster atomically: readers see the old roster or the new
    /// one, never a mix. Registers the organization.
    /// </summary>
    Task ReplaceRosterAsync(Roster roster, CancellationToken ct = default);

    /// <summary>The current roster, or null when none was loaded.</summary>
    Task<Roster?> GetRosterAsync(string orgId, CancellationToken ct = default);

    /// <summary>Ids of every organization that has a roster (for the report job).</summary>
    Task<IReadOnlyList<string>> ListOrganizationsAsync(CancellationToken ct = default);

    /// <summary>Creates a cycle; throws <see cref="StoreConflictException"/> when the id exists.</summary>
    Task<Cycle> CreateCycleAsync(Cycle cycle, CancellationToken ct = default);

    /// <summary>The cycle with its <see cref="Cycle.ETag"/>, or null.</summary>
    Task<Cycle?> GetCycleAsync(string orgId, string cycleId, CancellationToken ct = default);

    Task<IReadOnlyList<Cycle>> ListCyclesAsync(string orgId, CancellationToken ct = default);

    /// <summary>
    /// Replaces a cycle if its stored ETag still equals <see cref="Cycle.ETag"/>; throws
    /// <see cref="StoreConcurrencyException"/> otherwise. Returns the cycle with its new ETag.
    /// </summary>
    Task<Cycle> ReplaceCycleAsync(Cycle cycle, CancellationToken ct = default);

    /// <summary>Stores a respondent's answer, replacing an earlier one: exactly one write.</summary>
    Task UpsertSubmissionAsync(Submission submission, CancellationToken ct = default);

    Task<Submission?> GetSubmissionAsync(string orgId, string cycleId, string respondentId, CancellationToken ct = default);

    /// <summary>Every submission of one cycle (one single-partition query in Cosmos DB).</summary>
    Task<IReadOnlyList<Submission>> ListSubmissionsAsync(string orgId, string cycleId, CancellationToken ct = default);

    /// <summary>Removes one respondent's submission; true when there was one.</summary>
    Task<bool> DeleteSubmissionAsync(string orgId, string cycleId, string respondentId, CancellationToken ct = default);

    /// <summary>
    /// Replaces the respondent's stored answer only while it is still the one that was read, i.e.
    /// its <see cref="Submission.Version"/> equals <paramref name="expectedVersion"/>; false when it
    /// was replaced or removed meanwhile, and then nothing is written. For rewriting a stored answer
    /// (erasure) without ever undoing a newer one.
    /// </summary>
    Task<bool> TryReplaceSubmissionAsync(Submission submission, long expectedVersion, CancellationToken ct = default);

    /// <summary>
    /// Makes what was deleted or overwritten so far unrecoverable from the store's own files: the
    /// SQLite store zeroes freed space as it goes and here empties its write-ahead log, which
    /// still holds earlier page images. Nothing to do for Cosmos DB, whose storage is the service's.
    /// </summary>
    Task PurgeDeletedAsync(CancellationToken ct = default);
}
