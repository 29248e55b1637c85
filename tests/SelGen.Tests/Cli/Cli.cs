using System.Diagnostics;
using SelGen.Cli;

namespace SelGen.Tests.Cli;

/// <summary>Runs the real command line in this process, with its output captured (tests run one class at a time).</summary>
public static class Cli
{
    public sealed record Result(int ExitCode, string Out, string Err)
    {
        /// <summary>A named error: exit 1, a short message, no stack trace.</summary>
        public Result Fails(params string[] mentions)
        {
            Assert.True(ExitCode == 1, $"exit {ExitCode}; stderr: {Err}; stdout: {Out}");
            NoTrace();
            foreach (var m in mentions) Assert.Contains(m, Err);
            return this;
        }

        public Result UsageError(params string[] mentions)
        {
            Assert.True(ExitCode == 2, $"exit {ExitCode}; stderr: {Err}");
            NoTrace();
            foreach (var m in mentions) Assert.Contains(m, Err);
            return this;
        }

        void NoTrace()
        {
            Assert.DoesNotContain("   at ", Err);
            Assert.DoesNotContain("unexpected error", Err);
            Assert.True(Err.Trim().Split('\n').Length <= 2, $"more than two lines on stderr: {Err}");
        }
    }

    static readonly object Gate = new();

    public static Result Run(params string[] args)
    {
        lock (Gate)
        {
            var (stdout, stderr) = (new StringWriter(), new StringWriter());
            var (oldOut, oldErr) = (Console.Out, Console.Error);
            Console.SetOut(stdout);
            Console.SetError(stderr);
            try { return new Result(CommandLine.Run(args, stdout, stderr), stdout.ToString(), stderr.ToString()); }
            finally { Console.SetOut(oldOut); Console.SetError(oldErr); }
        }
    }

    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "SelGen.slnx"))) return dir.FullName;
        throw new InvalidOperationException("SelGen.slnx not found above the test assembly");
    }

    public static string ShippedModel(string name) => Path.Combine(RepoRoot(), "models", name);
}

/// <summary>
/// A tiny filesystem mounted for a test (root only): read-only, or so small that it fills up. Where mounting is
/// not allowed (CI without root), <see cref="Available"/> is false and the callers fall back to /dev/full.
/// </summary>
public sealed class TinyMount : IDisposable
{
    public string Path { get; }
    public bool Available { get; }

    public TinyMount(bool readOnly, int kilobytes = 64)
    {
        Path = Directory.CreateTempSubdirectory("selgen-mount-").FullName;
        Available = Environment.UserName == "root" && Exec("mount", "-t", "tmpfs", "-o", $"{(readOnly ? "ro," : "")}size={kilobytes}k", "tmpfs", Path);
    }

    static bool Exec(string file, params string[] args)
    {
        try
        {
            var info = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var a in args) info.ArgumentList.Add(a);
            using var p = Process.Start(info)!;
            p.WaitForExit();
            return p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception) { return false; }
    }

    public void Dispose()
    {
        if (Available) Exec("umount", Path);
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
