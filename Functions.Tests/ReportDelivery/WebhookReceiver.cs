using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace SurveyNetwork.Functions.Tests.ReportDelivery;

/// <summary>
/// A webhook receiver on 127.0.0.1 (Kestrel): records every POST and answers with the status its
/// path asks for — "/ok/…" 200, "/fail/…" 500, "/flaky-N/…" 503 for the first N attempts and then 200.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _attempts = new();

    private WebhookReceiver(WebApplication app) => _app = app;

    public sealed record Received(string Path, JsonObject Body, string? IdempotencyKey, string? ContentType);

    public ConcurrentQueue<Received> Requests { get; } = new();

    public string BaseUrl { get; private set; } = "";

    public string Url(string path) => $"{BaseUrl}/{path.TrimStart('/')}";

    public int Attempts(string path) => _attempts.GetValueOrDefault("/" + path.TrimStart('/'));

    public IEnumerable<Received> To(string path) => Requests.Where(r => r.Path == "/" + path.TrimStart('/'));

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/{**path}", async (HttpContext context) =>
        {
            var path = context.Request.Path.Value!;
            var attempt = receiver._attempts.AddOrUpdate(path, 1, (_, n) => n + 1);
            var body = await JsonNode.ParseAsync(context.Request.Body) as JsonObject ?? [];
            receiver.Requests.Enqueue(new Received(path, body, context.Request.Headers["Idempotency-Key"].FirstOrDefault(), context.Request.ContentType));
            var segment = path.Split('/', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
            return segment switch
            {
                "ok" => Results.Ok(),
                "fail" => Results.StatusCode(StatusCodes.Status500InternalServerError),
                _ when segment.StartsWith("flaky-", StringComparison.Ordinal) =>
                    attempt <= int.Parse(segment["flaky-".Length..], System.Globalization.CultureInfo.InvariantCulture)
                        ? Results.StatusCode(StatusCodes.Status503ServiceUnavailable)
                        : Results.Ok(),
                _ => Results.NotFound(),
            };
        });
        await app.StartAsync();
        receiver.BaseUrl = app.Urls.First().TrimEnd('/');
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
