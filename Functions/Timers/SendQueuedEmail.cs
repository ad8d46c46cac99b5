using Microsoft.Azure.Functions.Worker;
using SurveyNetwork.Functions.Email;

namespace SurveyNetwork.Functions.Timers;

/// <summary>
/// Sends queued messages every minute (nothing when no sender is configured). A run stops taking
/// new work after <see cref="Budget"/>, well inside the host's function timeout; the rest waits a minute.
/// </summary>
public sealed class SendQueuedEmail(EmailDelivery queue)
{
    public static readonly TimeSpan Budget = TimeSpan.FromMinutes(4);

    [Function(nameof(SendQueuedEmail))]
    public Task Run([TimerTrigger("0 * * * * *")] TimerInfo timer, CancellationToken ct) => queue.DrainAsync(Budget, ct);
}
