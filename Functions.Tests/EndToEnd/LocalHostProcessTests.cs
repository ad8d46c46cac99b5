using System.Text.RegularExpressions;
using SurveyNetwork.LocalHost;
using Xunit.Abstractions;

namespace SurveyNetwork.Functions.Tests.EndToEnd;

/// <summary>LocalHost as a user runs it: its own process, its output redirected, stopped by signals.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed partial class LocalHostProcessTests(ITestOutputHelper output)
{
    private static readonly TimeSpan StopBound = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public async Task A_signal_sent_with_kill_stops_LocalHost_cleanly(string signal)
    {
        await using var host = await LocalHostProcess.StartAsync();
        using (var http = new HttpClient())
        {
            Assert.True((await http.GetAsync(host.BaseUrl + "/api/health")).IsSuccessStatusCode);
        }

        var stopped = await host.SignalAsync(signal, StopBound);

        Assert.True(stopped is not null, $"SIG{signal} did not stop LocalHost within {StopBound.TotalSeconds} s:\n{host.Output}");
        Assert.Equal(0, stopped.Value.ExitCode);
        output.WriteLine($"SIG{signal}: stopped in {stopped.Value.Elapsed.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public async Task LocalHost_logs_only_warnings_by_default_and_every_request_with_verbose()
    {
        await using var quiet = await LocalHostProcess.StartAsync();
        await using var verbose = await LocalHostProcess.StartAsync(LocalHostApp.VerboseFlag);
        using var http = new HttpClient();
        Assert.True((await http.GetAsync(quiet.BaseUrl + "/api/health")).IsSuccessStatusCode);
        Assert.True((await http.GetAsync(verbose.BaseUrl + "/api/health")).IsSuccessStatusCode);
        await verbose.WaitForLineAsync("Executing endpoint", TimeSpan.FromSeconds(10));
        await quiet.SignalAsync("TERM", StopBound);

        Assert.DoesNotContain("info:", quiet.Output);
        Assert.DoesNotContain("Executing endpoint", quiet.Output);
        foreach (var expected in (string[])["/api/openapi.json", "test.http", "/api/survey/page#token=<", "/api/survey/profile/page#token=<", LocalHostApp.VerboseFlag])
        {
            Assert.Contains(expected, quiet.Output);
        }
    }

    [Fact]
    public async Task Demo_links_go_to_an_owner_only_file_when_output_is_redirected()
    {
        await using var host = await LocalHostProcess.StartAsync(LocalHostApp.DemoFlag);
        var line = await host.WaitForLineAsync("Survey links", TimeSpan.FromSeconds(120));
        await host.WaitForLineAsync("SIGTERM stops it", TimeSpan.FromSeconds(10));

        var path = Path.Combine(host.DataFolder, DemoSeeder.LinksFile);
        Assert.Contains(path, line);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        var links = File.ReadAllLines(path);
        Assert.Equal(3, links.Length);
        var tokens = links.Select(l => SurveyLink().Match(l)).Select(m => m.Success ? m.Groups[1].Value : "").ToArray();
        Assert.All(tokens, t => Assert.True(t.Length > 20, "each line holds a survey link with its token"));
        Assert.All(tokens, t => Assert.DoesNotContain(t, host.Output));
        Assert.DoesNotMatch(SurveyLink(), host.Output);
        Assert.Contains("/api/orgs/demo/cycles/demo-cycle/report?format=html", host.Output);
        Assert.Matches(@"/api/orgs/demo/cycles/demo-cycle/teams/[^/\s]+/report\?format=html", host.Output);

        using var http = new HttpClient();
        var survey = new HttpRequestMessage(HttpMethod.Get, host.BaseUrl + "/api/survey");
        survey.Headers.Authorization = new("Bearer", tokens[0]);
        Assert.True((await http.SendAsync(survey)).IsSuccessStatusCode, "the links in the file work");
    }

    /// <summary>A survey link with a real token (not the banner's placeholder).</summary>
    [GeneratedRegex(@"/api/survey/page#token=([^<\s]+)")]
    private static partial Regex SurveyLink();
}
