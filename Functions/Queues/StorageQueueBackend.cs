using Azure;
using Azure.Core;
using Azure.Identity;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using SurveyNetwork.Functions.Storage.Cosmos;

namespace SurveyNetwork.Functions.Queues;

/// <summary>
/// Azure Storage queues (or Azurite's queue service). Messages are base64-encoded, the encoding the
/// Functions queue trigger expects by default, so what this class sends the trigger reads.
/// </summary>
public sealed class StorageQueueBackend(QueueServiceClient service, TimeProvider time) : IQueueBackend
{
    public QueueServiceClient Service => service;

    /// <summary>
    /// The queue service of <see cref="Settings.ReportQueueEndpoint"/> through the managed identity, or, for
    /// an emulator on a loopback address only, <see cref="Settings.ReportQueueConnectionString"/>; null when neither is set.
    /// </summary>
    public static QueueServiceClient? CreateServiceClient(IConfiguration configuration, TokenCredential? credential = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new QueueClientOptions
        {
            MessageEncoding = QueueMessageEncoding.Base64,
            Retry = { MaxRetries = 3, Delay = TimeSpan.FromMilliseconds(500), NetworkTimeout = TimeSpan.FromSeconds(30) },
        };
        if (configuration[Settings.ReportQueueConnectionString] is { Length: > 0 } connectionString)
        {
            var local = new QueueServiceClient(connectionString, options);
            return CosmosClientFactory.IsLoopback(local.Uri)
                ? local
                : throw new InvalidOperationException(
                    $"{Settings.ReportQueueConnectionString} is accepted only for an emulator on a loopback address; Azure storage uses {Settings.ReportQueueEndpoint} and the managed identity.");
        }

        if (configuration[Settings.ReportQueueEndpoint] is not { Length: > 0 } endpoint)
            return null;
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
            throw new InvalidOperationException($"{Settings.ReportQueueEndpoint} must be the https queue endpoint, not \"{endpoint}\".");
        return new QueueServiceClient(uri, credential ?? new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned), options);
    }

    public async Task CreateIfMissingAsync(string queue, CancellationToken ct = default) =>
        await service.GetQueueClient(queue).CreateIfNotExistsAsync(cancellationToken: ct);

    public async Task SendAsync(string queue, string body, TimeSpan delay = default, CancellationToken ct = default) =>
        await service.GetQueueClient(queue).SendMessageAsync(body, delay == default ? null : delay, cancellationToken: ct);

    public async Task<IReadOnlyList<WorkMessage>> ReceiveAsync(string queue, int max, TimeSpan invisibleFor, CancellationToken ct = default)
    {
        var received = await service.GetQueueClient(queue).ReceiveMessagesAsync(Math.Clamp(max, 1, 32), invisibleFor, ct);
        return received.Value.Select(m => new WorkMessage(queue, m.MessageId, m.Body.ToString(), m.DequeueCount, m.PopReceipt)).ToArray();
    }

    public async Task<WorkMessage?> SetVisibilityAsync(WorkMessage message, TimeSpan invisibleFor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        try
        {
            var updated = await service.GetQueueClient(message.Queue).UpdateMessageAsync(message.Id, message.PopReceipt, visibilityTimeout: invisibleFor, cancellationToken: ct);
            return message with { PopReceipt = updated.Value.PopReceipt };
        }
        catch (RequestFailedException e) when (e.Status is 404 or 400)
        {
            return null;
        }
    }

    public async Task DeleteAsync(WorkMessage message, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        try
        {
            await service.GetQueueClient(message.Queue).DeleteMessageAsync(message.Id, message.PopReceipt, ct);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 400)
        {
            // Lost meanwhile (its visibility ended and another holder took it): that holder deletes it.
        }
    }

    public async Task<int> CountAsync(string queue, CancellationToken ct = default) =>
        (await service.GetQueueClient(queue).GetPropertiesAsync(ct)).Value.ApproximateMessagesCount;

    public Task WaitForMessagesAsync(TimeSpan max, CancellationToken ct) => Task.Delay(max, time, ct);
}
