using Microsoft.Azure.Cosmos;

namespace SurveyNetwork.Functions.Storage.Cosmos;

/// <summary>
/// Gives each Cosmos DB operation, the SDK's own retries included, a time budget. In Gateway mode
/// the SDK waits up to 65 seconds for a response that never comes (and retries reads), so without
/// a budget a hung database holds a respondent's request for minutes; with it the request ends
/// in a 503 with Retry-After (<see cref="CosmosCalls"/> reports the budget's cancellation as
/// <see cref="StoreUnavailableException"/>).
/// </summary>
public sealed class OperationTimeoutHandler(TimeSpan budget) : RequestHandler
{
    public TimeSpan Budget { get; } = budget;

    public override async Task<ResponseMessage> SendAsync(RequestMessage request, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Budget);
        return await base.SendAsync(request, deadline.Token);
    }
}
