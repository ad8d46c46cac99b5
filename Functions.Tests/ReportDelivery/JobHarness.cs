using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SurveyNetwork.Domain.Demo;
using SurveyNetwork.Domain.Survey;
using SurveyNetwork.Functions.Reports;
using SurveyNetwork.Functions.Storage;
using SurveyNetwork.Functions.Storage.Sqlite;

namespace SurveyNetwork.Functions.Tests.ReportDelivery;

/// <summary>
/// The report job wired as the app wires it (AddStores + AddReports: a SQLite file, a report
/// folder, the webhook client) in a temporary folder of its own, with a fake clock, fast webhook
/// retries, and stores and publisher wrapped so tests can count writes and inject failures.
/// </summary>
public sealed class JobHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 6, 0, 0, TimeSpan.Zero);

    private readonly ServiceProvider _services;

    private JobHarness(string folder, ServiceProvider services)
    {
        Folder = folder;
        _services = services;
        Survey = services.GetRequiredService<ISurveyStore>();
        Reports = new CountingReportStore(services.GetRequiredService<IReportStore>());
        Files = (LocalFolderPublisher)services.GetRequiredService<IReportPublisher>();
        Publisher = new CountingPublisher(Files);
        Notifier = services.GetRequiredService<WebhookNotifier>();
    }

    public string Folder { get; }
    public string ReportFolder => Files.Root;
    /// <summary>The job's clock (the webhook client keeps the real one, so its retry delays elapse).</summary>
    public FakeTimeProvider Time { get; } = new(Start);
    public ISurveyStore Survey { get; }
    public CountingReportStore Reports { get; }
    public LocalFolderPublisher Files { get; }
    public CountingPublisher Publisher { get; }
    public WebhookNotifier Notifier { get; }

    public static async Task<JobHarness> StartAsync()
    {
        var folder = Directory.CreateTempSubdirectory("surveynetwork-job-").FullName;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [Settings.StoreKind] = "sqlite",
            [Settings.SqlitePath] = Path.Combine(folder, "surveynetwork.db"),
            [Settings.ReportPublisher] = "folder",
            [Settings.ReportFolder] = Path.Combine(folder, "reports"),
            [Settings.ReportClosedWithinDays] = "7",
            [Settings.WebhookAllowedHosts] = "127.0.0.1", // the loopback receiver of the webhook tests
        }).Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddStores(configuration)
            .AddReports(configuration);
        services.Configure<HttpStandardResilienceOptions>(WebhookNotifier.ClientName + "-standard", o => o.Retry.Delay = TimeSpan.FromMilliseconds(5));
        var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<ISurveyStore>().InitializeAsync();
        await provider.GetRequiredService<IReportStore>().InitializeAsync();
        return new JobHarness(folder, provider);
    }

    /// <summary>A job on this harness's stores; by default through the counting publisher and store.</summary>
    public ReportJob Job(IReportPublisher? publisher = null, ReportJobOptions? options = null) =>
        new(Survey, Reports, publisher ?? Publisher, Notifier, Time, options ?? new ReportJobOptions(), NullLogger<ReportJob>.Instance);

    /// <summary>
    /// The demo organization (8 teams, ~60 people, most of them answering) with an open cycle; the
    /// given teams get webhook URLs.
    /// </summary>
    public async Task<(Roster Roster, Cycle Cycle)> SeedAsync(
        string orgId = "acme", string cycleId = "c1", IReadOnlyDictionary<string, string>? webhooks = null, DateTimeOffset? closesAt = null,
        DateTimeOffset? opensAt = null)
    {
        var roster = DemoOrganization.Roster(orgId, Start.AddDays(-10));
        if (webhooks is not null)
        {
            roster = roster with { Teams = roster.Teams.Select(t => webhooks.TryGetValue(t.Id, out var url) ? t with { WebhookUrl = url } : t).ToArray() };
        }

        await Survey.ReplaceRosterAsync(roster);
        var cycle = await Survey.CreateCycleAsync(new Cycle
        {
            OrgId = orgId,
            Id = cycleId,
            Title = "Spring network survey",
            OpensAt = opensAt ?? Start.AddDays(-7),
            ClosesAt = closesAt ?? Start.AddDays(21),
            CreatedAt = Start.AddDays(-8),
        });
        foreach (var s in DemoOrganization.Answers(roster, cycleId, Start.AddDays(-3)))
        {
            await Survey.UpsertSubmissionAsync(s);
        }

        return (roster, cycle);
    }

    /// <summary>Every published file, by path relative to the report folder.</summary>
    public SortedDictionary<string, byte[]> PublishedFiles()
    {
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        if (!Directory.Exists(ReportFolder))
            return files;
        foreach (var path in Directory.EnumerateFiles(ReportFolder, "*", SearchOption.AllDirectories))
            files[Path.GetRelativePath(ReportFolder, path).Replace(Path.DirectorySeparatorChar, '/')] = File.ReadAllBytes(path);
        return files;
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}

/// <summary>A publisher that counts what it writes and can fail one scope, or "crash" (cancel the run) after some reports.</summary>
public sealed class CountingPublisher(IReportPublisher inner) : IReportPublisher
{
    private int _reports;
    private int _files;

    public int Reports => _reports;
    public int FilesWritten => _files;

