using System.Runtime.CompilerServices;
using SurveyNetwork.Domain.Reports.Analysis;
using SurveyNetwork.Domain.Reports.Model;
using SurveyNetwork.Domain.Survey;
using SurveyNetwork.Functions.Reports;
using SurveyNetwork.Functions.Storage;

namespace SurveyNetwork.Functions.App;

/// <summary>
/// What an administrator reads back: organizations, a roster page, cycles, who answered per team
/// and the outcome of the last report run. Read-only; every rule of what may be shown lives here.
/// </summary>
public sealed class Administration(ISurveyStore store, IReportStore reports, RosterCycleCache cache, TimeProvider time)
{
    /// <summary>Largest roster page; larger requests are cut to it.</summary>
    public const int MaxPageSize = 5000;

    public const int DefaultPageSize = 500;

    public async Task<IReadOnlyList<string>> OrganizationsAsync(CancellationToken ct) =>
        (await store.ListOrganizationsAsync(ct)).Order(StringComparer.Ordinal).ToArray();

    /// <summary>The whole roster, or not found.</summary>
    public async Task<Outcome<Roster>> RosterAsync(string orgId, CancellationToken ct) =>
        await cache.RosterAsync(orgId, ct) is { } roster ? roster : NoRoster(orgId);

    /// <summary>
    /// People in id order after <paramref name="after"/> (exclusive), at most <paramref name="limit"/>,
    /// optionally only those whose id, name or team contains <paramref name="query"/> (ignoring case).
    /// </summary>
    /// <remarks>
    /// The roster comes from <see cref="RosterCycleCache"/> and its id order is worked out once per
    /// loaded roster, so walking a 100,000-person roster page by page reads it from the store once per
    /// cache lifetime instead of once per page (every chunk on Cosmos DB). A replacement on this
    /// instance shows at once; one made on another instance within <see cref="RosterCycleCache.RosterTtl"/>.
    /// </remarks>
    public async Task<Outcome<RosterPage>> RosterPageAsync(string orgId, string? query, string? after, int limit, CancellationToken ct)
    {
        var roster = await cache.RosterAsync(orgId, ct);
        if (roster is null)
        {
            return NoRoster(orgId);
        }

        var sorted = ById.GetValue(roster, static r => r.People.OrderBy(p => p.Id, StringComparer.Ordinal).ToArray());
        var size = Math.Clamp(limit, 1, MaxPageSize);
        if (string.IsNullOrWhiteSpace(query))
        {
            var from = after is null ? 0 : FirstAfter(sorted, after);
            var slice = sorted.AsSpan(from, Math.Min(size, sorted.Length - from)).ToArray();
            return new RosterPage(roster, sorted.Length, slice, from + slice.Length < sorted.Length ? slice[^1].Id : null);
        }

        var teams = roster.Teams.ToDictionary(t => t.Id, t => t.Name, StringComparer.Ordinal);
        var q = query.Trim();
        var matching = sorted.Where(p =>
            p.Id.Contains(q, StringComparison.OrdinalIgnoreCase) || p.Name.Contains(q, StringComparison.OrdinalIgnoreCase) ||
            (teams.TryGetValue(p.TeamId, out var team) && team.Contains(q, StringComparison.OrdinalIgnoreCase))).ToArray();
        var start = after is null ? 0 : FirstAfter(matching, after);
        var page = matching.Skip(start).Take(size).ToArray();
        var next = start + page.Length < matching.Length ? page[^1].Id : null;
        return new RosterPage(roster, matching.Length, page, next);
    }

    /// <summary>Each loaded roster's people in id order, kept as long as the roster itself is.</summary>
    private static readonly ConditionalWeakTable<Roster, Person[]> ById = new();

