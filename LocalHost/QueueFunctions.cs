using System.Globalization;
using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using SurveyNetwork.Functions;
using SurveyNetwork.Functions.Hosting;
using SurveyNetwork.Functions.Queues;

namespace SurveyNetwork.LocalHost;

/// <summary>
/// The queue settings of host.json (<c>extensions:queues</c>), overridable as the Functions host
/// allows (<c>AzureFunctionsJobHost__extensions__queues__visibilityTimeout</c> and so on), plus how
/// long a taken message stays invisible while its function runs.
/// </summary>
public sealed record QueueHostOptions(int BatchSize, int NewBatchThreshold, int MaxDequeueCount, TimeSpan VisibilityTimeout, TimeSpan MaxPollingInterval, TimeSpan MessageLease)
{
    private const string Section = "AzureFunctionsJobHost:extensions:queues";

    /// <summary>host.json next to the program, then the configuration's overrides; the Functions host's defaults for what neither says.</summary>
    public static QueueHostOptions From(IConfiguration configuration)
    {
        var file = new ConfigurationBuilder().AddJsonFile(Path.Combine(AppContext.BaseDirectory, "host.json"), optional: true).Build().GetSection("extensions:queues");
        string? Read(string name) => configuration[$"{Section}:{name}"] ?? file[name];
        int Whole(string name, int fallback) => Read(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        TimeSpan Time(string name, TimeSpan fallback) => Read(name) is { } v ? TimeSpan.Parse(v, CultureInfo.InvariantCulture) : fallback;
        var lease = configuration[Settings.QueueMessageLeaseSeconds] is { Length: > 0 } seconds
            ? TimeSpan.FromSeconds(int.Parse(seconds, CultureInfo.InvariantCulture))
            : TimeSpan.FromMinutes(10);
        return new(Whole("batchSize", 16), Whole("newBatchThreshold", 8), Whole("maxDequeueCount", 5), Time("visibilityTimeout", TimeSpan.Zero),
            Time("maxPollingInterval", TimeSpan.FromMinutes(1)), lease);
    }
}

/// <summary>
/// Runs the queue functions of the <see cref="FunctionCatalog"/> as the Functions host does, over
/// <see cref="IQueueBackend"/> (the embedded SQLite queue or Azurite): it takes up to batchSize messages
/// and takes more once no more than newBatchThreshold run; a running message stays invisible (renewed
/// every half lease); a success deletes it; a failure makes it visible again after visibilityTimeout,
/// or, at maxDequeueCount, moves it to the "-poison" queue. A crashed process's messages reappear
/// once their invisibility ends, and another process takes them.
/// </summary>
public sealed partial class QueueFunctions(IServiceProvider services, IQueueBackend queue, IConfiguration configuration, ILogger<QueueFunctions> logger)
    : BackgroundService
{
    private const string PoisonSuffix = "-poison";

    [LoggerMessage(Level = LogLevel.Error, Message = "Queue function {Function} failed (dequeue count {DequeueCount}); {Next}")]
    private static partial void LogFailed(ILogger logger, Exception exception, string function, long dequeueCount, string next);

    [LoggerMessage(Level = LogLevel.Error, Message = "Queue {Queue} could not be read; trying again")]
    private static partial void LogUnreadable(ILogger logger, Exception exception, string queue);

    public QueueHostOptions Options { get; } = QueueHostOptions.From(configuration);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            foreach (var f in FunctionCatalog.Queues)
            {
                await queue.CreateIfMissingAsync(f.Queue, stoppingToken);
                await queue.CreateIfMissingAsync(f.Queue + PoisonSuffix, stoppingToken);
            }

            await Task.WhenAll(FunctionCatalog.Queues.Select(f => ListenAsync(f, stoppingToken)));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task ListenAsync(QueueFunction f, CancellationToken ct)
    {
        var running = new List<Task>();
        var idle = TimeSpan.FromMilliseconds(100);
        while (!ct.IsCancellationRequested)
        {
            running.RemoveAll(t => t.IsCompleted);
            if (running.Count > Options.NewBatchThreshold)
            {
                await Task.WhenAny(running);
                continue;
            }

            IReadOnlyList<WorkMessage> messages;
            try
            {
                messages = await queue.ReceiveAsync(f.Queue, Options.BatchSize, Options.MessageLease, ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                LogUnreadable(logger, e, f.Queue);
                messages = [];
            }

            if (messages.Count == 0)
            {
                await queue.WaitForMessagesAsync(idle, ct);
                idle = TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, Options.MaxPollingInterval.Ticks));
                continue;
            }

            idle = TimeSpan.FromMilliseconds(100);
            running.AddRange(messages.Select(m => ProcessAsync(f, m, ct)));
        }

        await Task.WhenAll(running);
    }

    private async Task ProcessAsync(QueueFunction f, WorkMessage message, CancellationToken ct)
    {
        var held = message;
        using var done = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var renewal = KeepInvisibleAsync(() => held, m => held = m, done.Token);
        try
        {
            if (message.DequeueCount > Options.MaxDequeueCount)
            {
                throw new InvalidOperationException($"The message was taken {message.DequeueCount} times, more than maxDequeueCount.");
            }

            await InvokeAsync(services, f, message.Body, ct);
            await done.CancelAsync();
            await renewal;
            await queue.DeleteAsync(held, CancellationToken.None);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping: hand the message back at once for another process.
            await done.CancelAsync();
            await renewal;
            await queue.SetVisibilityAsync(held, TimeSpan.Zero, CancellationToken.None);
        }
        catch (Exception e)
        {
            await done.CancelAsync();
            await renewal;
            if (held.DequeueCount >= Options.MaxDequeueCount)
            {
                LogFailed(logger, e, f.Name, held.DequeueCount, "moved to the poison queue");
                await queue.SendAsync(held.Queue + PoisonSuffix, held.Body, ct: CancellationToken.None);
                await queue.DeleteAsync(held, CancellationToken.None);
            }
            else
            {
                LogFailed(logger, e, f.Name, held.DequeueCount, $"retried after {Options.VisibilityTimeout}");
                await queue.SetVisibilityAsync(held, Options.VisibilityTimeout, CancellationToken.None);
            }
        }
    }

    private async Task KeepInvisibleAsync(Func<WorkMessage> current, Action<WorkMessage> update, CancellationToken ct)
    {
        try
        {
            while (true)
            {
                await Task.Delay(Options.MessageLease / 2, ct);
                if (await queue.SetVisibilityAsync(current(), Options.MessageLease, ct) is { } renewed)
                {
                    update(renewed);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Runs one queue function on one message body (also used by tests).</summary>
    public static async Task InvokeAsync(IServiceProvider services, QueueFunction f, string body, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var instance = ActivatorUtilities.CreateInstance(scope.ServiceProvider, f.Type);
        var args = f.Method.GetParameters().Select(p =>
            p.GetCustomAttribute<QueueTriggerAttribute>() is not null ? body :
            p.ParameterType == typeof(CancellationToken) ? ct :
            (object?)null).ToArray();
        if (f.Method.Invoke(instance, args) is Task task)
        {
            await task;
        }
    }
}
