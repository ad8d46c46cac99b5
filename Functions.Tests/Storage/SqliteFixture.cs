using SurveyNetwork.Functions.Storage.Sqlite;

namespace SurveyNetwork.Functions.Tests.Storage;

/// <summary>A <see cref="SqliteSurveyStore"/> on a fresh temporary file, deleted afterwards.</summary>
public sealed class SqliteFixture : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "surveynetwork-tests", Guid.NewGuid().ToString("N"));

    public SqliteSurveyStore Store { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Store = new SqliteSurveyStore(Path.Combine(_folder, "store.db"));
        await Store.InitializeAsync();
    }

    public Task DisposeAsync()
    {
        Store.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
        return Task.CompletedTask;
    }
}
