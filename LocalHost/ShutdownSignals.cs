using System.Runtime.InteropServices;

namespace SurveyNetwork.LocalHost;

/// <summary>
/// Lets SIGINT stop the host when it was started in the background by a shell without job control
/// (a script's <c>cmd &amp;</c>): such a shell starts it with SIGINT ignored, and .NET leaves an
/// ignored signal alone, so <c>kill -INT</c> did nothing. With the default disposition restored
/// before the host starts, its console lifetime handles SIGINT as it handles SIGTERM.
/// </summary>
public static class ShutdownSignals
{
    private const int SigInt = 2;
    private const nint DefaultDisposition = 0;

    public static void RestoreInterrupt()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return;
        }

        try
        {
            _ = Signal(SigInt, DefaultDisposition);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            // Without libc's signal() the host keeps the inherited disposition; SIGTERM still stops it.
        }
    }

    [DllImport("libc", EntryPoint = "signal")]
    private static extern nint Signal(int signal, nint handler);
}
