namespace SurveyNetwork.Functions.Reports;

/// <summary>
/// One file of a report: its bytes, or, for an organization export too large to hold in memory
/// (millions of ties), a writer that makes them as they are written out. Publishers write either
/// with <see cref="WriteTo"/>, which also measures what it wrote, so a streamed file's length and
/// SHA-256 are known once it is published.
/// </summary>
public sealed class ReportFile
{
    private readonly Action<Stream>? _write;

    public ReportFile(string format, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        Format = format;
        Bytes = bytes;
        Length = bytes.Length;
    }

    private ReportFile(string format, Action<Stream> write)
    {
        Format = format;
        _write = write;
    }

    /// <summary>A file written by <paramref name="write"/> each time it is published (it must write the same bytes each time).</summary>
    public static ReportFile Streamed(string format, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        return new ReportFile(format, write);
    }

    public string Format { get; }

    /// <summary>The content, or null for a streamed file.</summary>
    public byte[]? Bytes { get; }

    /// <summary>Bytes in the file (of a streamed file: as last written, 0 before).</summary>
    public long Length { get; private set; }

    /// <summary>Lower-case hex SHA-256 of the content (of a streamed file: as last written, null before).</summary>
    public string? Sha256 { get; private set; }

    /// <summary>Writes the content to <paramref name="output"/> (a streamed file's writer runs now).</summary>
    public void WriteTo(Stream output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (Bytes is not null)
        {
            output.Write(Bytes);
            return;
        }

        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        using var measured = new MeasuredStream(output, hash);
        _write!(measured);
        Length = measured.Written;
        Sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Passes writes through to the output, counting and hashing them.</summary>
    private sealed class MeasuredStream(Stream output, System.Security.Cryptography.IncrementalHash hash) : Stream
    {
        public long Written { get; private set; }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => Written;

        public override long Position
        {
            get => Written;
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            hash.AppendData(buffer);
            output.Write(buffer);
            Written += buffer.Length;
        }

        public override void WriteByte(byte value) => Write([value]);

        public override void Flush() => output.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}

/// <summary>
/// Where reports are published for people and tools to fetch: Blob Storage in Azure, a local
/// folder by default. Both lay files out as <c>{orgId}/{cycleId}/{scope}/report.{format}</c> and
/// overwrite in place, so publishing the same report again leaves exactly the same files.
/// </summary>
public interface IReportPublisher
{
    /// <summary>Writes every file of one report, replacing earlier ones (creating the container or folder when missing); returns the link of each format.</summary>
    Task<IReadOnlyDictionary<string, string>> PublishAsync(
        string orgId, string cycleId, string scope, IReadOnlyList<ReportFile> files, CancellationToken ct = default);

    /// <summary>The published bytes of one format, or null when there are none.</summary>
    Task<byte[]?> ReadAsync(string orgId, string cycleId, string scope, string format, CancellationToken ct = default);

    /// <summary>Removes every published file of one report (a team that no longer exists).</summary>
    Task DeleteAsync(string orgId, string cycleId, string scope, CancellationToken ct = default);
}

/// <summary>The one layout both publishers use.</summary>
public static class ReportPaths
{
    public static string FileName(string format) => "report." + format;

    /// <summary>"{orgId}/{cycleId}/{scope}/report.{format}", after checking that no part can leave its folder.</summary>
    public static string Relative(string orgId, string cycleId, string scope, string format)
    {
        Check(orgId, nameof(orgId));
        Check(cycleId, nameof(cycleId));
        Check(scope, nameof(scope));
        if (!ReportFormat.IsKnown(format))
            throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown report format.");
        return $"{orgId}/{cycleId}/{scope}/{FileName(format)}";
    }

    private static void Check(string part, string name)
    {
        if (string.IsNullOrEmpty(part) || part is "." or ".." || part.AsSpan().ContainsAny("/\\:") || part.Any(char.IsControl))
            throw new ArgumentException($"'{part}' cannot be part of a report path.", name);
    }
}
