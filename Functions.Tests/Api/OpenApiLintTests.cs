using System.Text.RegularExpressions;
using SurveyNetwork.Functions.Http;

namespace SurveyNetwork.Functions.Tests.Api;

/// <summary>
/// The API description passes Redocly's recommended rules (tools/redocly/redocly.yaml, where any
/// rule turned off says why) with no error and no warning.
/// </summary>
public class OpenApiLintTests
{
    [Fact]
    public async Task The_description_passes_the_recommended_lint_rules_without_errors_or_warnings()
    {
        var folder = await ExternalTool.NpmToolAsync("redocly", Path.Combine("@redocly", "cli", "package.json"));
        var document = Path.Combine(Directory.CreateTempSubdirectory("surveynetwork-openapi-").FullName, "openapi.json");
        await File.WriteAllTextAsync(document, OpenApi.Build().ToJsonString(ApiJson.Options));
        try
        {
            var (exitCode, output) = await ExternalTool.RunAsync(
                "node", $"node_modules/@redocly/cli/bin/cli.js lint --config redocly.yaml --format stylish \"{document}\"", folder, TimeSpan.FromMinutes(3),
                new Dictionary<string, string> { ["REDOCLY_TELEMETRY"] = "off", ["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true" });
            Assert.True(exitCode == 0, output);
            Assert.Contains("Your API description is valid", output, StringComparison.Ordinal);
            // A problem is listed as "line:column  error|warning  rule  message".
            Assert.DoesNotMatch(new Regex(@"^\s*\d+:\d+\s+(error|warning)\s", RegexOptions.Multiline), output);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(document)!, recursive: true);
        }
    }
}
