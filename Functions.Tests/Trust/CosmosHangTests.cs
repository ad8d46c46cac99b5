using System.Net;
using System.Net.Sockets;
using SurveyNetwork.Functions.Storage.Cosmos;
using SurveyNetwork.Functions.Tests.EndToEnd;
using SurveyNetwork.Functions.Tests.Storage;

namespace SurveyNetwork.Functions.Tests.Trust;

/// <summary>
/// The database stops answering (connections stay open, nothing comes back) while the app runs:
/// each request ends in a 503 with Retry-After once <see cref="CosmosClientFactory.OperationBudget"/>
/// has passed, instead of waiting out the SDK's 65-second HTTP timeout and its retries of reads,
/// and the app answers normally again when the database does.
/// </summary>
[Collection(CosmosEmulatorCollection.Name)]
public sealed class CosmosHangTests(CosmosEmulatorFixture emulator)
{
    [Fact]
    public async Task A_database_that_stops_answering_gets_503_with_retry_after_within_the_operation_budget()
    {
        await using var proxy = await StallingProxy.StartAsync(emulator.Endpoint.Port);
        await using var server = await LocalHostServer.StartAsync(new Dictionary<string, string?>
        {
            [Settings.StoreKind] = "cosmos",
            [Settings.CosmosEndpoint] = $"https://127.0.0.1:{proxy.Port}/",
            [Settings.CosmosKey] = CosmosEmulatorFixture.EmulatorKey,
            [Settings.CosmosDatabase] = "hang-" + Guid.NewGuid().ToString("N")[..10],
            [Settings.CosmosCreateIfMissing] = "true",
            [Settings.CosmosAllowLoopbackCertificate] = "true",
        });
        var tokens = await TrustData.SeedAsync(server, 20);

        proxy.Stalled = true;
        // Well under the SDK's own 65-second wait: only the operation budget can end these requests in time.
        using var client = new HttpClient { BaseAddress = server.Client.BaseAddress, Timeout = CosmosClientFactory.OperationBudget * 4 };
        var responses = await Task.WhenAll(
            client.SendAsync(Submit(tokens["r0001"], 1)),
            client.SendAsync(Admin(server, "orgs/acme/cycles/c1")));
        foreach (var response in responses)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.NotNull(response.Headers.RetryAfter);
        }

        proxy.Stalled = false;
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Submit(tokens["r0002"], 2))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Admin(server, "orgs/acme/cycles/c1"))).StatusCode);
    }

    private static HttpRequestMessage Submit(string token, int self)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, "survey/response")
        {
            Content = new StringContent(TrustData.Answer(self, 20, 0).ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", token);
        return request;
    }

    private static HttpRequestMessage Admin(LocalHostServer server, string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("x-functions-key", server.AdminKey);
        return request;
    }

    /// <summary>A loopback TCP proxy that, while <see cref="Stalled"/>, holds every byte instead of passing it on.</summary>
    private sealed class StallingProxy : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly List<TcpClient> _connections = [];
        private readonly int _upstreamPort;
        private volatile TaskCompletionSource _flowing = Completed();
        private Task _accepting = Task.CompletedTask;

        private StallingProxy(int upstreamPort) => _upstreamPort = upstreamPort;

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public bool Stalled
        {
            get => !_flowing.Task.IsCompleted;
            set
            {
                if (value && !Stalled)
                {
                    _flowing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }
                else if (!value)
                {
                    _flowing.TrySetResult();
                }
            }
        }

        public static Task<StallingProxy> StartAsync(int upstreamPort)
        {
            var proxy = new StallingProxy(upstreamPort);
            proxy._listener.Start();
            proxy._accepting = Task.Run(proxy.AcceptAsync);
            return Task.FromResult(proxy);
        }

        public async ValueTask DisposeAsync()
        {
            _flowing.TrySetResult();
            await _stop.CancelAsync();
            _listener.Stop();
            await _accepting;
            lock (_connections)
            {
                _connections.ForEach(c => c.Dispose());
            }
        }

        private static TaskCompletionSource Completed()
        {
            var done = new TaskCompletionSource();
            done.SetResult();
            return done;
        }

        private async Task AcceptAsync()
        {
            try
            {
                while (true)
                {
                    var downstream = await _listener.AcceptTcpClientAsync(_stop.Token);
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
            catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
            {
                // Connection closed or proxy stopped.
            }
        }
    }
}
