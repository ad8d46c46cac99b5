using System.Text.Json;
using Microsoft.Extensions.Logging;
using SurveyNetwork.Domain.Survey;
using SurveyNetwork.Functions.Queues;
using SurveyNetwork.Functions.Storage;

namespace SurveyNetwork.Functions.Reports;

/// <summary>
/// Report runs through the queue: the schedule and the admin queue one message per cycle (at most
/// one pending per cycle, see <see cref="IReportStore.TryAddPendingRequestAsync"/>), and the queue
/// function runs each through <see cref="ReportJob"/>, so the platform spreads cycles over as many
/// instances as the queue's length asks for. Each request's record says where it stands.
/// </summary>
/// <remarks>
/// A whole-cycle failure (<see cref="CycleRunStatus.Failed"/>) throws, so the queue retries after its
/// visibility timeout and, after the maximum dequeue count, moves the message to the poison queue,
/// whose function records the request as failed. A cycle whose lease another run holds
/// (<see cref="CycleRunStatus.Busy"/>; also a crashed run's lease until it expires) is queued again
/// after one lease duration rather than retried, so waiting for a lease never uses up the attempts.
/// A pending request older than <see cref="PendingStaleAfter"/> no longer blocks a new one, in case
/// its message was lost.
/// </remarks>
public sealed partial class ReportRequests(
    ISurveyStore store,
    IReportStore reports,
    IQueueBackend queue,
    ReportJob job,
    ReportJobOptions options,
    TimeProvider time,
    ILogger<ReportRequests> logger)
{
    /// <summary>Longer than the host's five attempts of ten minutes each with their retry delays.</summary>
    public static readonly TimeSpan PendingStaleAfter = TimeSpan.FromHours(2);

    /// <summary>Organizations whose cycles the schedule lists at once.</summary>
    private const int ListingParallelism = 16;

    [LoggerMessage(Level = LogLevel.Information, Message = "Report schedule: {Queued} cycles queued, {Pending} already pending, {Failed} organizations not listed")]
    private static partial void LogScheduled(ILogger logger, int queued, int pending, int failed);

    [LoggerMessage(Level = LogLevel.Error, Message = "Cycles of {OrgId} could not be queued; the next schedule tries again")]
    private static partial void LogNotQueued(ILogger logger, Exception exception, string orgId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Report request {RequestId} of {OrgId}/{CycleId} failed (attempt {Attempt}); the queue retries it: {Detail}")]
    private static partial void LogAttemptFailed(ILogger logger, string requestId, string orgId, string cycleId, int attempt, string? detail);

    [LoggerMessage(Level = LogLevel.Error, Message = "Report request {RequestId} of {OrgId}/{CycleId} gave up after {Attempts} attempts: {Detail}")]
    private static partial void LogGaveUp(ILogger logger, string requestId, string orgId, string cycleId, int attempts, string? detail);

    /// <summary>The outcome of queueing: the request that stands for the cycle, and whether this call queued it.</summary>
    public sealed record Queued(ReportRequest Request, bool Added);

    /// <summary>What one schedule did.</summary>
    public sealed record ScheduleSummary(int Queued, int AlreadyPending, int OrganizationsFailed);

    /// <summary>Queues a run of the cycle unless one is pending already (then that one is returned).</summary>
    public async Task<Queued> RequestAsync(string orgId, string cycleId, bool force, string origin, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var request = new ReportRequest
        {
            Id = ReportRequest.NewId(now),
            OrgId = orgId,
            CycleId = cycleId,
            Force = force,
            Origin = origin,
            State = ReportRequestState.Queued,
            QueuedAt = now,
        };
        if (await reports.TryAddPendingRequestAsync(request, now - PendingStaleAfter, ct) is { } pending)
            return new(pending, false);
        try
        {
            await queue.SendAsync(ReportQueues.Runs, Serialize(request), ct: ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await reports.ClearPendingRequestAsync(orgId, cycleId, request.Id, CancellationToken.None);
            await reports.SaveRequestAsync(request with { State = ReportRequestState.Failed, FinishedAt = time.GetUtcNow(), Error = "The report queue was unavailable." },
                CancellationToken.None);
            throw new StoreUnavailableException("The report queue is unavailable; try again shortly.", e);
        }

        return new(request, true);
    }

    /// <summary>The schedule: one message per due cycle of every organization, nothing run here.</summary>
    public async Task<ScheduleSummary> EnqueueDueAsync(CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        int queued = 0, pending = 0, failed = 0;
        await Parallel.ForEachAsync(await store.ListOrganizationsAsync(ct),
            new ParallelOptions { MaxDegreeOfParallelism = ListingParallelism, CancellationToken = ct },
            async (orgId, token) =>
            {
                try
                {
                    foreach (var cycle in (await store.ListCyclesAsync(orgId, token)).Where(c => job.IsEligible(c, now)))
                    {
                        var result = await RequestAsync(orgId, cycle.Id, force: false, ReportRequest.Scheduled, token);
                        Interlocked.Increment(ref result.Added ? ref queued : ref pending);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException || !token.IsCancellationRequested)
                {
                    LogNotQueued(logger, e, orgId);
                    Interlocked.Increment(ref failed);
                }
            });
        LogScheduled(logger, queued, pending, failed);
        return new(queued, pending, failed);
    }

    /// <summary>One message of the queue: runs the request's cycle; throws when the attempt failed, so the queue retries it.</summary>
    public async Task RunAsync(string body, CancellationToken ct = default)
    {
        var message = Deserialize(body);
        var request = await reports.GetRequestAsync(message.OrgId, message.CycleId, message.RequestId, ct) ?? Orphan(message);
        if (request.State is ReportRequestState.Done or ReportRequestState.Failed)
            return; // delivered again after it finished (the host may deliver a message twice)

        request = request with { State = ReportRequestState.Running, StartedAt = time.GetUtcNow(), Attempts = request.Attempts + 1, Error = null };
        await reports.SaveRequestAsync(request, ct);

        var cycle = await store.GetCycleAsync(request.OrgId, request.CycleId, ct);
        var summary = cycle is null
            ? new CycleRunSummary(request.OrgId, request.CycleId, CycleRunStatus.Skipped, Detail: "The cycle no longer exists.")
            : await job.RunCycleAsync(cycle, request.Force, ct);

        switch (summary.Status)
        {
            case CycleRunStatus.Busy:
                await reports.SaveRequestAsync(request with { State = ReportRequestState.Queued, Error = summary.Detail }, ct);
                await queue.SendAsync(ReportQueues.Runs, body, options.LeaseDuration, ct);
                return;
            case CycleRunStatus.Failed:
                await reports.SaveRequestAsync(request with { State = ReportRequestState.Queued, Error = summary.Detail }, ct);
                LogAttemptFailed(logger, request.Id, request.OrgId, request.CycleId, request.Attempts, summary.Detail);
                throw new ReportRunFailedException(summary.Detail ?? "The report run failed.");
            default:
                await reports.SaveRequestAsync(request with { State = ReportRequestState.Done, FinishedAt = time.GetUtcNow(), Result = summary }, ct);
                await reports.ClearPendingRequestAsync(request.OrgId, request.CycleId, request.Id, ct);
                return;
        }
    }

    /// <summary>A message of the poison queue: every attempt failed; the request is recorded as failed for the run history.</summary>
    public async Task RecordGivenUpAsync(string body, CancellationToken ct = default)
    {
        var message = Deserialize(body);
        var request = await reports.GetRequestAsync(message.OrgId, message.CycleId, message.RequestId, ct) ?? Orphan(message);
        if (request.State is ReportRequestState.Done)
            return;
        var error = $"Gave up after {request.Attempts} attempt(s): {request.Error ?? "the run did not finish"}";
        await reports.SaveRequestAsync(request with { State = ReportRequestState.Failed, FinishedAt = time.GetUtcNow(), Error = error }, ct);
        await reports.ClearPendingRequestAsync(request.OrgId, request.CycleId, request.Id, ct);
        LogGaveUp(logger, request.Id, request.OrgId, request.CycleId, request.Attempts, request.Error);
    }

    /// <summary>A request's current record.</summary>
    public Task<ReportRequest?> GetAsync(string orgId, string cycleId, string requestId, CancellationToken ct = default) =>
        reports.GetRequestAsync(orgId, cycleId, requestId, ct);

    public static string Serialize(ReportRequest request) =>
        JsonSerializer.Serialize(new ReportRequestMessage(request.OrgId, request.CycleId, request.Id), StoreJson.Options);

    private static ReportRequestMessage Deserialize(string body)
    {
        var message = JsonSerializer.Deserialize<ReportRequestMessage>(body, StoreJson.Options);
        return message is { OrgId.Length: > 0, CycleId.Length: > 0, RequestId.Length: > 0 }
            ? message
            : throw new FormatException("A report queue message must name orgId, cycleId and requestId.");
    }

    /// <summary>A message whose request record is missing (e.g. written before a restore): run it as a scheduled request.</summary>
    private ReportRequest Orphan(ReportRequestMessage message) => new()
    {
        Id = message.RequestId,
        OrgId = message.OrgId,
        CycleId = message.CycleId,
        Origin = ReportRequest.Scheduled,
        State = ReportRequestState.Queued,
        QueuedAt = time.GetUtcNow(),
    };
}

/// <summary>A queued report run failed as a whole; thrown so the queue retries the message.</summary>
public sealed class ReportRunFailedException(string message) : Exception(message);
