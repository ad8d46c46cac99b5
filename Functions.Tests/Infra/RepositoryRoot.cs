namespace SurveyNetwork.Functions.Tests.Infra;

/// <summary>The checkout the tests run from: the folder holding SurveyNetwork.sln, found upward from the test binaries.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "SurveyNetwork.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No SurveyNetwork.sln above {AppContext.BaseDirectory}.");
    }
}
