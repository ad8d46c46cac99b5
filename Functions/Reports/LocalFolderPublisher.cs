using SurveyNetwork.Functions.Security;

namespace SurveyNetwork.Functions.Reports;

/// <summary>
/// Publishes reports as files under a root folder (<see cref="Settings.ReportFolder"/>). Each file
/// is written to a temporary file beside it and renamed over the old one, so a reader — or a run
/// that crashes half-way — never leaves a torn file behind, only the old or the new one. Files and
/// the folders created for them are owner-only (<see cref="OwnerOnlyFiles"/>).
/// </summary>
public sealed class LocalFolderPublisher : IReportPublisher
{
    public LocalFolderPublisher(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        Root = Path.GetFullPath(root);
    }

    public string Root { get; }

    public Task<IReadOnlyDictionary<string, string>> PublishAsync(
        string orgId, string cycleId, string scope, IReadOnlyList<ReportFile> files, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        var links = new SortedDictionary<string, string>(StringComparer.Ordinal);
        string? created = null;
        foreach (var file in files)
        {
            ct.ThrowIfCancellationRequested();
            var path = FullPath(orgId, cycleId, scope, file.Format);
            var folder = Path.GetDirectoryName(path)!;
            if (!string.Equals(folder, created, StringComparison.Ordinal))
            {
                OwnerOnlyFiles.CreateFolder(folder); // a scope's files share one folder: created once per publication
                created = folder;
            }

            WriteAtomically(path, file);
            links[file.Format] = new Uri(path).AbsoluteUri;
        }

        return Task.FromResult<IReadOnlyDictionary<string, string>>(links);
    }

    public async Task<byte[]?> ReadAsync(string orgId, string cycleId, string scope, string format, CancellationToken ct = default)
    {
        try
        {
            return await File.ReadAllBytesAsync(FullPath(orgId, cycleId, scope, format), ct);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public Task DeleteAsync(string orgId, string cycleId, string scope, CancellationToken ct = default)
    {
        var folder = Path.GetDirectoryName(FullPath(orgId, cycleId, scope, ReportFormat.Json))!;
        if (!Directory.Exists(folder))
            return Task.CompletedTask;
        foreach (var format in ReportFormat.All)
            File.Delete(FullPath(orgId, cycleId, scope, format));
        if (!Directory.EnumerateFileSystemEntries(folder).Any())
            Directory.Delete(folder);
        return Task.CompletedTask;
    }

    /// <summary>The file's absolute path (never outside <see cref="Root"/>).</summary>
    public string FullPath(string orgId, string cycleId, string scope, string format)
    {
        var path = Path.GetFullPath(Path.Combine(Root, ReportPaths.Relative(orgId, cycleId, scope, format)));
        if (!path.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new ArgumentException($"Report path '{path}' leaves the report folder.");
        return path;
    }

    /// <summary>
    /// Writes the file to a temporary file, then renames it over the path: bytes in one unbuffered write,
    /// a streamed export through a 1 MB buffer. The write is synchronous: report files are small, the
    /// page cache takes them at once, and an asynchronous file write on Linux costs a thread-pool hop
    /// and a buffer copy per call.
    /// </summary>
    private static void WriteAtomically(string path, ReportFile file)
    {
        var temp = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            var buffer = file.Bytes is null ? 1 << 20 : 0;
            using (var stream = new FileStream(temp, OwnerOnlyFiles.Options(FileMode.CreateNew, FileAccess.Write, FileOptions.None, bufferSize: buffer)))
            {
                file.WriteTo(stream);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }
}
