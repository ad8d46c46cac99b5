using FluentValidation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SurveyNetwork.Domain.Validation;
using SurveyNetwork.Functions.App;
using SurveyNetwork.Functions.Reports;
using SurveyNetwork.Functions.Security;
using SurveyNetwork.Functions.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SurveyNetwork.Functions.Hosting;

/// <summary>Registers everything the functions need; used by the Functions host and by LocalHost.</summary>
public static class SurveyNetworkServiceCollectionExtensions
{
    public static IServiceCollection AddSurveyNetwork(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSurveyStore(configuration);
        services.AddValidatorsFromAssemblyContaining<RosterValidator>(ServiceLifetime.Singleton);
        services.AddSingleton(sp => new InvitationTokens(configuration, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<RespondentRateLimiter>();
        services.AddSingleton<SurveyReads>();
        services.AddReports(configuration);
        return services;
    }
}
