using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

Environment.SetEnvironmentVariable("COSMOS_DISABLE_IMDS_ACCESS", "true");

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Build().Run();
