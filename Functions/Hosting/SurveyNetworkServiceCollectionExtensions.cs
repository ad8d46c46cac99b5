using FluentValidation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SurveyNetwork.Domain.Validation;
using SurveyNetwork.Functions.App;
using SurveyNetwork.Functions.Email;
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
        services.AddStores(configuration);
        services.AddValidatorsFromAssemblyContaining<RosterValidator>(ServiceLifetime.Singleton);
        services.AddSingleton(sp => new InvitationTokens(configuration, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<RespondentRateLimiter>();
        services.AddSurveyApplication();
        services.AddReports(configuration);
        services.AddEmail(configuration);
        return services;
    }

    /// <summary>The application services the HTTP functions call; each holds the rules of one kind of request.</summary>
    private static IServiceCollection AddSurveyApplication(this IServiceCollection services) => services
        .AddSingleton<RosterCycleCache>()
        .AddSingleton<RespondentAccess>()
        .AddSingleton<SurveyIntake>()
        .AddSingleton<SurveyForms>()
        .AddSingleton<Profiles>()
        .AddSingleton<RosterReplacement>()
        .AddSingleton<Cycles>()
        .AddSingleton<Invitations>()
        .AddSingleton<PersonErasure>()
        .AddSingleton<ReportRuns>()
        .AddSingleton<Administration>();
}