    /// <summary>Index of the first person whose id sorts after <paramref name="after"/> (binary search over ids in ordinal order).</summary>
    private static int FirstAfter(Person[] sorted, string after)
    {
        int low = 0, high = sorted.Length;
        while (low < high)
        {
            var mid = low + ((high - low) / 2);
            if (string.CompareOrdinal(sorted[mid].Id, after) <= 0)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }

    /// <summary>The organization's cycles, newest opening first, each with its status now.</summary>
    public async Task<Outcome<CycleList>> CyclesAsync(string orgId, CancellationToken ct)
    {
        if (await cache.RosterAsync(orgId, ct) is null)
        {
            return NoRoster(orgId);
        }

        var cycles = await store.ListCyclesAsync(orgId, ct);
        return new CycleList(cycles.OrderByDescending(c => c.OpensAt).ThenBy(c => c.Id, StringComparer.Ordinal).ToArray(), time.GetUtcNow());
    }

    /// <summary>
    /// Per team of the active roster: who answered and who did not, with the response rate and the
    /// confidence label the reports will give it. Names are listed only when the cycle is named
    /// (its reports name people anyway); otherwise only counts, so the console cannot be used to
    /// tell whose answers sit behind an anonymous report.
    /// </summary>
    public async Task<Outcome<CycleRespondents>> RespondentsAsync(string orgId, string cycleId, CancellationToken ct)
    {
        var cycle = await store.GetCycleAsync(orgId, cycleId, ct);
        if (cycle is null)
        {
            return Cycles.NotFound(orgId, cycleId);
        }

        var roster = await cache.RosterAsync(orgId, ct);
        if (roster is null)
        {
            return NoRoster(orgId);
        }

        var answered = (await store.ListSubmissionsAsync(orgId, cycleId, ct)).Select(s => s.RespondentId).ToHashSet(StringComparer.Ordinal);
        var active = roster.ActivePeople.ToArray();
        var teams = roster.Teams
            .Select(t =>
            {
                var members = active.Where(p => p.TeamId == t.Id).OrderBy(p => p.Name, StringComparer.Ordinal).ToArray();
                var coverage = Coverage.Of(members.Length, members.Count(p => answered.Contains(p.Id)));
                return new TeamRespondents(
                    t.Id, t.Name, coverage.Members, coverage.Respondents, coverage.ResponseRate ?? 0, Label(coverage.Confidence),
                    Privacy.MayPublish(coverage.Respondents, cycle.AnonymityThreshold),
                    cycle.NamedReports ? members.Where(p => answered.Contains(p.Id)).Select(p => p.Name).ToArray() : null,
                    cycle.NamedReports ? members.Where(p => !answered.Contains(p.Id)).Select(p => p.Name).ToArray() : null);
            })
            .Where(t => t.People > 0)
            .ToArray();
        var overall = Coverage.Of(active.Length, active.Count(p => answered.Contains(p.Id)));
        return new CycleRespondents(
            orgId, cycleId, cycle.NamedReports, cycle.AnonymityThreshold, overall.Members, overall.Respondents, overall.ResponseRate ?? 0, Label(overall.Confidence), teams);
    }

    /// <summary>
    /// The last report run over the cycle with every team's outcome: published, failed (with the
    /// reason) or held back because fewer people answered than the anonymity threshold.
    /// </summary>
    /// <summary>Queued runs the run history lists.</summary>
    public const int RecentRequests = 10;

    public async Task<Outcome<CycleRuns>> RunsAsync(string orgId, string cycleId, CancellationToken ct)
    {
        var cycle = await store.GetCycleAsync(orgId, cycleId, ct);
        if (cycle is null)
        {
            return Cycles.NotFound(orgId, cycleId);
        }

        var run = await reports.GetLastRunAsync(orgId, cycleId, ct);
        var requests = await reports.ListRequestsAsync(orgId, cycleId, RecentRequests, ct);
        if (run is null)
        {
            return new CycleRuns(orgId, cycleId, null, [], requests);
        }

        var roster = await cache.RosterAsync(orgId, ct);
        var answered = (await store.ListSubmissionsAsync(orgId, cycleId, ct)).Select(s => s.RespondentId).ToHashSet(StringComparer.Ordinal);
        var outcomes = run.Outcomes.ToDictionary(o => o.Scope, StringComparer.Ordinal);
        var scopes = new List<ScopeRun>();
        if (outcomes.TryGetValue(ReportScope.Organization, out var org))
        {
            scopes.Add(ScopeRun.Of(org, null, "Organization"));
        }

        foreach (var team in roster?.Teams ?? [])
        {
            var members = roster!.ActivePeople.Where(p => p.TeamId == team.Id).ToArray();
            var respondents = members.Count(p => answered.Contains(p.Id));
            var heldBack = !Privacy.MayPublish(respondents, cycle.AnonymityThreshold);
            var reason = $"{respondents} of {members.Length} answered; a team's figures need at least {cycle.AnonymityThreshold} respondents.";
            if (outcomes.TryGetValue(team.Id, out var outcome))
            {
                // The team's page is still published, with its coverage only: its figures are held back.
                var scope = ScopeRun.Of(outcome, team.Id, team.Name);
                scopes.Add(heldBack && outcome.Status is ScopeStatus.Published or ScopeStatus.Withheld ? scope with { Status = "heldBack", Reason = reason } : scope);
            }
            else if (members.Length > 0)
            {
                scopes.Add(new ScopeRun(team.Id, team.Name, "heldBack", null, null, reason));
            }
        }

        return new CycleRuns(orgId, cycleId, run.CompletedAt, scopes, requests);
    }

    private static Refusal.NotFound NoRoster(string orgId) => new Refusal.NotFound($"The roster of organization '{orgId}'");

    private static string? Label(Confidence? c) => c?.ToString().ToLowerInvariant();
}

/// <summary>One page of a roster.</summary>
/// <param name="Matching">People matching the search (all people without one).</param>
/// <param name="NextAfter">The last id of this page when more follow, else null.</param>
public sealed record RosterPage(Roster Roster, int Matching, IReadOnlyList<Person> People, string? NextAfter);

public sealed record CycleList(IReadOnlyList<Cycle> Cycles, DateTimeOffset At);

/// <param name="Confidence">high (80 % and more), directional (65 % and more) or caution, as the reports label it; null without members.</param>
/// <param name="Reportable">Enough respondents for the team's own report (at least the anonymity threshold).</param>
/// <param name="Answered">Who answered, by name; null unless the cycle is named.</param>
/// <param name="NotAnswered">Who has not answered, by name; null unless the cycle is named.</param>
public sealed record TeamRespondents(
    string TeamId, string Name, int People, int Respondents, double ResponseRate, string? Confidence, bool Reportable,
    IReadOnlyList<string>? Answered, IReadOnlyList<string>? NotAnswered);

public sealed record CycleRespondents(
    string OrgId, string CycleId, bool NamedReports, int AnonymityThreshold, int People, int Respondents, double ResponseRate, string? Confidence,
    IReadOnlyList<TeamRespondents> Teams);

/// <summary>One scope of the last run.</summary>
/// <param name="TeamId">Null for the organization summary.</param>
/// <param name="Status">published, failed or heldBack (fewer respondents than the threshold: the page, if any, shows coverage only).</param>
/// <param name="Reason">Why it failed or was held back; null when published without trouble.</param>
public sealed record ScopeRun(string? TeamId, string Name, string Status, string? ReportId, string? Notification, string? Reason)
{
    public static ScopeRun Of(ScopeOutcome o, string? teamId, string name) => new(
        teamId, name, o.Status switch { ScopeStatus.Published => "published", ScopeStatus.Withheld => "heldBack", _ => "failed" }, o.ReportId,
        o.Notification == NotificationStatus.None ? null : o.Notification.ToString().ToLowerInvariant(), o.Error);
}

/// <param name="CompletedAt">When the last run finished; null when no run has finished yet.</param>
/// <param name="Requests">The latest queued runs, newest first: queued, running, done, or failed with the reason.</param>
public sealed record CycleRuns(string OrgId, string CycleId, DateTimeOffset? CompletedAt, IReadOnlyList<ScopeRun> Scopes, IReadOnlyList<ReportRequest> Requests);
