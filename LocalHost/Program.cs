using SurveyNetwork.Functions;
using SurveyNetwork.LocalHost;

var app = LocalHostApp.Build(args);
await app.StartAsync();
var config = app.Services.GetRequiredService<IConfiguration>();
var addresses = LocalHostApp.Addresses(app);
var baseUrl = addresses.Count > 0 ? addresses[0] : LocalHostApp.DefaultUrl;
foreach (var line in LocalHostApp.StartBanner(config, baseUrl, toTerminal: !Console.IsOutputRedirected))
{
    Console.WriteLine(line);
}

if (args.Contains("--demo"))
{
    await DemoSeeder.SeedAsync(app.Services, baseUrl, Console.Out, CancellationToken.None);
}

await app.WaitForShutdownAsync();
