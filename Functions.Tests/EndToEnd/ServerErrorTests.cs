using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace SurveyNetwork.Functions.Tests.EndToEnd;

/// <summary>
/// Errors the web server produces itself, before or instead of any function (no route, wrong
/// method, requests Kestrel refuses while reading them), sent as raw bytes over a real socket so
/// that nothing on the client side tidies the request or the response.
/// </summary>
public sealed class ServerErrorTests : IAsyncLifetime
{
    private LocalHostServer _server = null!;

    public static TheoryData<string, int> Refused => new()
    {
        { "GET /api/no-such-route HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", 404 },
        { "GET /elsewhere HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", 404 },
        { "DELETE /api/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", 405 },
        { "GET /api/%00 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", 400 },
        { "GET /api/survey%00/page HTTP/1.1\r\nHost: localhost\r\n\r\n", 400 },
        { $"GET /api/{new string('a', 10_000)} HTTP/1.1\r\nHost: localhost\r\n\r\n", 414 },
        { $"GET /api/health HTTP/1.1\r\nHost: localhost\r\nX-Big: {new string('a', 40_000)}\r\n\r\n", 431 },
        { $"GET /api/health HTTP/1.1\r\nHost: localhost\r\n{string.Concat(Enumerable.Range(0, 150).Select(i => $"X-H{i}: v\r\n"))}\r\n", 431 },
    };

    public async Task InitializeAsync() => _server = await LocalHostServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task A_request_the_server_refuses_gets_a_problem_with_status_title_and_detail(string request, int status)
    {
        var responses = Parse(await SendAsync(request));

        var response = Assert.Single(responses);
        Assert.Equal(status, response.Status);
        Assert.Equal("application/problem+json; charset=utf-8", response.Headers["content-type"]);
        Assert.Equal(response.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), response.Headers["content-length"]);
        var problem = JsonNode.Parse(response.Body)!.AsObject();
        Assert.Equal(status, problem["status"]!.GetValue<int>());
        Assert.False(string.IsNullOrWhiteSpace(problem["title"]?.GetValue<string>()));
        Assert.False(string.IsNullOrWhiteSpace(problem["detail"]?.GetValue<string>()));
        if (status == 405)
        {
            Assert.Equal("GET", response.Headers["allow"]);
            Assert.Contains("GET", problem["detail"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task A_refusal_after_a_kept_alive_request_leaves_that_response_untouched()
    {
        var responses = Parse(await SendAsync(
            "GET /api/health HTTP/1.1\r\nHost: localhost\r\n\r\n" + "GET /api/nope HTTP/1.1\r\nHost: localhost\r\n\r\n" + "GET /api/%00 HTTP/1.1\r\nHost: localhost\r\n\r\n"));

        Assert.Equal([200, 404, 400], responses.Select(r => r.Status));
        Assert.Equal("application/json; charset=utf-8", responses[0].Headers["content-type"]);
        Assert.Equal("ok", JsonNode.Parse(responses[0].Body)!["status"]!.GetValue<string>());
        Assert.All(responses.Skip(1), r => Assert.Equal(r.Status, JsonNode.Parse(r.Body)!["status"]!.GetValue<int>()));
    }

    [Fact]
    public async Task A_function_s_own_problem_is_not_rewritten()
    {
        var responses = Parse(await SendAsync("GET /api/orgs/acme/cycles/c1 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"));

        var response = Assert.Single(responses);
        Assert.Equal(401, response.Status);
        Assert.Equal("FunctionKey", response.Headers["www-authenticate"]);
        Assert.Equal(401, JsonNode.Parse(response.Body)!["status"]!.GetValue<int>());
    }

    private async Task<byte[]> SendAsync(string request)
    {
        using var client = new TcpClient();
        var uri = new Uri(_server.BaseUrl);
        await client.ConnectAsync(uri.Host, uri.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var received = new MemoryStream();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (IOException)
        {
            // Kestrel may reset a connection it refused once the response is out.
        }

        return received.ToArray();
    }

    private sealed record Response(int Status, Dictionary<string, string> Headers, string Body);

    /// <summary>Splits HTTP/1.1 responses with Content-Length bodies, in order.</summary>
    private static List<Response> Parse(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        var responses = new List<Response>();
        var at = 0;
        while (at < text.Length)
        {
            var end = text.IndexOf("\r\n\r\n", at, StringComparison.Ordinal);
            Assert.True(end > at, $"Incomplete response head: {text[at..]}");
            var lines = text[at..end].Split("\r\n");
            var headers = lines.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim().ToLowerInvariant(), p => p[1].Trim());
            Assert.True(headers.TryGetValue("content-length", out var length), $"No Content-Length in: {lines[0]}");
            var bodyStart = end + 4;
            var body = Encoding.UTF8.GetString(bytes, Encoding.UTF8.GetByteCount(text[..bodyStart]), int.Parse(length, System.Globalization.CultureInfo.InvariantCulture));
            responses.Add(new Response(int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), headers, body));
            at = bodyStart + body.Length;
        }

        return responses;
    }
}
