namespace SelGen.Cli;

/// <summary>
/// Where an unexpected exception's full trace goes, so the terminal gets one line and the trace is kept
/// for a bug report: $SELGEN_CRASH_DIR, else $XDG_STATE_HOME/selgen, else ~/.local/state/selgen, else the temp folder.
/// </summary>
public static class CrashLog
{
    /// <summary>Writes the trace; returns the file, or null when no folder could be written (e.g. disk full).</summary>
    public static string? Write(string command, Exception e)
    {
        foreach (var dir in Candidates())
        {
            try
            {
                Directory.CreateDirectory(dir);
                var path = Path.Combine(dir, $"crash-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Environment.ProcessId}.log");
                File.WriteAllText(path, $"selgen {command}\n{string.Join(' ', Environment.GetCommandLineArgs())}\n{DateTimeOffset.UtcNow:O}\n\n{e}\n");
                return path;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { }
        }
        return null;
    }

    static IEnumerable<string> Candidates()
    {
        if (Environment.GetEnvironmentVariable("SELGEN_CRASH_DIR") is { Length: > 0 } explicitDir) yield return explicitDir;
        if (Environment.GetEnvironmentVariable("XDG_STATE_HOME") is { Length: > 0 } state) yield return Path.Combine(state, "selgen");
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (home.Length > 0) yield return Path.Combine(home, ".local", "state", "selgen");
        yield return Path.Combine(Path.GetTempPath(), "selgen");
    }
}
