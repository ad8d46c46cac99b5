using System.Net;
using System.Text.Json;
using Microsoft.Azure.Cosmos;

namespace SurveyNetwork.Functions.Storage.Cosmos;

/// <summary>
/// How every call of a Cosmos DB store runs: after the client's first contact with the account,
/// with a transient failure turned into <see cref="StoreUnavailableException"/> (a 503 with
/// Retry-After for the caller). Also the item operations both stores share.
/// </summary>
internal sealed class CosmosCalls(CosmosClient client)
{
    /// <summary>Writes answer with headers only: nothing reads the item back.</summary>
    public static readonly ItemRequestOptions NoContent = new() { EnableContentResponseOnWrite = false };

    private Task<AccountProperties>? _firstContact;

    /// <summary>Runs one store operation (every request it makes, retries included) as described above.</summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> operation, CancellationToken ct)
    {
        try
        {
            await FirstContactAsync(ct);
            return await operation();
        }
        catch (Exception e) when (IsTransient(e, ct))
        {
            throw Unavailable(e);
        }
    }

    public Task RunAsync(Func<Task> operation, CancellationToken ct) =>
        RunAsync(async () =>
        {
            await operation();
            return true;
        }, ct);

    /// <summary>A write that succeeds only while the item still has <paramref name="etag"/>.</summary>
    public static ItemRequestOptions IfMatch(string? etag) => new() { IfMatchEtag = etag, EnableContentResponseOnWrite = false };

    /// <summary>A point read; null on 404 (without the cost of an exception).</summary>
    public static async Task<T?> ReadItemAsync<T>(Container container, string id, PartitionKey pk, CancellationToken ct)
        where T : class
    {
        using var response = await container.ReadItemStreamAsync(id, pk, cancellationToken: ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
            return null;
        response.EnsureSuccessStatusCode();
        return await JsonSerializer.DeserializeAsync<T>(response.Content, StoreJson.Options, ct);
    }

    /// <summary>Every result of a query over one partition (paged).</summary>
    public static async Task<List<T>> QueryPartitionAsync<T>(Container container, QueryDefinition query, string partition, CancellationToken ct)
    {
        var options = new QueryRequestOptions { PartitionKey = new PartitionKey(partition), MaxItemCount = 1_000 };
        var results = new List<T>();
        using var iterator = container.GetItemQueryIterator<T>(query, requestOptions: options);
        while (iterator.HasMoreResults)
            results.AddRange(await iterator.ReadNextAsync(ct));
        return results;
    }

    /// <summary>
    /// Waits, at most <see cref="CosmosClientFactory.OperationBudget"/>, for the SDK's first contact
    /// with the account. The SDK makes that contact before its first operation, outside the
    /// operation's cancellation and budget, so a database already hung when the app starts would
    /// hold every request behind it for minutes; here they get a <see cref="TimeoutException"/>
    /// (a 503) in time instead. Once made, the check is one field read. A failed contact is tried
    /// again by the next request.
    /// </summary>
    private Task FirstContactAsync(CancellationToken ct)
    {
        var contact = Volatile.Read(ref _firstContact);
        if (contact is { IsCompletedSuccessfully: true })
            return Task.CompletedTask;
        if (contact is null || contact.IsFaulted || contact.IsCanceled)
        {
            var attempt = client.ReadAccountAsync();
            // Nobody may be waiting any more when an attempt fails: its exception is observed here.
            _ = attempt.ContinueWith(static t => _ = t.Exception, CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            var seen = Interlocked.CompareExchange(ref _firstContact, attempt, contact);
            contact = ReferenceEquals(seen, contact) ? attempt : seen!;
        }

        return contact.WaitAsync(CosmosClientFactory.OperationBudget, ct);
    }

    /// <summary>
    /// Failures worth a retry later: unreachable, overloaded (429 after the SDK's own retries),
    /// timed out, or a moved/retry-with replica. The caller's own cancellation is not one.
    /// </summary>
    private static bool IsTransient(Exception e, CancellationToken ct) => e switch
    {
        CosmosException c => c.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests
            or HttpStatusCode.RequestTimeout or HttpStatusCode.Gone or (HttpStatusCode)449,
        OperationCanceledException => !ct.IsCancellationRequested,
        HttpRequestException or TimeoutException or IOException => true,
        _ => false,
    };

    private static StoreUnavailableException Unavailable(Exception e) => e switch
    {
        CosmosException c => new($"Cosmos DB answered {(int)c.StatusCode} ({c.StatusCode}); retry shortly.", e),
        _ => new("Cosmos DB cannot be reached; retry shortly.", e),
    };
}
