namespace SurveyNetwork.Functions.Security;

/// <summary>
/// Files that hold personal data (the SQLite database, published reports) are created readable by
/// their owner only on Unix: files 0600, the folders created for them 0700. Existing folders keep
/// their mode. Windows files inherit the folder's access control list, which this leaves alone.
/// </summary>
public static class OwnerOnlyFiles
{
    public const UnixFileMode FilePermissions = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public const UnixFileMode FolderPermissions = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Creates <paramref name="folder"/> and any missing parent, each owner-only.</summary>
    public static void CreateFolder(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
            return;
        }

        // The mode given to CreateDirectory applies to the last folder only: missing parents are created one by one.
        var missing = new Stack<string>();
        for (var f = Path.GetFullPath(folder); !string.IsNullOrEmpty(f) && !Directory.Exists(f); f = Path.GetDirectoryName(f))
            missing.Push(f);
        while (missing.TryPop(out var f))
            Directory.CreateDirectory(f, FolderPermissions);
    }

    /// <summary>
    /// Creates a database file, empty and owner-only, with its folder, unless it exists: SQLite then
    /// opens it as a new database and creates its -wal and -shm files with the same permissions.
    /// </summary>
    public static void CreateDatabaseFile(string path)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder))
            CreateFolder(folder);
        try
        {
            new FileStream(path, Options(System.IO.FileMode.CreateNew, FileAccess.Write, FileOptions.None)).Dispose();
        }
        catch (IOException) when (File.Exists(path))
        {
            // Created before, or by another process at the same moment: SQLite opens it as it is.
        }
    }

    /// <summary>Stream options that create a new file owner-only on Unix.</summary>
    public static FileStreamOptions Options(FileMode mode, FileAccess access, FileOptions options, int bufferSize = 4096)
    {
        var result = new FileStreamOptions { Mode = mode, Access = access, Share = FileShare.None, Options = options, BufferSize = bufferSize };
        if (!OperatingSystem.IsWindows())
            result.UnixCreateMode = FilePermissions;
        return result;
    }
}
