using System.ComponentModel;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SurveyNetwork.Functions.Tests.Infra;

/// <summary>What the fixtures of npm-installed servers (Azurite, MailDev) share: installing from the committed lock file, a free loopback port, and the wait for connections.</summary>
internal static class NpmServers
{
    /// <summary>Runs <c>npm ci</c> in <paramref name="folder"/> unless <paramref name="package"/> is already installed there; fails with a clear message.</summary>
    public static async Task EnsureInstalledAsync(string folder, string package)
    {
        if (File.Exists(Path.Combine(folder, "node_modules", package, "package.json")))
            return;
        var output = new StringBuilder();
        int exitCode;
        try
        {
            using var npm = Process.Start(new ProcessStartInfo("npm", "ci --no-audit --no-fund")
            {
                WorkingDirectory = folder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            })!;
            npm.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
            npm.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
            npm.BeginOutputReadLine();
            npm.BeginErrorReadLine();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            await npm.WaitForExitAsync(timeout.Token);
            exitCode = npm.ExitCode;
        }
        catch (Exception e) when (e is Win32Exception or OperationCanceledException)
        {
            throw new InvalidOperationException($"`npm ci` in {folder} could not run ({e.Message}). Install Node.js 20+ and npm.", e);
        }

        if (exitCode != 0)
            throw new InvalidOperationException($"`npm ci` in {folder} failed (exit {exitCode}).\n{output}");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task<bool> AcceptsConnectionsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port).WaitAsync(TimeSpan.FromSeconds(1));
            return true;
        }
        catch (Exception e) when (e is SocketException or TimeoutException)
        {
            return false;
        }
    }
}
