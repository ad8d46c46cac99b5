using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.WebUtilities;
using SurveyNetwork.Functions.Http;

namespace SurveyNetwork.LocalHost;

/// <summary>
/// Makes the web server's own errors RFC 9457 problems like every other error of the API.
/// Errors the routing answers without a body (no route 404, wrong method 405) get a problem
/// through the status code pages middleware. Requests Kestrel refuses while reading the request
/// line and headers (malformed 400, 408, 414, 431, ...) never reach the application and Kestrel
/// offers no hook for their body; a connection middleware therefore sees that response, the one
/// written while no request is in the application, and adds the problem body to it.
/// </summary>
public static class RejectionProblems
{
    /// <summary>Per connection: whether the application is handling a request now.</summary>
    public sealed class RequestTracker
    {
        private int _inApplication;

        public bool InApplication => Volatile.Read(ref _inApplication) != 0;

        internal void Enter() => Volatile.Write(ref _inApplication, 1);

        internal void Leave() => Volatile.Write(ref _inApplication, 0);
    }

    /// <summary>
    /// Marks the connection's request as in the application until its response is complete, so
    /// that everything the application writes goes out untouched.
    /// </summary>
    public static async Task TrackRequests(HttpContext context, RequestDelegate next)
    {
        var tracker = context.Features.Get<RequestTracker>();
        if (tracker is null)
        {
            await next(context);
            return;
        }

        tracker.Enter();
        try
        {
            await next(context);
            await context.Response.CompleteAsync();
        }
        finally
        {
            tracker.Leave();
        }
    }

    /// <summary>A problem body for a 4xx or 5xx the application set without writing one.</summary>
    public static Task ForEmptyStatus(StatusCodeContext status)
    {
        var context = status.HttpContext;
        var code = context.Response.StatusCode;
        var detail = code switch
        {
            StatusCodes.Status404NotFound => "No route matches this path; the routes are described at /api/openapi.json.",
            StatusCodes.Status405MethodNotAllowed =>
                $"This route does not accept {context.Request.Method}; it accepts {string.Join(", ", context.Response.Headers.Allow.ToArray())}.",
            _ => null,
        };
        return Problems.Create(code, ReasonPhrases.GetReasonPhrase(code), detail).ExecuteAsync(context);
    }

    /// <summary>The connection middleware: watches what Kestrel writes on the connection by itself.</summary>
    public static ConnectionDelegate Middleware(ConnectionDelegate next, KestrelServerLimits limits) => async connection =>
    {
        var tracker = new RequestTracker();
        connection.Features.Set(tracker);
        var transport = connection.Transport;
        var output = new Writer(transport.Output, tracker, limits);
        connection.Transport = new DuplexPipe(transport.Input, output);
        try
        {
            await next(connection);
        }
        finally
        {
            connection.Transport = transport;
        }
    };

    /// <summary>
    /// The problem for a refusal, or null to leave the bytes as they are: only a complete HTTP/1.x
    /// response head with no body qualifies (Kestrel's refusals are exactly that).
    /// </summary>
    internal static byte[]? AddProblemBody(ReadOnlySpan<byte> head, KestrelServerLimits limits)
    {
        var text = Encoding.Latin1.GetString(head);
        if (!text.StartsWith("HTTP/1.", StringComparison.Ordinal) || !text.EndsWith("\r\n\r\n", StringComparison.Ordinal)
            || text.Length < 13 || !int.TryParse(text.AsSpan(9, 3), out var code) || code < 400)
        {
            return null;
        }

        var lines = text[..^4].Split("\r\n");
        if (!lines.Skip(1).Any(l => l.Equals("Content-Length: 0", StringComparison.OrdinalIgnoreCase))
            || lines.Skip(1).Any(l => l.StartsWith("Content-Type:", StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        var detail = code switch
        {
            StatusCodes.Status400BadRequest => "The request line or headers are malformed (for example a control character such as %00 in the path).",
            StatusCodes.Status408RequestTimeout => "The request headers did not arrive in time.",
            StatusCodes.Status414UriTooLong => $"The request line is longer than {limits.MaxRequestLineSize} bytes.",
            StatusCodes.Status431RequestHeaderFieldsTooLarge =>
                $"The request headers exceed {limits.MaxRequestHeadersTotalSize} bytes or {limits.MaxRequestHeaderCount} fields.",
            _ => "The server refused the request before reading it.",
        };
        var problem = Problems.Create(code, ReasonPhrases.GetReasonPhrase(code), detail);
        var body = JsonSerializer.SerializeToUtf8Bytes(problem.Value, problem.Value!.GetType(), ApiJson.Options);
        var rewritten = new StringBuilder();
        foreach (var line in lines.Where(l => !l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)))
        {
            rewritten.Append(line).Append("\r\n");
        }

        // The same content headers as the application's problems.
        rewritten.Append("Content-Type: ").Append(problem.ContentType).Append("\r\n")
            .Append("Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n")
            .Append("Content-Length: ").Append(body.Length).Append("\r\n\r\n");
        return [.. Encoding.Latin1.GetBytes(rewritten.ToString()), .. body];
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }

    /// <summary>
    /// Passes the application's output straight through; holds what is written while no request is
    /// in the application until the next flush, then sends it with a problem body if it is a refusal.
    /// </summary>
    private sealed class Writer(PipeWriter inner, RequestTracker tracker, KestrelServerLimits limits) : PipeWriter
    {
        private readonly ArrayBufferWriter<byte> _held = new();
        private bool _holding;

        public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

        public override long UnflushedBytes => inner.UnflushedBytes + _held.WrittenCount;

        public override Memory<byte> GetMemory(int sizeHint = 0) => Hold() ? _held.GetMemory(sizeHint) : inner.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => Hold() ? _held.GetSpan(sizeHint) : inner.GetSpan(sizeHint);

        public override void Advance(int bytes)
        {
            if (_holding)
            {
                _held.Advance(bytes);
            }
            else
            {
                inner.Advance(bytes);
            }
        }

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
        {
            Release();
            return inner.FlushAsync(cancellationToken);
        }

        public override void CancelPendingFlush() => inner.CancelPendingFlush();

        public override void Complete(Exception? exception = null)
        {
            Release();
            inner.Complete(exception);
        }

        public override async ValueTask CompleteAsync(Exception? exception = null)
        {
            if (_held.WrittenCount > 0)
            {
                Release();
                await inner.FlushAsync();
            }

            await inner.CompleteAsync(exception);
        }

        private bool Hold() => _holding = _held.WrittenCount > 0 || !tracker.InApplication;

        private void Release()
        {
            if (_held.WrittenCount == 0)
            {
                return;
            }

            inner.Write(AddProblemBody(_held.WrittenSpan, limits) ?? _held.WrittenSpan.ToArray());
            _held.ResetWrittenCount();
            _holding = false;
        }
    }
}
