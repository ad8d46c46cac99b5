using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using SurveyNetwork.Domain.Reports.Analysis;
using SurveyNetwork.Domain.Reports.Rendering;
using SurveyNetwork.Domain.Survey;
using SurveyNetwork.Functions.Storage;

namespace SurveyNetwork.Functions.Reports;

/// <summary>Settings of the report job.</summary>
public sealed record ReportJobOptions
{
    /// <summary>Closed cycles still get reports for this many days after closing (<see cref="Settings.ReportClosedWithinDays"/>).</summary>
    public int ClosedWithinDays { get; init; } = 7;

    /// <summary>
    /// How long a cycle's lease lasts unless renewed; a live run renews it every third of this in the
    /// background, so a run that died frees the cycle after at most this long.
    /// </summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Profiles look at a cycle's inputs again at most this often (<see cref="Settings.ProfileRefreshSeconds"/>).</summary>
    public TimeSpan ProfileRefresh { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Scopes rendered, published and notified at once: twice the cores, so that CPU work overlaps the writes.</summary>
    public int MaxDegreeOfParallelism { get; init; } = 2 * Environment.ProcessorCount;

    /// <summary>Analysis options (parallelism only; nothing here changes a report's bytes).</summary>
    public ReportOptions Report { get; init; } = new();

    /// <summary>
    /// Above this many ties the organization's GraphML and CSV files are written to the publisher as
    /// they are made, and the report store keeps only their length and digest (readers then fetch the
    /// published copy): at a million ties GraphML alone is about 200 MB, at 15 million 5 GB, more than
    /// a 4 GB instance or one stored item holds. The bytes are the same either way.
    /// </summary>
    public long StreamExportsAboveArcs { get; init; } = 1_000_000;

    public static ReportJobOptions FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new ReportJobOptions();
        if (Whole(configuration, Settings.ReportClosedWithinDays, "days", 3650) is { } days)
            options = options with { ClosedWithinDays = days };
        if (Whole(configuration, Settings.ProfileRefreshSeconds, "seconds", 86400) is { } seconds)
            options = options with { ProfileRefresh = TimeSpan.FromSeconds(seconds) };
        if (Whole(configuration, Settings.ReportLeaseSeconds, "seconds", 3600) is { } lease)
            options = options with { LeaseDuration = TimeSpan.FromSeconds(Math.Max(3, lease)) };
        return options;
    }

    private static int? Whole(IConfiguration configuration, string setting, string unit, int max)
    {
        var value = configuration[setting];
        if (string.IsNullOrWhiteSpace(value))
            return null;
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number > max)
            throw new InvalidOperationException($"{setting} must be a whole number of {unit} (0–{max}), not \"{value}\".");
        return number;
    }
}

/// <summary>What happened to one cycle in a run.</summary>
[JsonConverter(typeof(CamelCaseEnumConverter<CycleRunStatus>))]
public enum CycleRunStatus
{
    /// <summary>Every scope was published.</summary>
    Published,

    /// <summary>Some scopes failed (see their outcomes); the next run retries them.</summary>
    Partial,

    /// <summary>Nothing changed since the last run; nothing was written.</summary>
    Unchanged,

    /// <summary>Another run holds the cycle's lease.</summary>
    Busy,

    /// <summary>
    /// The inputs changed, but in some group fewer than k answers did since the last publication, so
    /// comparing the two publications could isolate them (<see cref="Privacy"/>); nothing was written,
    /// every report keeps its bytes and date, and the detail names the groups waited for.
    /// </summary>
    Held,

    /// <summary>Nothing to report yet (no roster or no submissions); nothing was written.</summary>
    Skipped,

    /// <summary>The cycle could not be processed (e.g. the store was unavailable); the next run tries again.</summary>
    Failed,
}

/// <summary>One cycle's result: the fingerprint of its inputs and what happened to each scope this run.</summary>
public sealed record CycleRunSummary(
    string OrgId,
    string CycleId,
    CycleRunStatus Status,
    string? Fingerprint = null,
    IReadOnlyList<ScopeOutcome>? Outcomes = null,
    IReadOnlyList<string>? Removed = null,
    string? Detail = null);

