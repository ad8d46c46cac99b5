using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace SurveyNetwork.Functions.Tests.EndToEnd;

/// <summary>
/// LocalHost run as its own process, with stdin, stdout and stderr redirected (so not a
/// terminal), started as a background job of a non-interactive shell, the way a script or a
/// service manager starts it: such a shell hands it SIGINT ignored. <see cref="Pid"/> is the
/// LocalHost process itself; the shell only waits for it and exits with its status.
/// </summary>
public sealed partial class LocalHostProcess : IAsyncDisposable
{
    private readonly Process _shell;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly TaskCompletionSource<string> _baseUrl = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<int> _pid = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private LocalHostProcess(string dataFolder, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        DataFolder = dataFolder;
        var dll = Path.Combine(AppContext.BaseDirectory, "SurveyNetwork.LocalHost.dll");
        var psi = new ProcessStartInfo("sh")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = dataFolder,
        };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("dotnet \"$@\" & echo \"pid=$!\"; wait $!");
        psi.ArgumentList.Add("localhost");
        foreach (var a in (string[])[dll, "--urls", "http://127.0.0.1:0", "--data", dataFolder, .. args])
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        psi.Environment[Settings.ReportSchedule] = "0 0 0 1 1 *";
        foreach (var (name, value) in environment)
        {
            psi.Environment[name] = value;
        }

        _shell = Process.Start(psi)!;
        _shell.OutputDataReceived += (_, e) => Receive(e.Data);
        _shell.ErrorDataReceived += (_, e) => Receive(e.Data);
        _shell.BeginOutputReadLine();
        _shell.BeginErrorReadLine();
    }

    public string DataFolder { get; }

    public int Pid { get; private set; }

    public string BaseUrl { get; private set; } = "";

    /// <summary>Everything the process wrote so far, stdout and stderr.</summary>
    public string Output => string.Join("\n", _lines);

    public static Task<LocalHostProcess> StartAsync(params string[] args) => StartAsync(new Dictionary<string, string>(), args);

    /// <summary>Starts LocalHost with settings given as environment variables (as in Azure: <c>A__b</c> for <c>A:b</c>).</summary>
    public static async Task<LocalHostProcess> StartAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var process = new LocalHostProcess(Directory.CreateTempSubdirectory("surveynetwork-process-").FullName, environment, args);
        try
        {
            process.Pid = await process._pid.Task.WaitAsync(TimeSpan.FromSeconds(10));
            process.BaseUrl = await process._baseUrl.Task.WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            await process.DisposeAsync();
            throw new TimeoutException("LocalHost did not print its banner:\n" + process.Output);
        }

        return process;
    }

    /// <summary>Waits until a line matching the pattern has been printed; returns it.</summary>
    public async Task<string> WaitForLineAsync(string pattern, TimeSpan timeout)
    {
        var regex = new Regex(pattern);
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < timeout)
        {
            if (_lines.FirstOrDefault(regex.IsMatch) is { } line)
            {
                return line;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"No line matching {pattern} within {timeout}:\n{Output}");
    }

    /// <summary>Sends the signal with kill(1) and waits for the process to end; null if it did not within the timeout.</summary>
    public async Task<(int ExitCode, TimeSpan Elapsed)?> SignalAsync(string signal, TimeSpan timeout)
    {
        var stopwatch = Stopwatch.StartNew();
        using (var kill = Process.Start("kill", [$"-{signal}", Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
            Assert.Equal(0, kill.ExitCode);
        }

        using var wait = new CancellationTokenSource(timeout);
        try
        {
            await _shell.WaitForExitAsync(wait.Token);
            return (_shell.ExitCode, stopwatch.Elapsed);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>Kills the shell and LocalHost at once (SIGKILL to the whole tree): a crash, nothing handed back.</summary>
    public async Task KillAsync()
    {
        _shell.Kill(entireProcessTree: true);
        await _shell.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_shell.HasExited && Pid > 0)
        {
            using var kill = Process.Start("kill", ["-KILL", Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
        }

        await _shell.WaitForExitAsync();
        _shell.Dispose();
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean with the other temporary folders.
        }
    }

    private void Receive(string? line)
    {
        if (line is null)
        {
            return;
        }

        _lines.Enqueue(line);
        if (line.StartsWith("pid=", StringComparison.Ordinal))
        {
            _pid.TrySetResult(int.Parse(line[4..], System.Globalization.CultureInfo.InvariantCulture));
        }
        else if (Banner().Match(line) is { Success: true } m)
        {
            _baseUrl.TrySetResult(m.Groups[1].Value);
        }
    }

    [GeneratedRegex(@"^SurveyNetwork LocalHost: (http://\S+)/api\s")]
    private static partial Regex Banner();
}