    /// <summary>Scopes whose publishing throws.</summary>
    public HashSet<string> FailingScopes { get; } = [];

    /// <summary>After this many reports the next one writes half its files, then cancels <see cref="Crash"/> and throws.</summary>
    public int? CrashAfter { get; set; }
    public CancellationTokenSource? Crash { get; set; }

    /// <summary>Delay before each report, to make runs overlap.</summary>
    public TimeSpan Delay { get; set; }

    public async Task<IReadOnlyDictionary<string, string>> PublishAsync(string orgId, string cycleId, string scope, IReadOnlyList<ReportFile> files, CancellationToken ct = default)
    {
        if (Delay > TimeSpan.Zero)
            await Task.Delay(Delay, ct);
        if (FailingScopes.Contains(scope))
            throw new IOException($"The destination refused {scope}.");
        var n = Interlocked.Increment(ref _reports);
        if (CrashAfter is { } limit && n > limit)
        {
            await inner.PublishAsync(orgId, cycleId, scope, files.Take(files.Count / 2).ToArray(), CancellationToken.None);
            Interlocked.Add(ref _files, files.Count / 2);
            Crash!.Cancel();
            throw new OperationCanceledException(Crash.Token);
        }

        Interlocked.Add(ref _files, files.Count);
        return await inner.PublishAsync(orgId, cycleId, scope, files, ct);
    }

    public Task<byte[]?> ReadAsync(string orgId, string cycleId, string scope, string format, CancellationToken ct = default) =>
        inner.ReadAsync(orgId, cycleId, scope, format, ct);

    public Task DeleteAsync(string orgId, string cycleId, string scope, CancellationToken ct = default)
    {
        Interlocked.Increment(ref _files);
        return inner.DeleteAsync(orgId, cycleId, scope, ct);
    }
}

/// <summary>A report store that counts every write (reports, runs, deletions and lease operations).</summary>
public sealed class CountingReportStore(IReportStore inner) : IReportStore
{
    private int _writes;
    private int _renewals;

    public int Writes => _writes;

    /// <summary>Lease renewals that succeeded.</summary>
    public int Renewals => Volatile.Read(ref _renewals);

    public Task InitializeAsync(CancellationToken ct = default) => inner.InitializeAsync(ct);

    public Task<ReportRun?> GetLastRunAsync(string orgId, string cycleId, CancellationToken ct = default) => inner.GetLastRunAsync(orgId, cycleId, ct);

    public Task SaveRunAsync(ReportRun run, CancellationToken ct = default) => Count(inner.SaveRunAsync(run, ct));

    public Task SaveReportAsync(StoredReport report, CancellationToken ct = default) => Count(inner.SaveReportAsync(report, ct));

    public Task<StoredReport?> GetReportAsync(string orgId, string cycleId, string scope, CancellationToken ct = default) =>
        inner.GetReportAsync(orgId, cycleId, scope, ct);

    public Task<IReadOnlyList<string>> ListReportScopesAsync(string orgId, string cycleId, CancellationToken ct = default) =>
        inner.ListReportScopesAsync(orgId, cycleId, ct);

    public Task<bool> DeleteReportAsync(string orgId, string cycleId, string scope, CancellationToken ct = default) =>
        Count(inner.DeleteReportAsync(orgId, cycleId, scope, ct));

    public Task<ReportLease?> TryAcquireLeaseAsync(string orgId, string cycleId, TimeSpan duration, DateTimeOffset now, CancellationToken ct = default) =>
        Count(inner.TryAcquireLeaseAsync(orgId, cycleId, duration, now, ct));

    public async Task<ReportLease?> RenewLeaseAsync(ReportLease lease, TimeSpan duration, DateTimeOffset now, CancellationToken ct = default)
    {
        var renewed = await Count(inner.RenewLeaseAsync(lease, duration, now, ct));
        if (renewed is not null)
            Interlocked.Increment(ref _renewals);
        return renewed;
    }

    public Task ReleaseLeaseAsync(ReportLease lease, CancellationToken ct = default) => Count(inner.ReleaseLeaseAsync(lease, ct));

    public Task<ReportRequest?> TryAddPendingRequestAsync(ReportRequest request, DateTimeOffset staleBefore, CancellationToken ct = default) =>
        inner.TryAddPendingRequestAsync(request, staleBefore, ct);

    public Task ClearPendingRequestAsync(string orgId, string cycleId, string requestId, CancellationToken ct = default) =>
        inner.ClearPendingRequestAsync(orgId, cycleId, requestId, ct);

    public Task SaveRequestAsync(ReportRequest request, CancellationToken ct = default) => inner.SaveRequestAsync(request, ct);

    public Task<ReportRequest?> GetRequestAsync(string orgId, string cycleId, string requestId, CancellationToken ct = default) =>
        inner.GetRequestAsync(orgId, cycleId, requestId, ct);

    public Task<IReadOnlyList<ReportRequest>> ListRequestsAsync(string orgId, string cycleId, int count, CancellationToken ct = default) =>
        inner.ListRequestsAsync(orgId, cycleId, count, ct);

    private Task Count(Task task)
    {
        Interlocked.Increment(ref _writes);
        return task;
    }

    private Task<T> Count<T>(Task<T> task)
    {
        Interlocked.Increment(ref _writes);
        return task;
    }
}