public sealed record ReportJobSummary(DateTimeOffset StartedAt, IReadOnlyList<CycleRunSummary> Cycles);

/// <summary>
/// The report job, run by the timer and by the admin trigger. For each eligible cycle it
/// fingerprints the inputs and stops — writing nothing — when they equal those of the last
/// completed run. Otherwise it takes the cycle's lease, analyzes the organization once, then for
/// the organization summary and each team renders the report, publishes it, stores it and notifies
/// the team's webhook; one scope's failure is recorded and the others go on. The run record comes
/// last: a run that dies half-way leaves no record, so the next run does the cycle again, and since
/// reports are deterministic (same inputs → same ids and bytes) it overwrites with identical files
/// and never duplicates.
/// </summary>
/// <remarks>
/// Concurrency: a per-cycle lease in the report store (an item replaced with If-Match, or a row
/// updated only when expired) lets one run work on a cycle at a time; another run reports
/// <see cref="CycleRunStatus.Busy"/>. The lease is short and renewed in the background while the run
/// lives (<see cref="ReportLeaseKeeper"/>), so a run that died blocks its cycle for at most
/// <see cref="ReportJobOptions.LeaseDuration"/>. If a holder stalls beyond its lease, a second run may overlap
/// it; deterministic overwrites keep the result consistent even then (at worst a webhook fires twice,
/// with the same report id). Notifications are therefore at-least-once.
/// The previous cycle (<see cref="Cycle.PreviousCycleId"/>) is analyzed against the current roster:
/// only the current roster is kept, so people who left are not nodes of the previous network.
/// </remarks>
public sealed partial class ReportJob(
    ISurveyStore store,
    IReportStore reports,
    IReportPublisher publisher,
    WebhookNotifier notifier,
    TimeProvider time,
    ReportJobOptions options,
    ILogger<ReportJob> logger,
    Email.ReportMail? mail = null)
{
    private const int MaxErrorLength = 500;

    [LoggerMessage(Level = LogLevel.Error, Message = "Cycles of {OrgId} could not be listed; the next run tries again")]
    private static partial void LogCyclesNotListed(ILogger logger, Exception exception, string orgId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reports of {OrgId}/{CycleId} {Detail}")]
    private static partial void LogHeld(ILogger logger, string orgId, string cycleId, string detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Report run finished: {Cycles} cycles, {Published} published, {Unchanged} unchanged, {Held} held")]
    private static partial void LogRunFinished(ILogger logger, int cycles, int published, int unchanged, int held);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Report run of {OrgId}/{CycleId} lost its lease; another run carries on")]
    private static partial void LogLeaseLost(ILogger logger, string orgId, string cycleId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Report run of {OrgId}/{CycleId} failed; the next run does it again")]
    private static partial void LogCycleFailed(ILogger logger, Exception exception, string orgId, string cycleId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reports of {OrgId}/{CycleId}: {Published} published, {Failed} failed")]
    private static partial void LogCycleReported(ILogger logger, string orgId, string cycleId, int published, int failed);

    [LoggerMessage(Level = LogLevel.Error, Message = "Report {Scope} of {OrgId}/{CycleId} failed; the others go on")]
    private static partial void LogScopeFailed(ILogger logger, Exception exception, string scope, string orgId, string cycleId);

    /// <summary>Every open cycle, and every cycle closed within <see cref="ReportJobOptions.ClosedWithinDays"/>, of every organization.</summary>
    public async Task<ReportJobSummary> RunAllAsync(CancellationToken ct = default)
    {
        var startedAt = time.GetUtcNow();
        var results = new List<CycleRunSummary>();
        foreach (var orgId in await store.ListOrganizationsAsync(ct))
        {
            IReadOnlyList<Cycle> cycles;
            try
            {
                cycles = await store.ListCyclesAsync(orgId, ct);
            }
            catch (Exception e) when (!IsCancellation(e, ct))
            {
                LogCyclesNotListed(logger, e, orgId);
                results.Add(new(orgId, "*", CycleRunStatus.Failed, Detail: Describe(e)));
                continue;
            }

            foreach (var cycle in cycles.Where(c => IsEligible(c, startedAt)))
                results.Add(await RunCycleAsync(cycle, force: false, ct));
        }

        if (logger.IsEnabled(LogLevel.Information))
        {
            var published = results.Count(r => r.Status is CycleRunStatus.Published or CycleRunStatus.Partial);
            var unchanged = results.Count(r => r.Status == CycleRunStatus.Unchanged);
            var held = results.Count(r => r.Status == CycleRunStatus.Held);
            LogRunFinished(logger, results.Count, published, unchanged, held);
        }

        return new(startedAt, results);
    }

    public bool IsEligible(Cycle cycle, DateTimeOffset now) => cycle.StatusAt(now) switch
    {
        CycleStatus.Open => true,
        CycleStatus.Closed => now - cycle.EffectiveClose <= TimeSpan.FromDays(options.ClosedWithinDays),
        _ => false,
    };

    /// <summary>
    /// One cycle, whatever its dates (the admin asked for it). With <paramref name="force"/> every
    /// scope is rebuilt even when nothing changed; it does not publish changes the differencing rule
    /// holds (<see cref="CycleRunStatus.Held"/>). Failures other than cancellation end up in the summary.
    /// </summary>
    public Task<CycleRunSummary> RunCycleAsync(Cycle cycle, bool force, CancellationToken ct = default) =>
        RunCycleAsync(cycle, force, afterErasure: false, ct);

    /// <summary>
    /// One cycle after an erasure: publishes whatever changed, even changes the differencing rule
    /// would hold, since removing an erased person's data must not wait (SECURITY.md names the risk).
    /// </summary>
    public Task<CycleRunSummary> RunCycleAfterErasureAsync(Cycle cycle, CancellationToken ct = default) =>
        RunCycleAsync(cycle, force: false, afterErasure: true, ct);

    private async Task<CycleRunSummary> RunCycleAsync(Cycle cycle, bool force, bool afterErasure, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(cycle);
        try
        {
            return await RunCycleCoreAsync(cycle, force, afterErasure, ct);
        }
        catch (LeaseLostException e)
        {
            LogLeaseLost(logger, cycle.OrgId, cycle.Id);
            return new(cycle.OrgId, cycle.Id, CycleRunStatus.Busy, Detail: e.Message);
        }
        catch (Exception e) when (!IsCancellation(e, ct))
        {
            LogCycleFailed(logger, e, cycle.OrgId, cycle.Id);
            return new(cycle.OrgId, cycle.Id, CycleRunStatus.Failed, Detail: Describe(e));
        }
    }

    private async Task<CycleRunSummary> RunCycleCoreAsync(Cycle cycle, bool force, bool afterErasure, CancellationToken ct)
    {
        var (orgId, cycleId) = (cycle.OrgId, cycle.Id);
        var inputs = await ReportInputsReader.ReadAsync(store, cycle, roster: null, requireSubmissions: true, ct);
        if (inputs is null)
            return new(orgId, cycleId, CycleRunStatus.Skipped, Detail: "There is no roster or no submission yet.");

        var fingerprint = ReportBuilder.Fingerprint(inputs);
        var answers = new Lazy<IReadOnlyList<CountedAnswer>>(() => AnswerChanges.Of(inputs));
        var previous = await reports.GetLastRunAsync(orgId, cycleId, ct);
        if (!force && Decide(previous, fingerprint) is { Redo.Count: 0 })
            return new(orgId, cycleId, CycleRunStatus.Unchanged, fingerprint);
        if (!afterErasure && Held(previous, fingerprint, answers, cycle) is { } waiting)
        {
            LogHeld(logger, orgId, cycleId, waiting);
            return new(orgId, cycleId, CycleRunStatus.Held, fingerprint, Detail: waiting);
        }

        var keeper = await ReportLeaseKeeper.TryAcquireAsync(reports, orgId, cycleId, options.LeaseDuration, time, logger, ct);
        if (keeper is null)
            return new(orgId, cycleId, CycleRunStatus.Busy, fingerprint, Detail: "Another report run is working on this cycle.");
        try
        {
            // Decide again under the lease: a run that held it may have just finished this fingerprint.
            var last = await reports.GetLastRunAsync(orgId, cycleId, ct);
            var decision = force ? Decision.Everything : Decide(last, fingerprint);
            if (decision.Redo is { Count: 0 })
                return new(orgId, cycleId, CycleRunStatus.Unchanged, fingerprint);
            if (!afterErasure && Held(last, fingerprint, answers, cycle) is { } held)
                return new(orgId, cycleId, CycleRunStatus.Held, fingerprint, Detail: held);

            // What the run record and the messages need from the answers is taken now. The job builds no
            // profile, so the analysis may let go of the answers once it has the network
            // (ReportOptions.ReleaseAnswers); the job hands over its own reference for that.
            var counted = last?.Fingerprint == fingerprint && last.Answers is { } same ? same : answers.Value;
            var respondents = mail is null ? [] : inputs.Submissions.Select(s => s.RespondentId).ToArray();
            var handedOver = inputs;
            inputs = null;
            var analysis = await Task.Run(
                [MethodImpl(MethodImplOptions.AggressiveOptimization)] () => ReportBuilder.Analyze(Interlocked.Exchange(ref handedOver, null)!, options.Report with { ReleaseAnswers = true }),
                ct);
            inputs = analysis.Inputs;
            var allScopes = new[] { ReportScope.Organization }.Concat(analysis.TeamIds).ToArray();
            var todo = decision.Redo is null ? allScopes : allScopes.Where(decision.Redo.Contains).ToArray();
            var teams = inputs.Roster.Teams.ToDictionary(t => t.Id, StringComparer.Ordinal);

            var outcomes = new ConcurrentBag<ScopeOutcome>();
            await Parallel.ForEachAsync(todo, new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism, CancellationToken = ct },
                async (scope, token) =>
                {
                    keeper.EnsureHeld();
                    outcomes.Add(await PublishScopeAsync(analysis, scope, teams.GetValueOrDefault(scope), token));
                });

            var removed = decision.Redo is null ? await RemoveStaleAsync(orgId, cycleId, allScopes, keeper, ct) : [];
            var carried = decision.Redo is null || last is null
                ? []
                : last.Outcomes.Where(o => !decision.Redo.Contains(o.Scope) && allScopes.Contains(o.Scope));
            var record = new ReportRun
            {
                OrgId = orgId,
                CycleId = cycleId,
                Fingerprint = fingerprint,
                CompletedAt = time.GetUtcNow(),
                Outcomes = outcomes.Concat(carried).OrderBy(o => o.Scope, StringComparer.Ordinal).ToArray(),
                Answers = counted,
            };
            var thisRun = outcomes.OrderBy(o => o.Scope, StringComparer.Ordinal).ToArray();
            keeper.EnsureHeld();
            // Queued before the run record: a run that dies between the two is done again, and the
            // ledger queues each message once, so none is lost and none sent twice.
            await QueueMessagesAsync(inputs, respondents, record, thisRun, teams, ct);
            await reports.SaveRunAsync(record, ct);

            var status = thisRun.Any(o => o.Status == ScopeStatus.Failed) ? CycleRunStatus.Partial : CycleRunStatus.Published;
            if (logger.IsEnabled(LogLevel.Information))
            {
                var published = thisRun.Count(o => o.Status == ScopeStatus.Published);
                var failed = thisRun.Count(o => o.Status == ScopeStatus.Failed);
                LogCycleReported(logger, orgId, cycleId, published, failed);
            }

            return new(orgId, cycleId, status, fingerprint, thisRun, removed);
        }
        finally
        {
            await keeper.DisposeAsync();
        }
    }

    /// <summary>
    /// "Your profile is ready" to the respondents once the organization report is published (their
    /// profile is compared with it), and "team report published" to the report recipients of each
    /// team published now; see <see cref="Email.ReportMail"/>.
    /// </summary>
    private async Task QueueMessagesAsync(ReportInputs inputs, string[] respondentIds, ReportRun record, IReadOnlyList<ScopeOutcome> thisRun, Dictionary<string, Team> teams, CancellationToken ct)
    {
        if (mail is null)
            return;
        var orgPublished = record.Outcomes.Any(o => ReportScope.IsOrganization(o.Scope) && o.Status == ScopeStatus.Published);
        var respondents = orgPublished ? respondentIds : [];
        var published = thisRun
            .Where(o => o.Status == ScopeStatus.Published && o.ReportId is not null && teams.ContainsKey(o.Scope))
            .Select(o => (teams[o.Scope], o.ReportId!));
        await mail.QueueAsync(inputs.Roster, inputs.Cycle, respondents, published, ct);
    }

    /// <summary>Which scopes to (re)do: none when the last run covered these inputs fully, its failures when it did partly, else all (null).</summary>
    private static Decision Decide(ReportRun? last, string fingerprint) =>
        last is null || last.Fingerprint != fingerprint
            ? Decision.Everything
            : new Decision(last.FailedScopes.ToHashSet(StringComparer.Ordinal));

    /// <summary>
    /// Why publishing these inputs must wait, or null when it may go ahead: the differencing rule of
    /// <see cref="Privacy"/> compares the answers with those of the last publication (a first
    /// publication, or a record from before answers were kept, has nothing to compare with). The
    /// answers are digested only when there is something to compare them with: a rerun over the
    /// same inputs reuses the record's.
    /// </summary>
    private static string? Held(ReportRun? last, string fingerprint, Lazy<IReadOnlyList<CountedAnswer>> answers, Cycle cycle)
    {
        if (last?.Answers is not { } published || last.Fingerprint == fingerprint)
            return null;
        var k = Math.Max(1, cycle.AnonymityThreshold);
        var groups = AnswerChanges.TooFew(published, answers.Value, k);
        if (groups.Count == 0)
            return null;
        var where = string.Join(", ", groups.Select(g =>
            (g.Group == AnswerChanges.SuppressedGroup ? "the suppressed teams together" : $"team {g.Group}") + $" ({g.Changed} so far)"));
        return $"held: waiting for at least {k} changed answers in {where}";
    }

    private async Task<ScopeOutcome> PublishScopeAsync(ReportAnalysis analysis, string scope, Team? team, CancellationToken ct)
    {
        var inputs = analysis.Inputs;
        try
        {
            var rendered = await Task.Run(() => Render(analysis, scope, options.StreamExportsAboveArcs), ct);
            var links = await publisher.PublishAsync(inputs.Roster.OrgId, inputs.Cycle.Id, scope, rendered.Files, ct);
            await reports.SaveReportAsync(new StoredReport
            {
                OrgId = inputs.Roster.OrgId,
                CycleId = inputs.Cycle.Id,
                Scope = scope,
                ReportId = rendered.ReportId,
                Fingerprint = analysis.Fingerprint,
                ComputedAt = rendered.ComputedAt,
                Links = new SortedDictionary<string, string>(links.ToDictionary(), StringComparer.Ordinal),
                Contents = rendered.Files.Select(ReportContent.Of).ToArray(),
            }, ct);

            var status = rendered.Withheld ? ScopeStatus.Withheld : ScopeStatus.Published;
            if (team?.WebhookUrl is not { Length: > 0 } webhook)
                return new(scope, status, rendered.ReportId);
            var sent = await notifier.NotifyAsync(webhook, new ReportNotification(
                inputs.Roster.OrgId, inputs.Cycle.Id, scope, rendered.ReportId, ReportLinks.From(links), rendered.ComputedAt), ct);
            return new(scope, status, rendered.ReportId,
                sent.Sent ? NotificationStatus.Sent : NotificationStatus.Failed, Truncate(sent.Error));
        }
        catch (Exception e) when (!IsCancellation(e, ct) && e is not LeaseLostException)
        {
            LogScopeFailed(logger, e, scope, inputs.Roster.OrgId, inputs.Cycle.Id);
            return new(scope, ScopeStatus.Failed, null, Error: Describe(e));
        }
    }

    /// <param name="Withheld">A team report written without figures: the team is under the anonymity threshold.</param>
    private sealed record Rendered(string ReportId, DateTimeOffset ComputedAt, IReadOnlyList<ReportFile> Files, bool Withheld = false);

    /// <summary>The formats of one scope, in <see cref="ReportFormat.All"/> order.</summary>
    private static Rendered Render(ReportAnalysis analysis, string scope, long streamAboveArcs)
    {
        if (ReportScope.IsOrganization(scope))
        {
            var org = ReportBuilder.BuildOrganization(analysis);
            ReportFile[] exports = ReportFormats.ExportArcCount(org) > streamAboveArcs
                ?
                [
                    ReportFile.Streamed(ReportFormat.GraphMl, s => ReportFormats.WriteGraphMl(org, s)),
                    ReportFile.Streamed(ReportFormat.Csv, s => ReportFormats.WriteCsvEdges(org, s)),
                    ReportFile.Streamed(ReportFormat.PeopleCsv, s => ReportFormats.WriteCsvPeople(org, s)),
                ]
                :
                [
                    new(ReportFormat.GraphMl, ReportFormats.GraphMl(org)), new(ReportFormat.Csv, ReportFormats.CsvEdges(org)),
                    new(ReportFormat.PeopleCsv, ReportFormats.CsvPeople(org)),
                ];
            return new(org.ReportId, org.ComputedAt,
                [new(ReportFormat.Json, ReportFormats.Json(org)), new(ReportFormat.Html, ReportFormats.Html(org)), .. exports]);
        }

        var team = ReportBuilder.BuildTeam(analysis, scope);
        return new(team.ReportId, team.ComputedAt,
        [
            new(ReportFormat.Json, ReportFormats.Json(team)), new(ReportFormat.Html, ReportFormats.Html(team)),
            new(ReportFormat.GraphMl, ReportFormats.GraphMl(team)), new(ReportFormat.Csv, ReportFormats.CsvEdges(team)),
            new(ReportFormat.PeopleCsv, ReportFormats.CsvPeople(team)),
        ], Withheld: !team.Published);
    }

    /// <summary>
    /// Reports of teams that are gone (renamed, emptied, or whose last member was erased) are
    /// unpublished and deleted, so nothing lingers that later inputs no longer support.
    /// </summary>
    private async Task<IReadOnlyList<string>> RemoveStaleAsync(string orgId, string cycleId, IReadOnlyList<string> current, ReportLeaseKeeper keeper, CancellationToken ct)
    {
        var keep = current.ToHashSet(StringComparer.Ordinal);
        var stale = (await reports.ListReportScopesAsync(orgId, cycleId, ct)).Where(s => !keep.Contains(s)).ToArray();
        foreach (var scope in stale)
        {
            keeper.EnsureHeld();
            await publisher.DeleteAsync(orgId, cycleId, scope, ct);
            await reports.DeleteReportAsync(orgId, cycleId, scope, ct);
        }

        return stale;
    }

    private static bool IsCancellation(Exception e, CancellationToken ct) => e is OperationCanceledException && ct.IsCancellationRequested;

    private static string Describe(Exception e) => Truncate($"{e.GetType().Name}: {e.Message}")!;

    private static string? Truncate(string? text) => text is { Length: > MaxErrorLength } ? text[..MaxErrorLength] : text;

    /// <param name="Redo">Scopes to do again; null for every scope.</param>
    private sealed record Decision(IReadOnlySet<string>? Redo)
    {
        public static readonly Decision Everything = new((IReadOnlySet<string>?)null);
    }
}

/// <summary>The run no longer holds the cycle's lease and stops; the holder carries on.</summary>
public sealed class LeaseLostException(string message) : Exception(message);
