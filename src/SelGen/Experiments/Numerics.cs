using System.Text.Json;
using System.Text.Json.Serialization;
using SelGen.IO;
using static TorchSharp.torch;

namespace SelGen.Experiments;

/// <summary>
/// What decides a run's floating-point trajectory besides its config and seed: intra-op threads (a reduction
/// split over 2 threads sums in another order than over 1, so grad norms differ from step 1), inter-op threads,
/// device, dtype and the libtorch build. Saved in each run folder (numerics.json) when an attempt starts; a
/// checkpoint made under other numerics is not continued (that would splice two trajectories into one run).
/// </summary>
public sealed record Numerics
{
    public const string FileName = "numerics.json";

    [JsonPropertyName("threads")] public required int Threads { get; init; }
    [JsonPropertyName("interop_threads")] public required int InteropThreads { get; init; }
    [JsonPropertyName("device")] public required string Device { get; init; }
    [JsonPropertyName("dtype")] public required string Dtype { get; init; }
    [JsonPropertyName("libtorch")] public required string Libtorch { get; init; }

    /// <summary>This process's settings for a model on <paramref name="device"/> in <paramref name="dtype"/>.</summary>
    public static Numerics Current(string device = "cpu", ScalarType dtype = ScalarType.Float32) => new()
    {
        Threads = get_num_threads(),
        InteropThreads = get_num_interop_threads(),
        Device = device,
        Dtype = dtype.ToString().ToLowerInvariant(),
        Libtorch = __version__,
    };

    public static Numerics? Read(string runDir)
    {
        var path = Path.Combine(runDir, FileName);
        return File.Exists(path) ? StrictJson.Load<Numerics>(path) : null;
    }

    public void Write(string runDir) =>
        AtomicFile.WriteAllText(Path.Combine(runDir, FileName), JsonSerializer.Serialize(this, StrictJson.WriteOptions));

    /// <summary>
    /// Before training in <paramref name="runDir"/>: when its checkpoint was made under other numerics than
    /// <paramref name="now"/> (or under unrecorded ones), deletes the checkpoint and the training log so the run
    /// starts from step 0, and returns the note saying why; then records <paramref name="now"/>. Null when the
    /// checkpoint (if any) can be continued.
    /// </summary>
    public static string? StartOrRestart(string runDir, Numerics now)
    {
        string? note = null;
        int step = SelGen.Training.Checkpoint.SavedStep(runDir);
        if (step > 0)
        {
            var before = Read(runDir);
            var why = before is null ? $"the checkpoint at step {step} has no record of the threads, device, dtype and libtorch it was made with"
                : before.Difference(now) is { Length: > 0 } difference ? $"the checkpoint at step {step} was made with other numerics ({difference})"
                : null;
            if (why is not null)
            {
                SelGen.Training.Checkpoint.Delete(runDir);
                File.Delete(Path.Combine(runDir, SelGen.Training.Trainer.LogFile));
                note = $"restarted from scratch: {why}; continuing it would mix two trajectories in one run";
            }
        }
        Directory.CreateDirectory(runDir);
        now.Write(runDir);
        return note;
    }

    /// <summary>"threads 2 → 1, libtorch 2.9 → 2.10": what differs from <paramref name="now"/>, or "" when nothing does.</summary>
    public string Difference(Numerics now)
    {
        var parts = new List<string>();
        void Compare<T>(string name, T a, T b) { if (!EqualityComparer<T>.Default.Equals(a, b)) parts.Add($"{name} {a} → {b}"); }
        Compare("threads", Threads, now.Threads);
        Compare("interop_threads", InteropThreads, now.InteropThreads);
        Compare("device", Device, now.Device);
        Compare("dtype", Dtype, now.Dtype);
        Compare("libtorch", Libtorch, now.Libtorch);
        return string.Join(", ", parts);
    }
}
