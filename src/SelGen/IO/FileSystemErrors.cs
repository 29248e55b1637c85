using System.Text.RegularExpressions;

namespace SelGen.IO;

/// <summary>
/// Turns the operating system's file errors (a parent that is a file, a folder where a file is wanted,
/// a read-only filesystem, a full disk, no permission) into one sentence that names the path and the fix.
/// .NET reports them as IOException / UnauthorizedAccessException with the path quoted in the message and,
/// for the rarer ones, the errno in HResult; the path's state on disk tells the similar cases apart.
/// </summary>
public static partial class FileSystemErrors
{
    const int ENOSPC = 28, EROFS = 30, EDQUOT = 122, EISDIR = 21, ENOTDIR = 20;

    /// <summary>The sentence for a filesystem fault, or null when <paramref name="e"/> is not one.</summary>
    public static string? Describe(Exception e)
    {
        if (e is not (IOException or UnauthorizedAccessException)) return null;
        var path = QuotedPath().Match(e.Message) is { Success: true } m ? m.Groups[1].Value : null;
        var where = path ?? "an output file";
        string text = e.Message;
        if (e.HResult is ENOSPC or EDQUOT || text.Contains("No space left", StringComparison.OrdinalIgnoreCase) || text.Contains("quota", StringComparison.OrdinalIgnoreCase))
            return $"{where}: the disk is full (no space left on the device); free some space or write to another folder";
        if (e.HResult == EROFS || text.Contains("Read-only file system", StringComparison.OrdinalIgnoreCase))
            return $"{where}: the filesystem is read-only; write to a folder on a writable filesystem";
        if (path is not null && FileAncestor(path) is { } file)
            return $"{path}: '{file}' is a file, not a folder, so nothing can be created under it; choose another path or move the file away";
        if (path is not null && Directory.Exists(path) && (e is UnauthorizedAccessException || e.HResult == EISDIR))
            return $"{path}: is a folder where a file is needed; give a file name (or remove the folder)";
        if (path is not null && File.Exists(path) && (text.Contains("already exists", StringComparison.Ordinal) || e.HResult == ENOTDIR))
            return $"{path}: is a file where a folder is needed; give a folder path (or move the file away)";
        if (e is UnauthorizedAccessException)
            return $"{where}: permission denied; choose a path you can write to (or fix its permissions)";
        if (e is FileNotFoundException or DirectoryNotFoundException)
            return $"{where}: no such file or folder; check the path";
        return path is null ? null : $"{path}: {FirstSentence(text)}";
    }

    /// <summary>The nearest existing ancestor of <paramref name="path"/> when it is a file (so the path cannot exist).</summary>
    static string? FileAncestor(string path)
    {
        try
        {
            for (var dir = Path.GetDirectoryName(Path.GetFullPath(path)); !string.IsNullOrEmpty(dir); dir = Path.GetDirectoryName(dir))
            {
                if (File.Exists(dir)) return dir;
                if (Directory.Exists(dir)) return null;
            }
        }
        catch (ArgumentException) { }
        return null;
    }

    static string FirstSentence(string text) => text.Split('\n')[0].Trim();

    [GeneratedRegex("'([^']+)'")]
    private static partial Regex QuotedPath();
}
