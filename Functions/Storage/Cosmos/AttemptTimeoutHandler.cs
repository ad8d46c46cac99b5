namespace SurveyNetwork.Functions.Storage.Cosmos;

/// <summary>
/// Bounds each HTTP request the Cosmos DB SDK sends (until the response headers arrive): one that
/// takes longer fails with a <see cref="TimeoutException"/>, which the SDK and the store treat as
/// a transient failure. Unlike <see cref="OperationTimeoutHandler"/> this also covers requests the
/// SDK makes outside any operation, such as reading the account when it first starts.
/// </summary>
public sealed class AttemptTimeoutHandler(TimeSpan limit) : DelegatingHandler
{
    public TimeSpan Limit { get; } = limit;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Limit);
        try
        {
            return await base.SendAsync(request, deadline.Token);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Cosmos DB did not answer within {Limit.TotalSeconds:N0} s.", e);
        }
    }
}
