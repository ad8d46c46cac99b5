using SurveyNetwork.Functions.Reports;
using SurveyNetwork.Functions.Storage.Sqlite;
using SurveyNetwork.Functions.Storage;
using SurveyNetwork.Functions.Tests.Storage;
using static SurveyNetwork.Functions.Tests.Storage.StoreTestData;

namespace SurveyNetwork.Functions.Tests.ReportDelivery;

/// <summary>The report store contract on a SQLite file shared with a survey store, as the app runs it.</summary>
public sealed class SqliteReportStoreTests : ReportStoreContract, IClassFixture<SqliteFixture>, IAsyncLifetime
{
    private readonly SqliteFixture _fixture;

    public SqliteReportStoreTests(SqliteFixture fixture)
    {
        _fixture = fixture;
        Sqlite = new SqliteReportStore(fixture.Store.Path);
    }

    private SqliteReportStore Sqlite { get; }

    protected override IReportStore Store => Sqlite;

    public Task InitializeAsync() => Sqlite.InitializeAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Reports_and_survey_data_live_in_the_same_file_without_disturbing_each_other()
    {
        var org = NewId("org");
        await _fixture.Store.UpsertSubmissionAsync(Submission(org, "c1", "r1"));
        await Sqlite.SaveReportAsync(Report(org, "c1", "eng"));

        Assert.NotNull(await _fixture.Store.GetSubmissionAsync(org, "c1", "r1"));
        Assert.NotNull(await Sqlite.GetReportAsync(org, "c1", "eng"));
    }

    [Fact]
    public async Task Using_the_store_before_initializing_it_is_an_error()
    {
        var store = new SqliteReportStore(Path.Combine(Path.GetTempPath(), NewId("never") + ".db"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.GetLastRunAsync("org", "c1"));
        Assert.False(File.Exists(store.Path));
    }
}
