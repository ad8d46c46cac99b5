using Microsoft.Extensions.Logging;
using SurveyNetwork.Functions.Storage;

namespace SurveyNetwork.Functions.Reports;

/// <summary>
/// Holds a cycle's report lease for a run: a background heartbeat renews it once a third of its
/// duration has passed, for as long as the run is alive, whatever the run is doing (a long analysis
/// makes no progress calls), so the lease can be short and a run that died frees the cycle soon.
/// The heartbeat ticks every twelfth of the duration on a timer started with the keeper, so a tick
/// is never missed however late the background task gets to run; a failed renewal is retried on
/// the next tick.
/// <see cref="EnsureHeld"/> is the run's check before each write: it throws
/// <see cref="LeaseLostException"/> once a renewal found the lease taken or it expired unrenewed.
/// </summary>
public sealed partial class ReportLeaseKeeper : IAsyncDisposable
{
    private readonly IReportStore _reports;
    private readonly TimeProvider _time;
    private readonly TimeSpan _duration;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly PeriodicTimer _ticks;
    private readonly Task _heartbeat;
    private ReportLease _lease;
    private bool _lost;
    private bool _released;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The lease on {OrgId}/{CycleId} could not be released; it expires on its own")]
    private static partial void LogNotReleased(ILogger logger, Exception exception, string orgId, string cycleId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The lease on {OrgId}/{CycleId} was lost; the run stops before its next write")]
    private static partial void LogLost(ILogger logger, string orgId, string cycleId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The lease on {OrgId}/{CycleId} could not be renewed; retrying")]
    private static partial void LogNotRenewed(ILogger logger, Exception exception, string orgId, string cycleId);

    private ReportLeaseKeeper(IReportStore reports, TimeProvider time, TimeSpan duration, ILogger logger, ReportLease lease)
    {
        _reports = reports;
        _time = time;
        _duration = duration;
        _logger = logger;
        _lease = lease;
        _ticks = new PeriodicTimer(duration / 12, time);
        _heartbeat = Task.Run(HeartbeatAsync);
    }

    /// <summary>The lease as last acquired or renewed.</summary>
    public ReportLease Lease
    {
        get
        {
            lock (_gate)
                return _lease;
        }
    }

    /// <summary>Takes the cycle's lease and starts renewing it; null when another holder's lease is still valid.</summary>
    public static async Task<ReportLeaseKeeper?> TryAcquireAsync(
        IReportStore reports, string orgId, string cycleId, TimeSpan duration, TimeProvider time, ILogger logger, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reports);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        var lease = await reports.TryAcquireLeaseAsync(orgId, cycleId, duration, time.GetUtcNow(), ct);
        return lease is null ? null : new ReportLeaseKeeper(reports, time, duration, logger, lease);
    }

    /// <summary>Throws <see cref="LeaseLostException"/> when the lease was lost or has expired without renewal.</summary>
    public void EnsureHeld()
    {
        lock (_gate)
        {
            if (_lost || _time.GetUtcNow() >= _lease.ExpiresAt)
                throw new LeaseLostException($"The lease on {_lease.OrgId}/{_lease.CycleId} expired before it was renewed.");
        }
    }

    /// <summary>Stops the heartbeat and gives the lease up; a failure only leaves it to expire.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_released)
            return;
        _released = true;
        await _stop.CancelAsync();
        await _heartbeat;
        bool lost;
        ReportLease lease;
        lock (_gate)
            (lost, lease) = (_lost, _lease);
        if (!lost)
        {
            try
            {
                await _reports.ReleaseLeaseAsync(lease, CancellationToken.None);
            }
            catch (Exception e)
            {
                LogNotReleased(_logger, e, lease.OrgId, lease.CycleId);
            }
        }

        _ticks.Dispose();
        _stop.Dispose();
    }

    private async Task HeartbeatAsync()
    {
        var token = _stop.Token;
        try
        {
            while (await _ticks.WaitForNextTickAsync(token))
            {
                ReportLease lease;
                lock (_gate)
                    lease = _lease;
                var now = _time.GetUtcNow();
                if (now < lease.ExpiresAt - (_duration * 2 / 3))
                    continue; // not due: renewal comes a third of the way through
                try
                {
                    var renewed = now < lease.ExpiresAt ? await _reports.RenewLeaseAsync(lease, _duration, now, token) : null;
                    lock (_gate)
                    {
                        if (renewed is null)
                            _lost = true;
                        else
                            _lease = renewed;
                    }

                    if (renewed is null)
                    {
                        LogLost(_logger, lease.OrgId, lease.CycleId);
                        return;
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException || !token.IsCancellationRequested)
                {
                    // Retried on the next tick; the lease is lost only if it runs out meanwhile.
                    LogNotRenewed(_logger, e, lease.OrgId, lease.CycleId);
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
    }
}
