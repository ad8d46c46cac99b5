using System.Buffers;
using System.Text;
using Microsoft.IO;

namespace SurveyNetwork.Domain.Reports.Rendering;

/// <summary>
/// Turns rendered reports into file bytes without large temporary buffers. A team page or export is
/// 50–200 KB; a string or a doubling MemoryStream of that size lands on the large object heap, and
/// collecting it stops every thread of a report run. Text is encoded straight from a StringBuilder's
/// chunks, and streamed formats (JSON, GraphML) write into pooled blocks
/// (Microsoft.IO.RecyclableMemoryStream); only the finished file is allocated at its exact size.
/// </summary>
internal static class ReportBuffers
{
    private const int BlockSize = 128 * 1024;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Free blocks kept for reuse are capped (32 MB): enough for every report a run renders at once.</summary>
    private static readonly RecyclableMemoryStreamManager Streams = new(new RecyclableMemoryStreamManager.Options
    {
        BlockSize = BlockSize,
        MaximumSmallPoolFreeBytes = 256L * BlockSize,
        MaximumLargePoolFreeBytes = 256L * BlockSize,
    });

    /// <summary>A stream over pooled blocks; dispose it to return them.</summary>
    public static RecyclableMemoryStream Stream() => Streams.GetStream();

    /// <summary>The text as UTF-8 (no BOM), encoded chunk by chunk (a surrogate pair split between chunks stays whole).</summary>
    public static byte[] Utf8Bytes(StringBuilder text)
    {
        ArgumentNullException.ThrowIfNull(text);
        using var stream = Stream();
        WriteUtf8(text, stream, NewEncoder(), flush: true);
        return stream.ToArray();
    }

    /// <summary>A UTF-8 encoder (no BOM) for <see cref="WriteUtf8"/>.</summary>
    public static Encoder NewEncoder() => Utf8.GetEncoder();

    /// <summary>
    /// Appends the text to <paramref name="output"/> as UTF-8 through <paramref name="encoder"/>, which
    /// keeps a surrogate pair split between calls whole; <paramref name="flush"/> on the last call.
    /// Writing a long text in parts this way gives the bytes of writing it at once.
    /// </summary>
    public static void WriteUtf8(StringBuilder text, Stream output, Encoder encoder, bool flush)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(encoder);
        var buffer = ArrayPool<byte>.Shared.Rent(Utf8.GetMaxByteCount(8000));
        try
        {
            foreach (var chunk in text.GetChunks())
            {
                for (var at = 0; at < chunk.Length; at += 8000)
                {
                    var part = chunk.Span.Slice(at, Math.Min(8000, chunk.Length - at));
                    output.Write(buffer, 0, encoder.GetBytes(part, buffer, flush: false));
                }
            }

            if (flush)
            {
                output.Write(buffer, 0, encoder.GetBytes([], buffer, flush: true));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
