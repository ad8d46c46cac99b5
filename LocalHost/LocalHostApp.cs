using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using SurveyNetwork.Functions;
using SurveyNetwork.Functions.Hosting;
using SurveyNetwork.Functions.Security;

namespace SurveyNetwork.LocalHost;

/// <summary>
/// Builds the local web host: the same function classes and services as the Functions app, with
/// embedded defaults (SQLite file and report folder under the data folder, a signing key and an
/// admin key generated once and kept in the data folder), so it runs with no configuration at all.
/// </summary>
public static class LocalHostApp
{
    public const string DefaultUrl = "http://localhost:7071";

    /// <summary>The setting (command line <c>--data DIR</c>) naming the folder local data and secrets live in.</summary>
    public const string DataFolderSetting = "data";

    private const string SecretsFile = "local-secrets.json";

    /// <summary>Settings a local run uses unless the environment or command line says otherwise.</summary>
    public static Dictionary<string, string?> Defaults(string dataFolder) => new()
    {
        [DataFolderSetting] = dataFolder,
        [Settings.StoreKind] = "sqlite",
        [Settings.SqlitePath] = Path.Combine(dataFolder, "surveynetwork.db"),
        [Settings.ReportPublisher] = "folder",
        [Settings.ReportFolder] = Path.Combine(dataFolder, "reports"),
        [Settings.ReportSchedule] = Settings.DefaultReportSchedule,
        [Settings.ReminderSchedule] = Settings.DefaultReminderSchedule,
        [Settings.ReportClosedWithinDays] = "7",
        [Settings.CosmosDatabase] = "surveynetwork",
        [Settings.ReportContainer] = "reports",
        [Settings.EmailSender] = "outbox",
        [Settings.EmailOutboxFolder] = Path.Combine(dataFolder, "outbox"),
        [Settings.EmailFrom] = "SurveyNetwork <surveys@localhost>",
        [Settings.EmailContact] = "your survey administrator",
    };

    /// <summary>Command-line flag: log every request (and the framework's information messages), not only warnings and errors.</summary>
    public const string VerboseFlag = "--verbose";

    /// <summary>Command-line flag: seed the demo organization.</summary>
    public const string DemoFlag = "--demo";

