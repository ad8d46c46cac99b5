using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace SurveyNetwork.Functions.Tests.Api;

/// <summary>Runs the command-line tools the API tests drive (npm, node, dotnet), from the repository's folders.</summary>
internal static class ExternalTool
{
    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>Runs a command to its end; its output (standard and error) interleaved.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(
        string file, string arguments, string folder, TimeSpan timeout, IDictionary<string, string>? environment = null)
    {
        var output = new StringBuilder();
        var start = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        try
        {
            using var process = Process.Start(start)!;
            process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
            process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            using var cts = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                return (-1, $"`{file} {arguments}` timed out after {timeout}\n{output}");
            }

            return (process.ExitCode, output.ToString());
        }
        catch (Win32Exception e)
        {
            return (-1, $"cannot run `{file}`: {e.Message}");
        }
    }

    /// <summary>
    /// The folder of a pinned npm tool under tools/, installed with <c>npm ci</c> from its committed
    /// lock file when <paramref name="marker"/> (a path inside node_modules) is missing.
    /// </summary>
    public static async Task<string> NpmToolAsync(string tool, string marker)
    {
        var folder = Path.Combine(RepositoryRoot, "tools", tool);
        await InstallLock.WaitAsync();
        try
        {
            if (!File.Exists(Path.Combine(folder, "node_modules", marker)))
            {
                var (exitCode, output) = await RunAsync("npm", "ci --no-audit --no-fund", folder, TimeSpan.FromMinutes(5));
                Assert.True(exitCode == 0 && File.Exists(Path.Combine(folder, "node_modules", marker)),
                    $"`npm ci` in {folder} failed (exit {exitCode}). Install Node.js 20+ and npm, then run `npm ci` there.\n{output}");
            }

            return folder;
        }
        finally
        {
            InstallLock.Release();
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "SurveyNetwork.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("SurveyNetwork.sln not found above " + AppContext.BaseDirectory);
    }
}
