using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SurveyNetwork.Functions;
using SurveyNetwork.Functions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<ExceptionMiddleware>();
builder.UseMiddleware<AdminAccessMiddleware>();
builder.Services.AddSurveyNetwork(builder.Configuration);
if (!string.IsNullOrEmpty(builder.Configuration[Settings.ApplicationInsightsConnectionString]))
{
    builder.Services.AddApplicationInsightsTelemetryWorkerService().ConfigureFunctionsApplicationInsights();
}

builder.Build().Run();
