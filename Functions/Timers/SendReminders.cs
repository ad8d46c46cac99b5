using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using SurveyNetwork.Functions.Email;

namespace SurveyNetwork.Functions.Timers;

/// <summary>Reminds people who have not answered (<see cref="Settings.ReminderSchedule"/>, by default daily 08:00 UTC); the rules are <see cref="EmailQueue.QueueRemindersAsync"/>'s.</summary>
public sealed class SendReminders(EmailQueue queue, ILogger<SendReminders> logger)
{
    [Function(nameof(SendReminders))]
    public async Task Run([TimerTrigger("%REMINDER_SCHEDULE%")] TimerInfo timer, CancellationToken ct)
    {
        if (!queue.Enabled)
            return;
        var queued = await queue.QueueRemindersAsync(ct);
        if (queued > 0)
            logger.LogInformation("Reminders queued: {Count}", queued);
        await queue.DrainAsync(SendQueuedEmail.Budget, ct);
    }
}
