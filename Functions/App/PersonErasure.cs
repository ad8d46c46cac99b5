using Microsoft.Extensions.Logging;
using SurveyNetwork.Domain.Survey;
using SurveyNetwork.Functions.Reports;
using SurveyNetwork.Functions.Storage;

namespace SurveyNetwork.Functions.App;

/// <summary>
/// Erasure on request: removes a person from the roster (so their invitation links stop working
/// and no new answer can name them), deletes their answers in every cycle, removes them as a named
/// contact from everyone else's answers, brings every cycle's published reports in line, and has
/// the store purge what was deleted. Idempotent: erasing again finds nothing left to remove (and
/// finishes the reports of a cycle an earlier attempt could not).
/// </summary>
/// <remarks>
/// Answers keep arriving meanwhile. A mention is removed by a conditional write over the version
/// that was read, so an answer stored in between is never undone: it is read again and, if it still
/// names the person, rewritten in turn. An answer checked against the roster just before the
/// person left it can be stored after the first pass; sweeps after a pause catch it.
/// </remarks>
/// <param name="reports">Null where there are no reports to keep in line (rule tests).</param>
public sealed partial class PersonErasure(ISurveyStore store, RosterCycleCache cache, ILogger<PersonErasure> logger, ReportErasure? reports = null)
{
    /// <summary>Sweeps after the first pass, each after <see cref="SweepPause"/>, stopping at the first that finds nothing.</summary>
    private const int MaxSweeps = 3;

    /// <summary>How long an answer checked against the old roster is given to land before a sweep.</summary>
    internal static readonly TimeSpan SweepPause = TimeSpan.FromSeconds(1);

    public sealed record Result(bool RemovedFromRoster, int SubmissionsDeleted, int MentionsRemoved, IReadOnlyList<string> CyclesTouched);

    [LoggerMessage(Level = LogLevel.Information, Message = "Erasure in {OrgId}: roster {Removed}, {Deleted} answers deleted, {Mentions} mentions removed")]
    private static partial void LogErased(ILogger logger, string orgId, bool removed, int deleted, int mentions);

    public async Task<Outcome<Result>> EraseAsync(string orgId, string personId, CancellationToken ct)
    {
        var roster = await store.GetRosterAsync(orgId, ct);
        if (roster is null)
        {
            return new Refusal.NotFound($"Organization '{orgId}'");
        }

        // Roster first: from here on the person's tokens are refused and no new answer can name them.
        var removed = false;
        if (roster.PeopleById.ContainsKey(personId))
        {
            if (roster.People.Count == 1)
            {
                return new Refusal.Conflict("The roster's last person cannot be erased.", "Replace the roster instead.");
            }

            var people = roster.People
                .Where(p => p.Id != personId)
                .Select(p => p.ManagerId == personId ? p with { ManagerId = null } : p)
                .ToArray();
            await store.ReplaceRosterAsync(roster with { People = people }, ct);
            cache.Forget(orgId);
            removed = true;
        }

        var cycles = await store.ListCyclesAsync(orgId, ct);
        var tally = new Tally();
        await EraseFromCyclesAsync(cycles, personId, tally, ct);
        for (var sweep = 0; sweep < MaxSweeps && removed; sweep++)
        {
            await Task.Delay(SweepPause, ct);
            var before = tally.Changes;
            await EraseFromCyclesAsync(cycles, personId, tally, ct);
            if (tally.Changes == before)
            {
                break;
            }
        }

        if (reports is not null)
        {
            var left = await reports.RebuildAsync(cycles, ct);
            if (left.Count > 0)
            {
                throw new StoreUnavailableException(
                    $"The answers are erased, but the reports of cycle(s) {string.Join(", ", left)} could not be rebuilt yet; erase again shortly.");
            }
        }

        await store.PurgeDeletedAsync(ct);
        LogErased(logger, orgId, removed, tally.Deleted, tally.Mentions);
        return new Result(removed, tally.Deleted, tally.Mentions, cycles.Select(c => c.Id).Where(tally.Touched.Contains).ToArray());
    }

    private async Task EraseFromCyclesAsync(IReadOnlyList<Cycle> cycles, string personId, Tally tally, CancellationToken ct)
    {
        foreach (var cycle in cycles)
        {
            foreach (var s in await store.ListSubmissionsAsync(cycle.OrgId, cycle.Id, ct))
            {
                if (s.RespondentId == personId)
                {
                    if (await store.DeleteSubmissionAsync(cycle.OrgId, cycle.Id, personId, ct))
                    {
                        tally.Deleted++;
                        tally.Touched.Add(cycle.Id);
                    }
                }
                else if (await RemoveMentionAsync(s, personId, ct))
                {
                    tally.Mentions++;
                    tally.Touched.Add(cycle.Id);
                }
            }
        }
    }

    /// <summary>
    /// Rewrites the answer without the person, over the version read; when a newer answer was stored
    /// meanwhile, reads it and goes again. False when no answer (any longer) names the person.
    /// </summary>
    private async Task<bool> RemoveMentionAsync(Submission? answer, string personId, CancellationToken ct)
    {
        while (answer is not null && answer.Contacts.Any(c => c.PersonId == personId))
        {
            var without = answer with { Contacts = answer.Contacts.Where(c => c.PersonId != personId).ToArray() };
            if (await store.TryReplaceSubmissionAsync(without, answer.Version, ct))
            {
                return true;
            }

            answer = await store.GetSubmissionAsync(answer.OrgId, answer.CycleId, answer.RespondentId, ct);
        }

        return false;
    }

    /// <summary>What the passes of one erasure changed.</summary>
    private sealed class Tally
    {
        public int Deleted { get; set; }

        public int Mentions { get; set; }

        public HashSet<string> Touched { get; } = new(StringComparer.Ordinal);

        public int Changes => Deleted + Mentions;
    }
}
