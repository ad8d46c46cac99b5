using System.IO.Compression;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace SurveyNetwork.Functions.Http;

/// <summary>
/// A response written straight to the HTTP response (JSON, problem+json, text or bytes), so it
/// runs the same under the Functions host and under plain ASP.NET Core without MVC formatters.
/// </summary>
public sealed class ApiResult : IActionResult, IResult
{
    private readonly ReadOnlyMemory<byte> _body;

    private ApiResult(int status, string? contentType, ReadOnlyMemory<byte> body)
    {
        StatusCode = status;
        ContentType = contentType;
        _body = body;
    }

    public int StatusCode { get; }

    public string? ContentType { get; }

    /// <summary>Extra headers (Retry-After, Location, security headers, ...).</summary>
    public Dictionary<string, string> Headers => _headers ??= new(StringComparer.OrdinalIgnoreCase);

    // Most results carry no extra header: the dictionary is made on first use.
    private Dictionary<string, string>? _headers;

    /// <summary>The body object for JSON results (for tests and logging); null otherwise.</summary>
    public object? Value { get; private init; }

    /// <summary>Bodies at least this large are gzip-compressed when the client accepts it.</summary>
    public const int CompressionThreshold = 8 * 1024;

    public static ApiResult Json(object value, int status = StatusCodes.Status200OK, string contentType = "application/json; charset=utf-8") =>
        new(status, contentType, JsonSerializer.SerializeToUtf8Bytes(value, value.GetType(), ApiJson.Options)) { Value = value };

    public static ApiResult Bytes(ReadOnlyMemory<byte> bytes, string contentType, int status = StatusCodes.Status200OK) =>
        new(status, contentType, bytes);

    public static ApiResult Text(string text, string contentType, int status = StatusCodes.Status200OK) =>
        Bytes(System.Text.Encoding.UTF8.GetBytes(text), contentType, status);

    public static ApiResult Empty(int status = StatusCodes.Status204NoContent) => new(status, null, ReadOnlyMemory<byte>.Empty);

    public ApiResult WithHeader(string name, string value)
    {
        Headers[name] = value;
        return this;
    }

    /// <summary>The body bytes (uncompressed).</summary>
    public ReadOnlyMemory<byte> Body => _body;

    private static bool AcceptsGzip(HttpRequest request) =>
        request.Headers.AcceptEncoding.Any(v => v is not null && v.Contains("gzip", StringComparison.OrdinalIgnoreCase));

    public Task ExecuteResultAsync(ActionContext context) => ExecuteAsync(context.HttpContext);

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCode;
        if (_headers is not null)
        {
            foreach (var (name, value) in _headers)
            {
                response.Headers[name] = value;
            }
        }

        if (ContentType is null)
        {
            return Task.CompletedTask;
        }

        response.ContentType = ContentType;
        response.Headers.CacheControl = response.Headers.CacheControl.Count == 0 ? "no-store" : response.Headers.CacheControl;
        response.Headers.XContentTypeOptions = "nosniff";
        // A body that already carries its encoding (a precompressed asset) is written as it is.
        if (_body.Length >= CompressionThreshold && _headers?.ContainsKey("Content-Encoding") != true && AcceptsGzip(httpContext.Request))
        {
            return WriteGzipAsync(httpContext);
        }

        response.ContentLength = _body.Length;
        return response.Body.WriteAsync(_body, httpContext.RequestAborted).AsTask();
    }

    private async Task WriteGzipAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.Headers.ContentEncoding = "gzip";
        response.Headers.Vary = "Accept-Encoding";
        await using var gzip = new GZipStream(response.Body, CompressionLevel.Fastest, leaveOpen: true);
        await gzip.WriteAsync(_body, httpContext.RequestAborted);
    }
}
