namespace SurveyNetwork.Functions.Queues;

/// <summary>A message taken from a queue: invisible to others until its visibility ends; the pop receipt proves who holds it.</summary>
/// <param name="DequeueCount">How often the message has been taken, this time included.</param>
public sealed record WorkMessage(string Queue, string Id, string Body, long DequeueCount, string PopReceipt);

/// <summary>
/// A queue with the semantics of Azure Storage queues: a taken message stays invisible for a time
/// and then reappears (with its dequeue count raised) unless deleted with its pop receipt. The
/// Functions host drives the Azure queue itself; LocalHost drives either backend through this port
/// (<see cref="StorageQueueBackend"/> for Azure Storage or Azurite, <see cref="SqliteQueueBackend"/> embedded).
/// </summary>
public interface IQueueBackend
{
    /// <summary>Creates the queue when missing; idempotent.</summary>
    Task CreateIfMissingAsync(string queue, CancellationToken ct = default);

    /// <summary>Adds a message, visible after <paramref name="delay"/>.</summary>
    Task SendAsync(string queue, string body, TimeSpan delay = default, CancellationToken ct = default);

    /// <summary>Takes up to <paramref name="max"/> visible messages, each invisible for <paramref name="invisibleFor"/>.</summary>
    Task<IReadOnlyList<WorkMessage>> ReceiveAsync(string queue, int max, TimeSpan invisibleFor, CancellationToken ct = default);

    /// <summary>Keeps a held message invisible for <paramref name="invisibleFor"/> from now; the returned message carries the new pop receipt, null when it was lost.</summary>
    Task<WorkMessage?> SetVisibilityAsync(WorkMessage message, TimeSpan invisibleFor, CancellationToken ct = default);

    /// <summary>Removes a held message; does nothing when it was lost meanwhile.</summary>
    Task DeleteAsync(WorkMessage message, CancellationToken ct = default);

    /// <summary>Messages in the queue, visible or not (approximate on Azure Storage).</summary>
    Task<int> CountAsync(string queue, CancellationToken ct = default);

    /// <summary>Completes when a message may have arrived or after <paramref name="max"/>, whichever is first.</summary>
    Task WaitForMessagesAsync(TimeSpan max, CancellationToken ct);
}
