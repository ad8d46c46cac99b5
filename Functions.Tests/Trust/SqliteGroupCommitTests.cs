using System.Globalization;
using SurveyNetwork.Functions.Storage.Sqlite;
using SurveyNetwork.Functions.Tests.Storage;
using static SurveyNetwork.Functions.Tests.Storage.StoreTestData;

namespace SurveyNetwork.Functions.Tests.Trust;

/// <summary>
/// The SQLite store commits concurrent submissions in groups: each caller still sees its own row
/// committed when its task completes, a respondent's later answer wins, other writes interleave,
/// and a store that is closed fails waiting callers instead of leaving them hanging.
/// </summary>
public sealed class SqliteGroupCommitTests : IAsyncLifetime
{
    private readonly SqliteFixture _sqlite = new();

    public Task InitializeAsync() => _sqlite.InitializeAsync();

    public Task DisposeAsync() => _sqlite.DisposeAsync();

    [Fact]
    public async Task Concurrent_respondents_each_keep_exactly_their_last_answer_while_other_writes_interleave()
    {
        var store = _sqlite.Store;
        await store.ReplaceRosterAsync(Roster("acme", 20));
        var cycle = await store.CreateCycleAsync(Cycle("acme", "c1"));

        // 400 respondents answer four times each, one answer after another; respondents run concurrently.
        var answering = Enumerable.Range(0, 400).Select(r => Task.Run(async () =>
        {
            for (var version = 1; version <= 4; version++)
            {
                await store.UpsertSubmissionAsync(Submission("acme", "c1", $"r{r}", contacts: 1 + ((r + version) % 5), version: version));
                var read = await store.GetSubmissionAsync("acme", "c1", $"r{r}"); // committed once the call returns
                Assert.Equal(version, read!.Version);
            }
        }));
        var other = Task.Run(async () =>
        {
            for (var i = 0; i < 20; i++)
            {
                await store.ReplaceRosterAsync(Roster("acme", 20, tag: $"T{i}"));
                cycle = await store.ReplaceCycleAsync(cycle with { Title = $"Title {i}" });
                await store.DeleteSubmissionAsync("acme", "c1", "nobody");
            }
        });
        await Task.WhenAll(answering.Append(other));

        var stored = await store.ListSubmissionsAsync("acme", "c1");
        Assert.Equal(400, stored.Count);
        Assert.All(stored, s =>
        {
            var r = int.Parse(s.RespondentId[1..], CultureInfo.InvariantCulture);
            AssertSame(Submission("acme", "c1", s.RespondentId, contacts: 1 + ((r + 4) % 5), version: 4), s);
        });
        Assert.Equal("Title 19", (await store.GetCycleAsync("acme", "c1"))!.Title);
    }

    [Fact]
    public async Task An_answer_sent_to_a_closed_store_fails_rather_than_waiting_forever()
    {
        var folder = Directory.CreateTempSubdirectory("surveynetwork-closed-").FullName;
        var store = new SqliteSurveyStore(Path.Combine(folder, "store.db"));
        await store.InitializeAsync();
        store.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.UpsertSubmissionAsync(Submission("acme", "c1", "r1")));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    /// <summary>
    /// Commits only append to the write-ahead log; copying it into the database file (with its
    /// fsyncs) happens in the background, so the log is emptied into the file while answers keep
    /// coming, and a reopened store sees everything.
    /// </summary>
    [Fact]
    public async Task The_log_is_copied_into_the_database_file_in_the_background_and_nothing_is_lost()
    {
        var folder = Directory.CreateTempSubdirectory("surveynetwork-checkpoint-").FullName;
        var path = Path.Combine(folder, "store.db");
        var store = new SqliteSurveyStore(path);
        await store.InitializeAsync();
        await store.ReplaceRosterAsync(Roster("acme", 20));
        await store.CreateCycleAsync(Cycle("acme", "c1"));
        var before = new FileInfo(path).Length;

        await Task.WhenAll(Enumerable.Range(0, 2_000).Select(r => store.UpsertSubmissionAsync(Submission("acme", "c1", $"r{r}", contacts: 5))));
        var grown = false;
        for (var wait = 0; wait < 100 && !grown; wait++)
        {
            await Task.Delay(SqliteCheckpointer.Interval);
            grown = new FileInfo(path).Length > before + (256 * 1024);
        }

        Assert.True(grown, $"the database file stayed at {new FileInfo(path).Length:N0} bytes (was {before:N0}): nothing was checkpointed");
        store.Dispose();

        using (var reopened = new SqliteSurveyStore(path))
        {
            await reopened.InitializeAsync();
            Assert.Equal(2_000, (await reopened.ListSubmissionsAsync("acme", "c1")).Count);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}
