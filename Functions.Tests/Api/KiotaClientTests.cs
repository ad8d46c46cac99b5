using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using SurveyNetwork.Functions.Tests.EndToEnd;
using Xunit.Abstractions;

namespace SurveyNetwork.Functions.Tests.Api;

/// <summary>
/// A client generated with Kiota (the version pinned in .config/dotnet-tools.json) from the served
/// API description compiles without edits and drives a whole cycle against the running host:
/// roster, cycle, invitations, answers, the report run, a team report and a profile read as typed
/// objects (Api/KiotaDrive/Drive.cs). Everything happens in a temporary folder.
/// </summary>
public class KiotaClientTests(ITestOutputHelper output)
{
    /// <summary>The runtime packages a Kiota C# client needs; their versions come from Directory.Packages.props.</summary>
    private static readonly string[] KiotaPackages =
        ["Microsoft.Kiota.Abstractions", "Microsoft.Kiota.Http.HttpClientLibrary", "Microsoft.Kiota.Serialization.Json"];

    private static readonly Dictionary<string, string> KiotaEnvironment = new()
    {
        ["KIOTA_OFFLINE_ENABLED"] = "true", ["KIOTA_CLI_TELEMETRY_OPTOUT"] = "true", ["KIOTA_TUTORIAL_ENABLED"] = "false",
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1",
    };

    [Fact]
    public async Task A_generated_client_drives_a_whole_cycle()
    {
        var root = ExternalTool.RepositoryRoot;
        var folder = Directory.CreateTempSubdirectory("surveynetwork-kiota-").FullName;
        var clock = Stopwatch.StartNew();
        try
        {
            await using var server = await LocalHostServer.StartAsync();
            var description = Path.Combine(folder, "openapi.json");
            await File.WriteAllBytesAsync(description, await server.Client.GetByteArrayAsync("openapi.json"));

            await Run("dotnet", "tool restore", root, TimeSpan.FromMinutes(5));
            await Run("dotnet", $"kiota generate --language CSharp --openapi \"{description}\" --output \"{Path.Combine(folder, "Client")}\" " +
                "--class-name SurveyNetworkClient --namespace-name Drive.Client --exclude-backward-compatible --log-level Warning " +
                // JSON only: the typed calls need no other serializer, and only the JSON one is among the pinned packages.
                "--serializer Microsoft.Kiota.Serialization.Json.JsonSerializationWriterFactory --deserializer Microsoft.Kiota.Serialization.Json.JsonParseNodeFactory", root, TimeSpan.FromMinutes(5));
            output.WriteLine($"generated in {clock.Elapsed.TotalSeconds:F1} s");

            File.Copy(Path.Combine(root, "Functions.Tests", "Api", "KiotaDrive", "Drive.cs"), Path.Combine(folder, "Drive.cs"));
            await File.WriteAllTextAsync(Path.Combine(folder, "Drive.csproj"), Project(root));
            foreach (var config in Directory.EnumerateFiles(root, "*.config").Where(f => Path.GetFileName(f).Equals("nuget.config", StringComparison.OrdinalIgnoreCase)))
            {
                // The same package sources as the repository's own restore.
                File.Copy(config, Path.Combine(folder, Path.GetFileName(config)));
            }

            await Run("dotnet", "build -c Release -o bin", folder, TimeSpan.FromMinutes(8));
            output.WriteLine($"built in {clock.Elapsed.TotalSeconds:F1} s");

            var printed = await Run("dotnet", $"bin/Drive.dll {server.BaseUrl} {server.AdminKey}", folder, TimeSpan.FromMinutes(2));
            output.WriteLine($"ran in {clock.Elapsed.TotalSeconds:F1} s");
            var results = printed.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(l => l.Split(": ", 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);

            Assert.Equal("4", results["roster.people"]);
            Assert.Equal("4", results["invitations.count"]);
            var stored = await server.Store.ListSubmissionsAsync("kiota", "c1");
            Assert.Equal(3, stored.Count);
            Assert.All(stored, s => Assert.Equal(s.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), results[$"answer.{s.RespondentId}.version"]));

            Assert.Equal("Done", results["run.state"]);

            // The typed report holds what the API itself serves as JSON.
            var served = await (await server.AdminAsync(HttpMethod.Get, "orgs/kiota/cycles/c1/teams/eng/report")).Content.ReadFromJsonAsync<JsonObject>();
            Assert.Equal("eng", results["report.teamId"]);
            Assert.Equal(served!["published"]!.GetValue<bool>().ToString(), results["report.published"]);
            Assert.Equal(served["coverage"]!["respondents"]!.GetValue<int>().ToString(System.Globalization.CultureInfo.InvariantCulture), results["report.respondents"]);
            Assert.Equal("3", results["report.respondents"]);
            Assert.Equal(served["members"]!.AsArray().Count.ToString(System.Globalization.CultureInfo.InvariantCulture), results["report.members"]);
            Assert.Equal("p3", results["profile.personId"]);
            Assert.Equal("2", results["profile.contacts"]);
        }
        finally
        {
            output.WriteLine($"generate, build and run took {clock.Elapsed.TotalSeconds:F1} s");
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<string> Run(string file, string arguments, string folder, TimeSpan timeout)
    {
        var (exitCode, text) = await ExternalTool.RunAsync(file, arguments, folder, timeout, KiotaEnvironment);
        Assert.True(exitCode == 0, $"`{file} {arguments}` exited with {exitCode}:\n{text}");
        return text;
    }

    /// <summary>A console project of the generated client and the driver, on the packages the repository pins.</summary>
    private static string Project(string root)
    {
        var pins = XDocument.Load(Path.Combine(root, "Directory.Packages.props")).Descendants("PackageVersion")
            .ToDictionary(p => (string)p.Attribute("Include")!, p => (string)p.Attribute("Version")!);
        var references = string.Join("\n    ", KiotaPackages.Select(p => $"<PackageReference Include=\"{p}\" Version=\"{pins[p]}\" />"));
        return $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <AssemblyName>Drive</AssemblyName>
                <NuGetAudit>false</NuGetAudit>
              </PropertyGroup>
              <ItemGroup>
                {references}
              </ItemGroup>
            </Project>
            """;
    }
}
