using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SelGen.Engine;

namespace SelGen.Bench;

/// <summary>
/// Runs bench/pytorch_reference.py, the same model and training step in PyTorch, in a child process
/// and reads its JSON. Debian's python3-torch installs into /usr/bin/python3 (see bench/README.md).
/// </summary>
public sealed class PyTorchReference
{
    public const string DefaultPython = "/usr/bin/python3";
    public const string ScriptPath = "bench/pytorch_reference.py";
    const string InstallHint = "install it with 'apt-get install -y python3-torch libopenblas0-pthread' (see bench/README.md)";

    public string Python { get; }
    public string Script { get; }

    PyTorchReference(string python, string script) => (Python, Script) = (python, script);

    /// <summary>Finds the script above the working directory or the program's folder, and checks that torch imports.</summary>
    public static PyTorchReference Locate(string python = DefaultPython) =>
        TryLocate(python, out var reference, out var why) ? reference! : throw new SelGenException(why!);

    /// <summary>As <see cref="Locate"/>, with the reason instead of an exception (tests skip on it).</summary>
    public static bool TryLocate(string python, out PyTorchReference? reference, out string? whyNot)
    {
        reference = null;
        var script = FindScript();
        if (script is null)
        {
            whyNot = $"cannot find {ScriptPath} above {Directory.GetCurrentDirectory()} or {AppContext.BaseDirectory}; run from the SelGen repository";
            return false;
        }
        var (code, _, stderr) = Execute(python, ["-c", "import torch"]);
        if (code != 0)
        {
            whyNot = $"{python} cannot import torch ({LastLine(stderr)}); {InstallHint}";
            return false;
        }
        reference = new PyTorchReference(python, script);
        whyNot = null;
        return true;
    }

    static string? FindScript()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, ScriptPath);
                if (File.Exists(candidate)) return candidate;
            }
        return null;
    }

    /// <summary>The training benchmark in PyTorch: the same settings, and the preset's config passed as a file so the models match.</summary>
    public TrainBenchResult Train(TrainBenchSettings s)
    {
        var config = Presets.Get(s.Validate().Preset, s.Vocab);
        var configFile = Path.GetTempFileName();
        try
        {
            config.Save(configFile);
            var output = RunJson(["train", "--preset", s.Preset, "--config", configFile,
                "--steps", Text(s.Steps), "--warmup", Text(s.Warmup), "--batch", Text(s.Batch), "--seq", Text(s.Seq),
                "--threads", Text(s.Threads), "--vocab", Text(s.Vocab), "--matmul-size", Text(s.MatmulSize),
                "--seed", Text(s.Seed), "--json"]);
            return TrainBenchResult.FromJson(output, Script);
        }
        finally
        {
            File.Delete(configFile);
        }
    }

    /// <summary>Logits of the Hugging Face folder <paramref name="modelDir"/> (config.json + model.safetensors): (B, T, V) flattened.</summary>
    public (long[] Shape, float[] Values) Logits(string modelDir, long[][] ids)
    {
        var rows = string.Join(",", ids.Select(row => string.Join(" ", row.Select(t => Text(t)))));
        var output = RunJson(["logits", "--model", modelDir, "--ids", rows]);
        var shape = output["shape"]!.AsArray().Select(n => n!.GetValue<long>()).ToArray();
        var values = output["logits"]!.AsArray().Select(n => (float)n!.GetValue<double>()).ToArray();
        return (shape, values);
    }

    JsonObject RunJson(IReadOnlyList<string> arguments)
    {
        var (code, stdout, stderr) = Execute(Python, [Script, .. arguments]);
        if (code != 0)
            throw new SelGenException($"{Script} failed (exit {code}): {LastLine(stderr)}");
        var line = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()
            ?? throw new SelGenException($"{Script} printed nothing; expected one JSON object");
        try
        {
            return JsonNode.Parse(line)?.AsObject() ?? throw new SelGenException($"{Script} printed 'null'; expected one JSON object");
        }
        catch (JsonException e)
        {
            throw new SelGenException($"{Script} printed something that is not JSON ({e.Message}): {line[..Math.Min(line.Length, 200)]}");
        }
    }

    static (int Code, string Stdout, string Stderr) Execute(string program, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new SelGenException($"could not start {program}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, "", $"cannot run {program}: {e.Message}");
        }
        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, stdout, stderr.Result);
        }
    }

    static string LastLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "no error output";

    static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
