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
    public async Task After_a_purge_no_deleted_or_overwritten_content_is_left_in_the_database_or_its_log()
    {
        const string id = "erased-q7x3";
        const string name = "Quillon Vexmarrow-Zelinski";
        const string label = "Brackenfold Lantern Works";
        var folder = Directory.CreateTempSubdirectory("surveynetwork-purge-").FullName;
        try
        {
            using var store = new SqliteSurveyStore(Path.Combine(folder, "store.db"));
            await store.InitializeAsync();
            var org = NewId("org");
            var roster = Roster(org, 300);
            var people = roster.People.Select((p, i) => i == 7 ? p with { Id = id, Name = name } : p).ToList();
            await store.ReplaceRosterAsync(roster with { People = people });
            var own = Submission(org, "c1", id, contacts: 4);
            await store.UpsertSubmissionAsync(own with { Contacts = [.. own.Contacts.SkipLast(1), own.Contacts[^1] with { OutsideLabel = label }] });
            for (var i = 0; i < 40; i++)
            {
                var s = Submission(org, "c1", $"p{i:D6}", contacts: 3, version: 2);
                await store.UpsertSubmissionAsync(s with { Contacts = [s.Contacts[0] with { PersonId = id }, .. s.Contacts.Skip(1)] });
            }

            Assert.Contains(Needles(id, name, label), n => FilesContain(folder, n));

            // What an erasure does with the store: roster without the person, their answer deleted, mentions rewritten.
            await store.ReplaceRosterAsync(roster with { People = people.Where(p => p.Id != id).ToList() });
            await store.DeleteSubmissionAsync(org, "c1", id);
            foreach (var s in await store.ListSubmissionsAsync(org, "c1"))
                Assert.True(await store.TryReplaceSubmissionAsync(s with { Contacts = s.Contacts.Where(c => c.PersonId != id).ToList() }, s.Version));
            await store.PurgeDeletedAsync();

            Assert.True(File.Exists(store.Path + "-wal"));
            Assert.Equal(0, new FileInfo(store.Path + "-wal").Length);
            Assert.All(Needles(id, name, label), n => Assert.False(FilesContain(folder, n), $"'{System.Text.Encoding.UTF8.GetString(n)}' is still on disk"));
            Assert.Equal(40, (await store.ListSubmissionsAsync(org, "c1")).Count);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The UTF-8 bytes to look for on disk.</summary>
    internal static byte[][] Needles(params string[] texts) => [.. texts.Select(System.Text.Encoding.UTF8.GetBytes)];

    /// <summary>Whether any file of the folder (database, log, shared memory, anything else) holds <paramref name="needle"/>.</summary>
    internal static bool FilesContain(string folder, byte[] needle) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Any(f =>
        {
            using var stream = new FileStream(f, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.GetBuffer().AsSpan(0, (int)copy.Length).IndexOf(needle) >= 0;
        });

    [Fact]
    public async Task Using_the_store_before_initializing_it_is_an_error()
    {
        using var store = new SqliteSurveyStore(Path.Combine(Path.GetTempPath(), NewId("never") + ".db"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.GetSubmissionAsync("org", "c1", "r1"));
        Assert.False(File.Exists(store.Path));
    }
}
