using Microsoft.Extensions.Hosting;

namespace SurveyNetwork.Functions.Storage;

/// <summary>Creates the stores' tables or containers (when configured to) before the host serves requests.</summary>
internal sealed class StoreInitializer(ISurveyStore survey, IReportStore reports, IMessageStore messages) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await survey.InitializeAsync(cancellationToken);
        await reports.InitializeAsync(cancellationToken);
        await messages.InitializeAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
