using SurveyNetwork.Functions.Storage;
using SurveyNetwork.Functions.Storage.Sqlite;
using static SurveyNetwork.Functions.Tests.Storage.StoreTestData;

namespace SurveyNetwork.Functions.Tests.Storage;

public sealed class SqliteSurveyStoreTests(SqliteFixture fixture) : SurveyStoreContract, IClassFixture<SqliteFixture>
{
    protected override ISurveyStore Store => fixture.Store;

    [Fact]
    public async Task The_file_is_in_wal_mode_and_survives_reopening()
    {
        var org = NewId("org");
        await fixture.Store.UpsertSubmissionAsync(Submission(org, "c1", "r1"));

        using var reopened = new SqliteSurveyStore(fixture.Store.Path);
        await reopened.InitializeAsync();

        AssertSame(Submission(org, "c1", "r1"), await reopened.GetSubmissionAsync(org, "c1", "r1"));
        Assert.True(File.Exists(fixture.Store.Path + "-wal"));
    }

    [Fact]
    public async Task Using_the_store_before_initializing_it_is_an_error()
    {
        using var store = new SqliteSurveyStore(Path.Combine(Path.GetTempPath(), NewId("never") + ".db"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.GetSubmissionAsync("org", "c1", "r1"));
        Assert.False(File.Exists(store.Path));
    }
}
