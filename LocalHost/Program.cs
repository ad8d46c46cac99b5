using SurveyNetwork.Functions;
using SurveyNetwork.LocalHost;

var app = LocalHostApp.Build(args);
await app.StartAsync();
var config = app.Services.GetRequiredService<IConfiguration>();
var baseUrl = LocalHostApp.Addresses(app).FirstOrDefault() ?? LocalHostApp.DefaultUrl;
Console.WriteLine($"SurveyNetwork local host listening on {baseUrl}/api  (store: {config[Settings.StoreKind]}, data: {Path.GetDirectoryName(config[Settings.SqlitePath])})");
Console.WriteLine($"Admin key (x-functions-key): {config[Settings.AdminKey]}");
if (args.Contains("--demo"))
{
    await DemoSeeder.SeedAsync(app.Services, baseUrl, Console.Out, CancellationToken.None);
}

await app.WaitForShutdownAsync();