    public static WebApplication Build(string[] args, IDictionary<string, string?>? overrides = null, Action<ILoggingBuilder>? configureLogging = null)
    {
        // No configuration reload: its file watcher would also see every write to the data folder under the content root.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = [.. args.Where(a => a is not DemoFlag and not VerboseFlag), "--hostBuilder:reloadConfigOnChange=false"],
        });
        var dataFolder = Path.GetFullPath(builder.Configuration["data"] ?? (overrides is not null && overrides.TryGetValue("data", out var d) ? d : null) ?? "data");
        OwnerOnlyFiles.CreateFolder(dataFolder);

        // Lowest precedence first: embedded defaults, the local secrets file, then what the host
        // already read (environment, command line), then test overrides.
        var sources = builder.Configuration.Sources.ToList();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(Defaults(dataFolder));
        builder.Configuration.AddInMemoryCollection(LocalSecrets(dataFolder));
        foreach (var s in sources)
        {
            builder.Configuration.Sources.Add(s);
        }

        if (overrides is not null)
        {
            builder.Configuration.AddInMemoryCollection(overrides);
        }

        if (builder.Configuration["urls"] is null && builder.Configuration["ASPNETCORE_URLS"] is null)
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = 64 * 1024 * 1024;
            k.ConfigureEndpointDefaults(listen => listen.Use(next => RejectionProblems.Middleware(next, k.Limits)));
        });

        // A stop (Ctrl+C, SIGINT, SIGTERM) gives requests in flight one second, not the default thirty.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(1));
        ConfigureLogging(builder.Logging, verbose: args.Contains(VerboseFlag));
        configureLogging?.Invoke(builder.Logging);
        builder.Services.AddSurveyNetwork(builder.Configuration);
        builder.Services.AddHostedService<TimerFunctions>();
        builder.Services.AddHostedService<QueueFunctions>();

        var app = builder.Build();
        app.Lifetime.ApplicationStarted.Register(() => DefaultPublicBaseUrl(app));
        app.Use(RejectionProblems.TrackRequests);
        app.UseStatusCodePages(RejectionProblems.ForEmptyStatus);
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (Exception ex)
            {
                await ErrorResponses.WriteAsync(context, ex, context.RequestServices.GetRequiredService<ILogger<WebApplication>>());
            }
        });
        app.MapFunctions();
        return app;
    }

    /// <summary>
    /// Quiet by default (warnings and errors only, so the start banner stays readable); verbose
    /// adds the framework's information messages, one line per request among them. Request-start
    /// lines carry the full URL, query string included, so they stay off either way: keys must not reach logs.
    /// </summary>
    private static void ConfigureLogging(ILoggingBuilder logging, bool verbose)
    {
        logging.AddSimpleConsole(o => o.SingleLine = true);
        if (verbose)
        {
            logging.SetMinimumLevel(LogLevel.Debug);
            logging.AddFilter("Microsoft", LogLevel.Information);
        }
        else
        {
            logging.SetMinimumLevel(LogLevel.Warning);
        }

        logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
    }

    /// <summary>
    /// What the host prints when it has started: where the API, its description and the pages
    /// are. The admin key is shown only when the output is a terminal: redirected output tends to
    /// end up in log files, so there the line says where the key is kept instead.
    /// </summary>
    public static IEnumerable<string> StartBanner(IConfiguration config, string baseUrl, bool toTerminal, bool verbose = false)
    {
        var dataFolder = config[DataFolderSetting];
        var api = baseUrl + "/api";
        yield return $"SurveyNetwork LocalHost: {api}  (store: {config[Settings.StoreKind]}, data: {dataFolder})";
        if (toTerminal)
        {
            yield return $"  Admin key            {config[Settings.AdminKey]}  (x-functions-key header)";
        }
        else
        {
            var fromFile = dataFolder is not null && LocalSecrets(dataFolder).TryGetValue(Settings.AdminKey, out var kept) && kept == config[Settings.AdminKey];
            yield return fromFile
                ? $"  Admin key            not shown because output is redirected; it is {Settings.AdminKey} in {Path.Combine(dataFolder!, SecretsFile)}"
                : $"  Admin key            not shown because output is redirected; it is the {Settings.AdminKey} setting";
        }

        yield return $"  API description      {api}/openapi.json  (runnable examples: test.http in the repository)";
        yield return $"  Survey page          {api}/survey/page#token=<invitation token>";
        yield return $"  Profile page         {api}/survey/profile/page#token=<invitation token>";
        yield return verbose ? "  Logs                 verbose" : $"  Logs                 warnings and errors; {VerboseFlag} for every request";
    }

    /// <summary>
    /// Survey links point at this host's own listening address unless <see cref="Settings.PublicBaseUrl"/>
    /// is set; a wildcard address (0.0.0.0, [::]) becomes localhost on the same port.
    /// </summary>
    private static void DefaultPublicBaseUrl(WebApplication app)
    {
        if (!string.IsNullOrEmpty(app.Configuration[Settings.PublicBaseUrl]))
        {
            return;
        }

        var address = Addresses(app).Select(a => Uri.TryCreate(a.Replace("://+:", "://localhost:").Replace("://*:", "://localhost:"), UriKind.Absolute, out var u) ? u : null)
            .FirstOrDefault(u => u is not null && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps));
        if (address is not null)
        {
            var host = address.Host is "0.0.0.0" or "[::]" or "::" ? "localhost" : address.Host;
            app.Configuration[Settings.PublicBaseUrl] = new UriBuilder(address.Scheme, host, address.Port).Uri.GetLeftPart(UriPartial.Authority);
        }
    }

    /// <summary>The base addresses the server listens on (after start).</summary>
    public static IReadOnlyList<string> Addresses(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToArray() ?? [];

    /// <summary>
    /// The token-signing key and admin key of this data folder, generated on first run and kept in
    /// <c>local-secrets.json</c> so links and keys survive restarts. Never used in Azure.
    /// </summary>
    private static Dictionary<string, string?> LocalSecrets(string dataFolder)
    {
        var path = Path.Combine(dataFolder, SecretsFile);
        if (File.Exists(path))
        {
            return JsonSerializer.Deserialize<Dictionary<string, string?>>(File.ReadAllText(path)) ?? [];
        }

        var secrets = new Dictionary<string, string?>
        {
            [Settings.TokenSigningKey] = InvitationTokens.NewKey(),
            [Settings.AdminKey] = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)),
        };
        File.WriteAllText(path, JsonSerializer.Serialize(secrets));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return secrets;
    }
}
