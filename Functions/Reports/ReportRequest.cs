using System.Text.Json.Serialization;
using SurveyNetwork.Domain.Survey;

namespace SurveyNetwork.Functions.Reports;

/// <summary>Where a queued report run stands.</summary>
[JsonConverter(typeof(CamelCaseEnumConverter<ReportRequestState>))]
public enum ReportRequestState
{
    /// <summary>A message waits in the queue (first time, or again after a failed or busy attempt).</summary>
    Queued,

    /// <summary>An instance is running the cycle now.</summary>
    Running,

    /// <summary>The run finished; <see cref="ReportRequest.Result"/> says what happened to each scope.</summary>
    Done,

    /// <summary>Every attempt failed; the message went to the poison queue and <see cref="ReportRequest.Error"/> says why.</summary>
    Failed,
}

/// <summary>
/// One asked-for run of a cycle's reports — by the schedule or by an admin — from the moment it is
/// queued until it is done or given up; the status route answers with it and the run history lists
/// the latest ones, failures included.
/// </summary>
public sealed record ReportRequest
{
    public required string Id { get; init; }
    public required string OrgId { get; init; }
    public required string CycleId { get; init; }

    /// <summary>Rebuild every scope even when nothing changed.</summary>
    public bool Force { get; init; }

    /// <summary>"schedule" or "admin".</summary>
    public required string Origin { get; init; }

    public required ReportRequestState State { get; init; }
    public required DateTimeOffset QueuedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>Attempts started so far (a retry after a failure or a crash counts again).</summary>
    public int Attempts { get; init; }

    /// <summary>The run's summary once done.</summary>
    public CycleRunSummary? Result { get; init; }

    /// <summary>The last attempt's error, if any.</summary>
    public string? Error { get; init; }

    public const string Scheduled = "schedule";
    public const string Admin = "admin";

    /// <summary>A new request id: time-ordered, so ids sort like their queueing.</summary>
    public static string NewId(DateTimeOffset now) => now.ToUnixTimeMilliseconds().ToString("x12", System.Globalization.CultureInfo.InvariantCulture) + Guid.NewGuid().ToString("N")[..12];
}

/// <summary>The queue message: which request to run (everything else is read from the store).</summary>
public sealed record ReportRequestMessage(string OrgId, string CycleId, string RequestId);
