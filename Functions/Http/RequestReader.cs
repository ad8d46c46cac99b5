using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http;

namespace SurveyNetwork.Functions.Http;

/// <summary>Reads request bodies with a size limit and turns every parse failure into a problem naming the field.</summary>
public static partial class RequestReader
{
    /// <summary>Default body limit for survey answers and small admin calls.</summary>
    public const int SmallBodyLimit = 256 * 1024;

    /// <summary>Limit for roster and response imports.</summary>
    public const int LargeBodyLimit = 32 * 1024 * 1024;

    /// <summary>
    /// Bodies with a limit up to this size are parsed where the server buffered them, without a
    /// copy. It stays well under the server's request buffer (1 MiB by default in Kestrel), which
    /// stops receiving while that much is buffered and not consumed.
    /// </summary>
    private const int InPlaceLimit = 512 * 1024;

    /// <summary>The body as UTF-8 text, or a problem (415 content-encoded, 413 too large, 400 empty or not UTF-8).</summary>
    public static async Task<(string? Text, ApiResult? Problem)> ReadTextAsync(HttpRequest request, int limit, CancellationToken ct)
    {
        if (ContentCoding.Problem(request) is { } encoded)
        {
            return (null, encoded);
        }

        var (body, problem) = await ReadUtf8Async(request, limit, ct);
        return problem is not null ? (null, problem) : (Encoding.UTF8.GetString(body), null);
    }

    /// <summary>Deserializes JSON text strictly (unknown fields refused) into <typeparamref name="T"/>.</summary>
    public static (T? Value, ApiResult? Problem) ParseJson<T>(string text) where T : class =>
        ParseJson<T>(Encoding.UTF8.GetBytes(text));

    /// <summary>Deserializes UTF-8 JSON strictly (unknown fields refused) into <typeparamref name="T"/>.</summary>
    public static (T? Value, ApiResult? Problem) ParseJson<T>(ReadOnlySpan<byte> utf8) where T : class
    {
        try
        {
            var value = JsonSerializer.Deserialize<T>(utf8, ApiJson.Options);
            return value is null ? (null, Problems.Field("body", "The body must be a JSON object.")) : (value, null);
        }
        catch (JsonException ex)
        {
            var field = FieldOf(ex.Path);
            return (null, Problems.Field(field, Describe(ex, field)));
        }
    }

    /// <summary>
    /// Reads and parses a JSON body where the server received it (no copy, no intermediate string).
    /// Problems as <see cref="ReadTextAsync"/>, and
    /// 400 naming the field for JSON the type does not accept.
    /// </summary>
    public static async Task<(T? Value, ApiResult? Problem)> ReadJsonAsync<T>(HttpRequest request, int limit, CancellationToken ct)
        where T : class
    {
        if (!IsJson(request.ContentType))
        {
            return (null, UnsupportedMediaType("application/json"));
        }

        if (ContentCoding.Problem(request) is { } encoded)
        {
            return (null, encoded);
        }

        if (request.ContentLength > limit)
        {
            return (null, TooLarge(limit));
        }

        if (limit > InPlaceLimit)
        {
            // Large bodies are taken off the server's buffers as they arrive (see InPlaceLimit).
            var (bytes, problem) = await ReadUtf8Async(request, limit, ct);
            return problem is not null ? (null, problem) : ParseJson<T>(bytes);
        }

        var body = request.BodyReader;
        while (true)
        {
            var read = await body.ReadAsync(ct);
            var buffer = read.Buffer;
            if (buffer.Length > limit)
            {
                body.AdvanceTo(buffer.End);
                return (null, TooLarge(limit));
            }

            if (read.IsCompleted || read.IsCanceled)
            {
                try
                {
                    return Parse<T>(buffer);
                }
                finally
                {
                    body.AdvanceTo(buffer.End);
                }
            }

            // Nothing consumed, everything examined: the next read waits for more of the body.
            body.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static (T? Value, ApiResult? Problem) Parse<T>(in ReadOnlySequence<byte> body)
        where T : class
    {
        // Bodies larger than one buffer segment of the server arrive in pieces: joined once, here.
        var utf8 = body.IsSingleSegment ? body.FirstSpan : body.ToArray();
        return BodyProblem(utf8) is { } problem ? (null, problem) : ParseJson<T>(utf8);
    }

    /// <summary>400 for an empty body or one that is not UTF-8; null for any other.</summary>
    private static ApiResult? BodyProblem(ReadOnlySpan<byte> body) =>
        body.IsEmpty ? Problems.Field("body", "A request body is required.")
        : !Utf8.IsValid(body) ? Problems.Field("body", "The body is not valid UTF-8.")
        : null;

    /// <summary>
    /// The body's bytes, checked to be valid UTF-8, or a problem (413 too large, 400 empty or not
    /// UTF-8). Reading stops as soon as the limit is passed, whatever Content-Length claimed.
    /// </summary>
    private static async Task<(ArraySegment<byte> Body, ApiResult? Problem)> ReadUtf8Async(HttpRequest request, int limit, CancellationToken ct)
    {
        if (request.ContentLength > limit)
        {
            return (default, TooLarge(limit));
        }

        // Sized from Content-Length when given (one read into an exact buffer), grown by doubling otherwise.
        var buffer = new byte[request.ContentLength is > 0 and var declared ? (int)declared + 1 : 4 * 1024];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                Array.Resize(ref buffer, (int)Math.Min((long)limit + 1, buffer.Length * 2L));
            }

            var read = await request.Body.ReadAsync(buffer.AsMemory(length), ct);
            if (read == 0)
            {
                break;
            }

            length += read;
            if (length > limit)
            {
                return (default, TooLarge(limit));
            }
        }

        var body = new ArraySegment<byte>(buffer, 0, length);
        return BodyProblem(body) is { } problem ? (default, problem) : (body, null);
    }

