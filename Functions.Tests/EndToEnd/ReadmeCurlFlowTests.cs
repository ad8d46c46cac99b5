using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SurveyNetwork.Functions.Tests.Infra;

namespace SurveyNetwork.Functions.Tests.EndToEnd;

/// <summary>
/// The README's curl walk-through, run by bash exactly as written except for LocalHost's
/// address, in a folder laid out like the repository root (the sample roster, LocalHost's data folder).
/// </summary>
public sealed partial class ReadmeCurlFlowTests
{
    private const string ReadmeAddress = "http://localhost:7071";

    [Fact]
    public async Task The_readme_curl_flow_runs_as_written()
    {
        var script = CurlBlock(await File.ReadAllTextAsync(RepositoryRoot.Combine("README.md")));
        var root = Directory.CreateTempSubdirectory("surveynetwork-readme-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "docs"));
            File.Copy(RepositoryRoot.Combine("docs", "roster.csv"), Path.Combine(root, "docs", "roster.csv"));
            await using var server = await LocalHostServer.StartAsync(
                new Dictionary<string, string?> { [Settings.PublicBaseUrl] = "https://surveys.example.org" },
                dataFolder: Path.Combine(root, "LocalHost", "data"));

            var (exitCode, output, errors) = await RunBashAsync(script.Replace(ReadmeAddress, server.BaseUrl, StringComparison.Ordinal), root);

            Assert.True(exitCode == 0, $"The README's curl flow failed (exit {exitCode}):\n{output}\n{errors}");
            Assert.Equal("", errors);
            var status = JsonNode.Parse(output[output.LastIndexOf("{\"orgId\"", StringComparison.Ordinal)..])!; // the last step's answer
            Assert.Equal(1, status["responses"]!["respondents"]!.GetValue<int>());
            var cycle = (await server.Store.ListCyclesAsync("acme")).Single();
            var answer = (await server.Store.ListSubmissionsAsync("acme", cycle.Id)).Single();
            Assert.Equal("p1", answer.RespondentId);
            Assert.Equal(["p2", "p4"], answer.Contacts.Select(c => c.PersonId).Order());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>The README's shell block that talks to LocalHost's API.</summary>
    private static string CurlBlock(string readme)
    {
        var block = ShellBlocks().Matches(readme).Select(m => m.Groups[1].Value).SingleOrDefault(b => b.Contains($"API={ReadmeAddress}/api", StringComparison.Ordinal));
        Assert.True(block is not null, $"README.md has no sh block setting API={ReadmeAddress}/api");
        return block;
    }

    private static async Task<(int ExitCode, string Output, string Errors)> RunBashAsync(string script, string workingDirectory)
    {
        var psi = new ProcessStartInfo("bash", ["-euo", "pipefail", "-c", script])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var bash = Process.Start(psi)!;
        var stdout = bash.StandardOutput.ReadToEndAsync();
        var stderr = bash.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await bash.WaitForExitAsync(timeout.Token);
        return (bash.ExitCode, await stdout, await stderr);
    }

    [GeneratedRegex(@"```sh\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex ShellBlocks();
}
