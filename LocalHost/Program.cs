using SurveyNetwork.LocalHost;

ShutdownSignals.RestoreInterrupt();
await using var app = LocalHostApp.Build(args);
await app.StartAsync();
var config = app.Services.GetRequiredService<IConfiguration>();
var addresses = LocalHostApp.Addresses(app);
var baseUrl = addresses.Count > 0 ? addresses[0] : LocalHostApp.DefaultUrl;
var toTerminal = !Console.IsOutputRedirected;
foreach (var line in LocalHostApp.StartBanner(config, baseUrl, toTerminal, verbose: args.Contains(LocalHostApp.VerboseFlag)))
{
    Console.WriteLine(line);
}

if (args.Contains(LocalHostApp.DemoFlag))
{
    try
    {
        await DemoSeeder.SeedAsync(app.Services, baseUrl, Console.Out, app.Lifetime.ApplicationStopping, toTerminal);
    }
    catch (OperationCanceledException) when (app.Lifetime.ApplicationStopping.IsCancellationRequested)
    {
        // Stopped while seeding: the host is shutting down.
    }
}

Console.WriteLine("Ctrl+C (SIGINT) or SIGTERM stops it.");
await app.WaitForShutdownAsync();