    public static bool IsJson(string? contentType) =>
        contentType is null || contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
        || contentType.StartsWith("application/problem+json", StringComparison.OrdinalIgnoreCase);

    public static bool IsCsv(string? contentType) =>
        contentType is not null && contentType.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase);

    public static ApiResult UnsupportedMediaType(params string[] accepted) =>
        Problems.Create(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type.",
            $"Send the body as {string.Join(" or ", accepted)}.",
            new Dictionary<string, string[]> { ["content-type"] = [$"Expected {string.Join(" or ", accepted)}."] });

    private static ApiResult TooLarge(int limit) =>
        Problems.Create(StatusCodes.Status413PayloadTooLarge, "The request body is too large.",
            $"The limit is {limit:N0} bytes.", new Dictionary<string, string[]> { ["body"] = [$"At most {limit:N0} bytes."] });

    /// <summary>"$.contacts[0].frequency" → "contacts[0].frequency"; "$" → "body".</summary>
    internal static string FieldOf(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return "body";
        }

        var p = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        p = QuotedMember().Replace(p, m => "." + m.Groups[1].Value).TrimStart('.');
        return p.Length == 0 ? "body" : p;
    }

    private static string Describe(JsonException ex, string field)
    {
        var message = ex.Message;
        if (message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            return $"'{field}' is not a known field.";
        }

        if (message.StartsWith("Duplicate property", StringComparison.Ordinal))
        {
            return $"'{field}' appears more than once; send each field once.";
        }

        if (message.Contains("maximum configured depth", StringComparison.Ordinal))
        {
            return "The JSON is nested too deeply.";
        }

        if (ConvertedTo().Match(message) is { Success: true } m
            && typeof(Domain.Survey.Frequency).Assembly.GetType(m.Groups[1].Value.TrimEnd('.')) is { IsEnum: true } enumType)
        {
            var names = Enum.GetNames(enumType).Select(n => char.ToLowerInvariant(n[0]) + n[1..]);
            return $"Must be one of: {string.Join(", ", names)}.";
        }

        if (message.Contains("could not be converted", StringComparison.Ordinal) || ex.InnerException is FormatException or InvalidOperationException or OverflowException)
        {
            return "The value has the wrong type or is out of range.";
        }

        if (message.Contains("missing required properties", StringComparison.Ordinal))
        {
            return "A required field is missing.";
        }

        return "The body is not valid JSON" + (ex.LineNumber is { } line ? $" (line {line + 1}, byte {ex.BytePositionInLine + 1})." : ".");
    }

    [GeneratedRegex(@"could not be converted to (?:System\.Nullable`1\[)?([\w.]+)")]
    private static partial Regex ConvertedTo();

    [GeneratedRegex(@"\['([^']*)'\]")]
    private static partial Regex QuotedMember();
}
