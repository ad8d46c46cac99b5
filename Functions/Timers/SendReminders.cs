using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using SurveyNetwork.Functions.Email;

namespace SurveyNetwork.Functions.Timers;

/// <summary>Reminds people who have not answered (<see cref="Settings.ReminderSchedule"/>, by default daily 08:00 UTC); the rules are <see cref="EmailDelivery.QueueRemindersAsync"/>'s.</summary>
public sealed partial class SendReminders(EmailDelivery queue, ILogger<SendReminders> logger)
{
    [Function(nameof(SendReminders))]
    public async Task Run([TimerTrigger("%REMINDER_SCHEDULE%")] TimerInfo timer, CancellationToken ct)
    {
        if (!queue.Enabled)
            return;
        var queued = await queue.QueueRemindersAsync(ct);
        if (queued > 0)
            LogQueued(logger, queued);
        await queue.DrainAsync(SendQueuedEmail.Budget, ct);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reminders queued: {Count}")]
    private static partial void LogQueued(ILogger logger, int count);
}
