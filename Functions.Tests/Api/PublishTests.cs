using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.Azure.Functions.Worker;

namespace SurveyNetwork.Functions.Tests.Api;

/// <summary>The Functions project publishes as a deployable app: metadata for every function, and host.json.</summary>
public class PublishTests
{
    [Fact]
    public async Task Publishing_the_function_app_lists_every_function_in_its_metadata()
    {
        var root = FindRoot();
        var output = Directory.CreateTempSubdirectory("surveynetwork-publish-").FullName;
        try
        {
            var psi = new ProcessStartInfo("dotnet", ["publish", Path.Combine(root, "Functions", "Functions.csproj"), "-c", "Release", "-o", output, "--nologo"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(psi)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, $"dotnet publish failed:\n{await stdout}\n{await stderr}");
            Assert.DoesNotContain("warning", (await stdout).Replace("0 Warning(s)", ""), StringComparison.OrdinalIgnoreCase);

            var metadata = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, "functions.metadata")))!.AsArray();
            var published = metadata.ToDictionary(f => f!["name"]!.GetValue<string>(), f => f!);
            var declared = typeof(Settings).Assembly.GetTypes()
                .SelectMany(t => t.GetMethods())
                .Select(m => m.GetCustomAttribute<FunctionAttribute>()?.Name)
                .OfType<string>()
                .ToArray();
            Assert.NotEmpty(declared);
            Assert.Equal(declared.Order(), published.Keys.Order());
            Assert.All(published.Values, f => Assert.Contains(f!["bindings"]!.AsArray(), b => b!["direction"]!.GetValue<string>() == "In"));
            Assert.True(File.Exists(Path.Combine(output, "host.json")), "host.json is published");
            Assert.True(File.Exists(Path.Combine(output, "SurveyNetwork.Functions.dll")));
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    internal static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SurveyNetwork.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("SurveyNetwork.sln not found above the test output folder.");
    }
}
