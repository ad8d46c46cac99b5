using System.Reflection;
using System.Text.RegularExpressions;
using Cronos;
using Microsoft.Azure.Functions.Worker;

namespace SurveyNetwork.LocalHost;

/// <summary>One timer function: its class, method and NCRONTAB schedule (after %SETTING% substitution).</summary>
public sealed record TimerFunction(string Name, Type Type, MethodInfo Method, string Schedule);

/// <summary>
/// Runs the Functions project's timer functions on their schedules, as the Functions host would
/// (six-field NCRONTAB, UTC). A run that throws is logged and the schedule goes on.
/// </summary>
public sealed partial class TimerFunctions(IServiceProvider services, IConfiguration configuration, TimeProvider time, ILogger<TimerFunctions> logger)
    : BackgroundService
{
    public static IReadOnlyList<TimerFunction> Discover(Assembly assembly, IConfiguration configuration) =>
        assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).Select(m => (t, m)))
            .Select(x => (x.t, x.m, function: x.m.GetCustomAttribute<FunctionAttribute>(),
                trigger: x.m.GetParameters().Select(p => p.GetCustomAttribute<TimerTriggerAttribute>()).FirstOrDefault(a => a is not null)))
            .Where(x => x.function is not null && x.trigger is not null)
            .Select(x => new TimerFunction(x.function!.Name, x.t, x.m, Resolve(x.trigger!.Schedule, configuration)))
            .ToArray();

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
        var timers = Discover(typeof(SurveyNetwork.Functions.Settings).Assembly, configuration);
        await Task.WhenAll(timers.Select(t => LoopAsync(t, stoppingToken)));
    }

    private async Task LoopAsync(TimerFunction f, CancellationToken ct)
    {
        var cron = CronExpression.Parse(f.Schedule, CronFormat.IncludeSeconds);
        while (!ct.IsCancellationRequested)
        {
            var next = cron.GetNextOccurrence(time.GetUtcNow().UtcDateTime);
            if (next is null)
            {
                return;
            }

            logger.LogInformation("Timer {Function} next runs at {Next:u}", f.Name, next);
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
                logger.LogError(ex, "Timer function {Function} failed; it runs again on its next schedule", f.Name);
            }
        }
    }

    [GeneratedRegex("%([A-Za-z0-9_]+)%")]
    private static partial Regex SettingReference();
}
