using System.Text.RegularExpressions;
using Cronos;
using Microsoft.Azure.Functions.Worker;
using SurveyNetwork.Functions.Hosting;

namespace SurveyNetwork.LocalHost;

/// <summary>
/// Runs the timer functions of the <see cref="FunctionCatalog"/> on their schedules, as the Functions host would
/// (six-field NCRONTAB, UTC). A run that throws is logged and the schedule goes on.
/// </summary>
public sealed partial class TimerFunctions(IServiceProvider services, IConfiguration configuration, TimeProvider time, ILogger<TimerFunctions> logger)
    : BackgroundService
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Timer {Function} next runs at {Next:u}")]
    private static partial void LogNextRun(ILogger logger, string function, DateTime next);

    [LoggerMessage(Level = LogLevel.Error, Message = "Timer function {Function} failed; it runs again on its next schedule")]
    private static partial void LogFailed(ILogger logger, Exception exception, string function);

    /// <summary>Replaces %NAME% with the setting's value, as the Functions host does for binding expressions.</summary>
    public static string Resolve(string expression, IConfiguration configuration) =>
        SettingReference().Replace(expression, m => configuration[m.Groups[1].Value]
            ?? throw new InvalidOperationException($"Setting {m.Groups[1].Value} is used by a timer schedule but is not set."));

    /// <summary>Runs one timer function now (also used by tests).</summary>
    public static async Task RunOnceAsync(IServiceProvider services, TimerFunction f, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var instance = ActivatorUtilities.CreateInstance(scope.ServiceProvider, f.Type);
        var args = f.Method.GetParameters().Select(p =>
            p.ParameterType == typeof(TimerInfo) ? new TimerInfo() :
            p.ParameterType == typeof(CancellationToken) ? ct :
            (object?)null).ToArray();
        if (f.Method.Invoke(instance, args) is Task task)
        {
            await task;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Every schedule is resolved before any timer starts, so a missing setting stops them all.
        var timers = FunctionCatalog.Timers
            .Select(t => (Function: t, Schedule: CronExpression.Parse(Resolve(t.Schedule, configuration), CronFormat.IncludeSeconds)))
            .ToArray();
        await Task.WhenAll(timers.Select(t => LoopAsync(t.Function, t.Schedule, stoppingToken)));
    }

    private async Task LoopAsync(TimerFunction f, CronExpression cron, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var next = cron.GetNextOccurrence(time.GetUtcNow().UtcDateTime);
            if (next is null)
            {
                return;
            }

            LogNextRun(logger, f.Name, next.Value);
            try
            {
                await Task.Delay(next.Value - time.GetUtcNow().UtcDateTime, time, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                await RunOnceAsync(services, f, ct);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                LogFailed(logger, ex, f.Name);
            }
        }
    }

    [GeneratedRegex("%([A-Za-z0-9_]+)%")]
    private static partial Regex SettingReference();
}
