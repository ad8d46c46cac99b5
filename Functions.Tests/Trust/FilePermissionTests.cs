using SurveyNetwork.Functions.Reports;
using SurveyNetwork.Functions.Storage.Sqlite;
using static SurveyNetwork.Functions.Tests.Storage.StoreTestData;

namespace SurveyNetwork.Functions.Tests.Trust;

/// <summary>
/// The database with its write-ahead log and shared-memory file, and published reports, hold
/// personal data: they are created readable by their owner only (files 0600, new folders 0700).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class FilePermissionTests : IDisposable
{
    private const UnixFileMode OwnerFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerFolder = OwnerFile | UnixFileMode.UserExecute;

    private readonly string _root = Directory.CreateTempSubdirectory("surveynetwork-modes-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task The_survey_database_its_log_and_shared_memory_file_are_owner_only()
    {
        var folder = Path.Combine(_root, "data", "db");
        var path = Path.Combine(folder, "surveynetwork.db");
        using (var store = new SqliteSurveyStore(path))
        {
            await store.InitializeAsync();
            var org = NewId("org");
            await store.ReplaceRosterAsync(Roster(org, 6));
            await store.UpsertSubmissionAsync(Submission(org, "c1", "p000001"));

            AssertOwnerOnly(path, path + "-wal", path + "-shm");
        }

        Assert.Equal(OwnerFolder, File.GetUnixFileMode(folder));
        Assert.Equal(OwnerFolder, File.GetUnixFileMode(Path.Combine(_root, "data")));
    }

    [Fact]
    public async Task The_report_database_is_owner_only()
    {
        var path = Path.Combine(_root, "reports-db", "reports.db");
        var store = new SqliteReportStore(path);
        await store.InitializeAsync();
        await store.SaveRunAsync(new ReportRun { OrgId = "acme", CycleId = "c1", Fingerprint = "f", CompletedAt = DateTimeOffset.UnixEpoch, Outcomes = [] });

        AssertOwnerOnly(Directory.GetFiles(Path.GetDirectoryName(path)!));
        Assert.Equal(OwnerFolder, File.GetUnixFileMode(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public async Task Published_report_files_and_their_folders_are_owner_only()
    {
        var publisher = new LocalFolderPublisher(Path.Combine(_root, "reports"));

        await publisher.PublishAsync("acme", "c1", "eng", ReportDelivery.PublisherContract.Files("A"));

        var files = Directory.GetFiles(publisher.Root, "*", SearchOption.AllDirectories);
        Assert.Equal(ReportFormat.All.Count, files.Length);
        AssertOwnerOnly(files);
        foreach (var folder in Directory.GetDirectories(publisher.Root, "*", SearchOption.AllDirectories).Append(publisher.Root))
            Assert.Equal(OwnerFolder, File.GetUnixFileMode(folder));
    }

    private static void AssertOwnerOnly(params string[] files)
    {
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            Assert.True(File.Exists(file), file + " was not created");
            Assert.True(File.GetUnixFileMode(file) == OwnerFile, $"{Path.GetFileName(file)}: {File.GetUnixFileMode(file)}");
        }
    }
}
