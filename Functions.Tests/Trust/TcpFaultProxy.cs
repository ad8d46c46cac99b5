using System.Net;
using System.Net.Sockets;

namespace SurveyNetwork.Functions.Tests.Trust;

/// <summary>
/// A loopback TCP proxy in front of an emulator, to take a dependency away without losing its
/// data: <see cref="Fault.Stall"/> holds every byte (a hung server: connections stay open, nothing
/// comes back); <see cref="Fault.Refuse"/> drops every connection and refuses new ones (a stopped
/// server); <see cref="Fault.None"/> passes traffic through.
/// </summary>
internal sealed class TcpFaultProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _connections = [];
    private readonly int _upstreamPort;
    private volatile TaskCompletionSource _flowing = Open();
    private volatile Fault _mode;
    private Task _accepting = Task.CompletedTask;

    private TcpFaultProxy(int upstreamPort) => _upstreamPort = upstreamPort;

    public enum Fault
    {
        None,
        Stall,
        Refuse,
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public Fault Mode
    {
        get => _mode;
        set
        {
            _mode = value;
            if (value == Fault.Stall && _flowing.Task.IsCompleted)
            {
                _flowing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
            else if (value != Fault.Stall)
            {
                _flowing.TrySetResult();
            }

            if (value == Fault.Refuse)
            {
                DropConnections();
            }
        }
    }

    public static TcpFaultProxy Start(int upstreamPort)
    {
        var proxy = new TcpFaultProxy(upstreamPort);
        proxy._listener.Start();
        proxy._accepting = Task.Run(proxy.AcceptAsync);
        return proxy;
    }

    public async ValueTask DisposeAsync()
    {
        _flowing.TrySetResult();
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        DropConnections();
    }

    private static TaskCompletionSource Open()
    {
        var open = new TaskCompletionSource();
        open.SetResult();
        return open;
    }

    private void DropConnections()
    {
        lock (_connections)
        {
            foreach (var c in _connections)
            {
                try
                {
                    c.Client.LingerState = new LingerOption(true, 0); // reset, as a process that died would
                }
                catch (ObjectDisposedException)
                {
                    // Already closed by its pump.
                }

                c.Dispose();
            }

            _connections.Clear();
        }
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var downstream = await _listener.AcceptTcpClientAsync(_stop.Token);
                if (_mode == Fault.Refuse)
                {
                    downstream.Client.LingerState = new LingerOption(true, 0);
                    downstream.Dispose(); // a reset, as from a port nobody listens on
                    continue;
                }

                var upstream = new TcpClient();
                await upstream.ConnectAsync(IPAddress.Loopback, _upstreamPort, _stop.Token);
                lock (_connections)
                {
                    _connections.Add(downstream);
                    _connections.Add(upstream);
                }

                _ = PumpAsync(downstream.GetStream(), upstream.GetStream());
                _ = PumpAsync(upstream.GetStream(), downstream.GetStream());
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, _stop.Token)) > 0)
            {
                await _flowing.Task.WaitAsync(_stop.Token);
                await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException or SocketException)
        {
            // Connection closed, dropped, or proxy stopped.
        }
        finally
        {
            from.Dispose();
            to.Dispose();
        }
    }
}
