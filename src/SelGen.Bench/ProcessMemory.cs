namespace SelGen.Bench;

/// <summary>Memory of the current process as Linux reports it.</summary>
public static class ProcessMemory
{
    /// <summary>Peak resident set (VmHWM of /proc/self/status) in MiB; null where /proc is absent.</summary>
    public static double? PeakResidentMb()
    {
        const string path = "/proc/self/status";
        if (!File.Exists(path)) return null;
        foreach (var line in File.ReadLines(path))
        {
            if (!line.StartsWith("VmHWM:", StringComparison.Ordinal)) continue;
            var kb = line["VmHWM:".Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
            return long.Parse(kb, System.Globalization.CultureInfo.InvariantCulture) / 1024.0;
        }
        return null;
    }
}
