using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;

namespace SurveyNetwork.Benchmarks.Load;

/// <summary>What one request got: status, latency, and for a 2xx survey answer the receipt's version.</summary>
public readonly record struct Outcome(int Respondent, int Answer, int Status, long Ticks, long Version, bool ProblemJson, bool RetryAfter);

/// <summary>The outcomes of one phase and its wall-clock duration.</summary>
public sealed record PhaseResult(string Name, Outcome[] Outcomes, TimeSpan Elapsed, TimeSpan Cpu)
{
    /// <summary>Bytes this process allocated during the phase (service and load generator) per request.</summary>
    public double AllocatedPerRequest { get; init; }

    /// <summary>Time the garbage collector had the process paused during the phase.</summary>
    public TimeSpan GcPause { get; init; }

    /// <summary>Methods the JIT compiled during the phase (background tiering included); near zero once warm.</summary>
    public int JitCompiled { get; init; }

    /// <summary>Processor time of this whole process (service and load generator) per request, in microseconds; less sensitive than throughput to other load on the machine.</summary>
    public double CpuPerRequest => Cpu.TotalMicroseconds / Outcomes.Length;

    public int Requests => Outcomes.Length;

    public int Succeeded => Outcomes.Count(o => o.Status is >= 200 and < 300);

    public double Throughput => Outcomes.Length / Elapsed.TotalSeconds;

    /// <summary>Latency percentile in milliseconds (nearest rank) over every request of the phase.</summary>
    public double Percentile(double p)
    {
        if (Outcomes.Length == 0)
        {
            return double.NaN;
        }

        var sorted = Outcomes.Select(o => o.Ticks).Order().ToArray();
        var rank = Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1);
        return sorted[rank] * 1000.0 / Stopwatch.Frequency;
    }
}

/// <summary>
/// Plays respondents against a URL with a fixed number of workers: each worker takes the next
/// respondent and sends that respondent's answers one after another (so "the latest answer" of a
/// respondent is well defined), while other workers do the same for other respondents.
/// </summary>
public sealed class LoadDriver(HttpClient client, int concurrency)
{
    /// <summary>Called after each request with the number completed so far and its outcome (for fault injection).</summary>
    public Action<int, Outcome>? Progress { get; init; }

    public static HttpClient CreateClient(int concurrency) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = concurrency,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        UseCookies = false,
        UseProxy = false,
        AutomaticDecompression = System.Net.DecompressionMethods.None,
    })
    {
        Timeout = TimeSpan.FromSeconds(100),
    };

    /// <param name="url">Absolute URL every answer is PUT to.</param>
    /// <param name="respondents">Respondents in the order workers take them.</param>
    /// <param name="readReceipt">Parse the receipt's version from 2xx bodies (the survey endpoint; not the bare baseline).</param>
    public async Task<PhaseResult> RunAsync(string name, Uri url, IReadOnlyList<Workload.Respondent> respondents, bool readReceipt, int limit = int.MaxValue)
    {
        var total = Math.Min(limit, respondents.Sum(r => r.Answers.Count));
        var outcomes = new Outcome[total];
        var nextRespondent = -1;
        var nextSlot = -1;
        var completed = 0;
        var started = Stopwatch.GetTimestamp();
        var cpu = Environment.CpuUsage.TotalTime;
        var allocated = GC.GetTotalAllocatedBytes();
        var paused = GC.GetTotalPauseDuration();
        var compiled = System.Runtime.JitInfo.GetCompiledMethodCount();

        async Task Worker()
        {
            int r;
            while ((r = Interlocked.Increment(ref nextRespondent)) < respondents.Count)
            {
                var respondent = respondents[r];
                for (var a = 0; a < respondent.Answers.Count; a++)
                {
                    var slot = Interlocked.Increment(ref nextSlot);
                    if (slot >= total)
                    {
                        return;
                    }

                    var outcome = await SendAsync(url, respondent, r, a, readReceipt);
                    outcomes[slot] = outcome;
                    Progress?.Invoke(Interlocked.Increment(ref completed), outcome);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(Worker)));
        var elapsed = Stopwatch.GetElapsedTime(started);
        return new PhaseResult(name, outcomes, elapsed, Environment.CpuUsage.TotalTime - cpu)
        {
            AllocatedPerRequest = (double)(GC.GetTotalAllocatedBytes() - allocated) / Math.Max(1, total),
            GcPause = GC.GetTotalPauseDuration() - paused,
            JitCompiled = (int)(System.Runtime.JitInfo.GetCompiledMethodCount() - compiled),
        };
    }

    private async Task<Outcome> SendAsync(Uri url, Workload.Respondent respondent, int r, int a, bool readReceipt)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, url)
        {
            Content = new ByteArrayContent(respondent.Answers[a].Body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", respondent.Token);
        var start = Stopwatch.GetTimestamp();
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead);
            var body = await response.Content.ReadAsByteArrayAsync();
            var ticks = Stopwatch.GetTimestamp() - start;
            var status = (int)response.StatusCode;
            var version = readReceipt && status is >= 200 and < 300 ? ReceiptVersion(body) : 0;
            return new Outcome(r, a, status, ticks, version,
                response.Content.Headers.ContentType?.MediaType == "application/problem+json",
                response.Headers.RetryAfter is not null);
        }
        catch (HttpRequestException)
        {
            return new Outcome(r, a, 0, Stopwatch.GetTimestamp() - start, 0, false, false);
        }
    }

    /// <summary>The "version" of a survey receipt; -1 when the body is not a receipt.</summary>
    private static long ReceiptVersion(byte[] body)
    {
        var reader = new Utf8JsonReader(body);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("version"u8))
            {
                reader.Read();
                return reader.TryGetInt64(out var v) ? v : -1;
            }
        }

        return -1;
    }
}
