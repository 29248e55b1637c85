using System.Diagnostics;
using System.Globalization;

namespace SelGen.Experiments;

/// <summary>
/// The process that holds a claimed run. Pid alone is not an identity (pids are reused), so the
/// owner also records the host, the kernel's boot id and the process start stamp: a pid that now
/// belongs to another process, or a machine that rebooted, means the owner is gone.
/// </summary>
public sealed record RunOwner(int Pid, string Host, string BootId, string StartStamp)
{
    /// <summary>This process.</summary>
    public static RunOwner Current { get; } = new(Environment.ProcessId, Environment.MachineName, ReadBootId(), StartStampOf(Environment.ProcessId) ?? "");

    public override string ToString() => $"pid {Pid} on {Host}";

    /// <summary>
    /// False only when we can tell the owner is dead: same host and (another boot, or no such
    /// process, or a zombie, or a different start stamp). An owner on another host is assumed alive;
    /// only its heartbeat going stale frees its run.
    /// </summary>
    public bool IsAlive()
    {
        var me = Current;
        if (Host != me.Host) return true;
        if (BootId != me.BootId) return false;
        if (Pid == me.Pid) return StartStamp == me.StartStamp;
        var stamp = StartStampOf(Pid);
        return stamp is not null && stamp == StartStamp;
    }

    /// <summary>Start stamp of a live process, or null when it does not exist or has exited (zombie).</summary>
    static string? StartStampOf(int pid)
    {
        if (OperatingSystem.IsLinux()) return LinuxStartStamp(pid);
        try
        {
            using var p = Process.GetProcessById(pid);
            if (p.HasExited) return null;
            // Whole seconds: the platform's start time can jitter below that between reads.
            return "utc:" + (p.StartTime.ToUniversalTime().Ticks / TimeSpan.TicksPerSecond).ToString(CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    // /proc/PID/stat: "pid (comm) state ... starttime ...". comm may hold spaces and parentheses, so
    // fields are counted from the last ')'; state is field 3 and starttime (clock ticks since boot) field 22.
    static string? LinuxStartStamp(int pid)
    {
        string text;
        try { text = File.ReadAllText($"/proc/{pid}/stat"); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
        int close = text.LastIndexOf(')');
        if (close < 0) return null;
        var fields = text[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 20) return null;
        if (fields[0] is "Z" or "X" or "x") return null;
        return "linux:" + fields[19];
    }

    static string ReadBootId()
    {
        try { return File.ReadAllText("/proc/sys/kernel/random/boot_id").Trim(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return ""; }
    }
}
