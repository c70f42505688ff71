using System.Collections.Concurrent;

namespace NewMediaCms.Core.Data;

/// <summary>
/// Data at rest is the owner's only: App_Data, the media folder and the SQLite file (password hashes, citizens'
/// contacts, the audit log) are created 0700/0600, and existing ones are tightened the first time a process uses them
/// (an installation from before keeps working, with the modes fixed at its next start). SQLite gives its -wal and -shm
/// files the mode of the database file; they are tightened too where they already exist. No-op on Windows.
/// </summary>
public static class PrivateFiles
{
    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private static readonly ConcurrentDictionary<string, bool> Done = new(StringComparer.Ordinal);

    /// <summary>Creates the folder (and missing parents) 0700, or tightens an existing one; returns the path.</summary>
    public static string Directory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            System.IO.Directory.CreateDirectory(path);
            return path;
        }
        if (!Done.ContainsKey("d:" + path))
        {
            if (System.IO.Directory.Exists(path))
            {
                Tighten(path, DirectoryMode);
            }
            else
            {
                System.IO.Directory.CreateDirectory(path, DirectoryMode);
            }
            Done["d:" + path] = true;
        }
        return path;
    }

    /// <summary>
    /// The SQLite database file: created empty with 0600 before SQLite opens it (SQLite would create it 0644 under the
    /// usual umask, and copies that mode to -wal/-shm), or tightened with its -wal/-shm when it exists.
    /// </summary>
    public static void SqliteDatabase(string path)
    {
        if (OperatingSystem.IsWindows() || path.Length == 0 || path == ":memory:" || Done.ContainsKey("f:" + path))
        {
            return;
        }
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder && !System.IO.Directory.Exists(folder))
        {
            Directory(folder);
        }
        if (File.Exists(path))
        {
            Tighten(path, FileMode);
        }
        else
        {
            try
            {
                using var _ = new FileStream(path, new FileStreamOptions { Mode = System.IO.FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = FileMode });
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process or connection created it first.
                Tighten(path, FileMode);
            }
        }
        foreach (var companion in new[] { path + "-wal", path + "-shm", path + "-journal" })
        {
            if (File.Exists(companion))
            {
                Tighten(companion, FileMode);
            }
        }
        Done["f:" + path] = true;
    }

    private static void Tighten(string path, UnixFileMode mode)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        // Only ever removes rights: a mode already stricter than ours stays as the operator set it.
        var current = File.GetUnixFileMode(path);
        if ((current & ~mode) != 0)
        {
            File.SetUnixFileMode(path, current & mode);
        }
    }
}
