using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using SurveyNetwork.Domain.Validation;

namespace SurveyNetwork.Functions.Reports;

/// <summary>Links of a published report, one per format.</summary>
public sealed record ReportLinks(
    string? Html,
    string? Json,
    [property: JsonPropertyName("graphml")] string? GraphMl,
    string? Csv)
{
    public static ReportLinks From(IReadOnlyDictionary<string, string> links) => new(
        links.GetValueOrDefault(ReportFormat.Html), links.GetValueOrDefault(ReportFormat.Json),
        links.GetValueOrDefault(ReportFormat.GraphMl), links.GetValueOrDefault(ReportFormat.Csv));
}

/// <summary>The JSON body POSTed to a team's webhook when its report is published.</summary>
public sealed record ReportNotification(
    string OrgId, string CycleId, string TeamId, string ReportId, ReportLinks Links, DateTimeOffset ComputedAt);

/// <summary>Result of one notification: sent, or the reason it was not.</summary>
public sealed record NotificationResult(bool Sent, string? Error)
{
    public static readonly NotificationResult Success = new(true, null);
}

/// <summary>
/// POSTs a <see cref="ReportNotification"/> to a team's webhook through the named client
/// <see cref="ClientName"/>, whose standard resilience pipeline (per host) retries transient
/// failures. Retrying a POST is safe here: the body and the <c>Idempotency-Key</c> header carry the
/// report id, so a receiver can drop repeats. Only URLs <see cref="WebhookTargets"/> accepts are
/// sent, over connections <see cref="WebhookConnector"/> opens to checked addresses. Failures are
/// returned, never thrown: a webhook that is down must not stop a report run.
/// </summary>
public sealed partial class WebhookNotifier(IHttpClientFactory clients, WebhookTargets targets, ILogger<WebhookNotifier> logger)
{
    public const string ClientName = "report-webhooks";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook of team {TeamId} answered {Status}")]
    private static partial void LogAnswered(ILogger logger, string teamId, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook of team {TeamId} could not be reached")]
    private static partial void LogUnreachable(ILogger logger, Exception exception, string teamId);

    public async Task<NotificationResult> NotifyAsync(string webhookUrl, ReportNotification notification, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(notification);
        // Checked again here (rosters saved before the rule existed); the connector checks the resolved addresses.
        if (targets.Check(webhookUrl) is { } refused)
            return new(false, refused);
        var uri = new Uri(webhookUrl);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = JsonContent.Create(notification, options: Json) };
            request.Headers.Add("Idempotency-Key", notification.ReportId);
            using var response = await clients.CreateClient(ClientName).SendAsync(request, ct);
            if (response.IsSuccessStatusCode)
                return NotificationResult.Success;
            LogAnswered(logger, notification.TeamId, (int)response.StatusCode);
            return new(false, $"The webhook answered {(int)response.StatusCode} ({response.StatusCode}).");
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException or Polly.Timeout.TimeoutRejectedException
                                      or Polly.CircuitBreaker.BrokenCircuitException
                                  || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            LogUnreachable(logger, e, notification.TeamId);
            return new(false, $"The webhook could not be reached: {e.Message}");
        }
    }
}
