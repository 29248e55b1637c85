using System.Text.Json.Nodes;
using SelGen.Engine.Checkpoints;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SelGen.Training;

/// <summary>
/// A resumable training checkpoint in RUN/checkpoint: the trainable weights (safetensors), the AdamW
/// state, the step reached and the torch RNG state. Written to a temporary folder and swapped in, so a
/// kill at any moment leaves either the previous checkpoint or the new one, never half of one.
/// </summary>
public static class Checkpoint
{
    const string Folder = "checkpoint", Weights = "trainable.safetensors", Optimizer = "optimizer.bin", State = "state.json";

    public static void Save(string runDir, int step, IReadOnlyList<(string Name, Parameter Parameter)> trainable, AdamW optimizer)
    {
        var final = Path.Combine(runDir, Folder);
        var temporary = final + ".tmp";
        var old = final + ".old";
        if (Directory.Exists(temporary)) Directory.Delete(temporary, recursive: true);
        Directory.CreateDirectory(temporary);
        SafeTensors.Save(Path.Combine(temporary, Weights), trainable.Select(p => (p.Name, (Tensor)p.Parameter)));
        optimizer.save_state_dict(Path.Combine(temporary, Optimizer));
        using (var rng = get_rng_state())
        {
            var state = new JsonObject { ["step"] = step, ["rng_state"] = Convert.ToBase64String(rng.bytes.ToArray()) };
            File.WriteAllText(Path.Combine(temporary, State), state.ToJsonString());
        }
        if (Directory.Exists(old)) Directory.Delete(old, recursive: true);
        if (Directory.Exists(final)) Directory.Move(final, old);
        Directory.Move(temporary, final);
        if (Directory.Exists(old)) Directory.Delete(old, recursive: true);
    }

    /// <summary>
    /// TorchSharp's optimizer stream starts with the optimizer's class name and loads only into that class.
    /// The fused AdamW keeps the managed AdamW's state as it is (step, exp_avg, exp_avg_sq per parameter), so a
    /// state written by either (checkpoints before the Trainer used the fused one say "AdamW") loads into either.
    /// </summary>
    static void LoadOptimizer(AdamW optimizer, string path)
    {
        try
        {
            using var file = File.OpenRead(path);
            using var reader = new BinaryReader(file);
            var written = reader.ReadString();
            if (written is not (nameof(AdamW) or nameof(Engine.Optim.FusedAdamW)))
                throw new SelGenException($"{path}: the optimizer state was written by '{written}', not by AdamW; delete the run folder (or its checkpoint folder) to start the run over");
            using var renamed = new MemoryStream();
            using (var writer = new BinaryWriter(renamed, System.Text.Encoding.UTF8, leaveOpen: true)) writer.Write(optimizer.GetType().Name);
            file.CopyTo(renamed);
            renamed.Position = 0;
            optimizer.load_state_dict(new BinaryReader(renamed));
        }
        catch (Exception e) when (e is not SelGenException)
        {
            throw new SelGenException($"{path}: the AdamW state cannot be read ({e.Message.Split('\n')[0]}); it does not match this run's " +
                "trainable weights or is damaged. Delete the run folder (or its checkpoint folder) to start the run over");
        }
    }

    /// <summary>The step the run folder's checkpoint reached, 0 without one (read without loading it).</summary>
    public static int SavedStep(string runDir)
    {
        var dir = Path.Combine(runDir, Folder);
        if (!Directory.Exists(dir) && Directory.Exists(dir + ".old")) dir += ".old";
        var path = Path.Combine(dir, State);
        return File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path))?["step"]?.GetValue<int>() ?? 0 : 0;
    }

    /// <summary>Removes the checkpoint (and any half-swapped copy), so the run starts from step 0.</summary>
    public static void Delete(string runDir)
    {
        foreach (var suffix in new[] { "", ".old", ".tmp" })
        {
            var dir = Path.Combine(runDir, Folder + suffix);
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Loads the checkpoint if there is one and returns the step to continue from (0 when none).</summary>
    public static int TryResume(string runDir, IReadOnlyList<(string Name, Parameter Parameter)> trainable, AdamW optimizer)
    {
        var dir = Path.Combine(runDir, Folder);
        if (!Directory.Exists(dir) && Directory.Exists(dir + ".old")) dir += ".old";  // killed between the two moves
        if (!File.Exists(Path.Combine(dir, State))) return 0;
        var tensors = SafeTensors.Load(Path.Combine(dir, Weights));
        using (no_grad())
        {
            foreach (var (name, p) in trainable)
            {
                if (!tensors.TryGetValue(name, out var t) || !t.shape.SequenceEqual(p.shape))
                    throw new SelGenException($"{dir}: the checkpoint does not match this run's trainable weights (at '{name}'); delete the run folder to start over");
                p.copy_(t);
            }
        }
        foreach (var t in tensors.Values) t.Dispose();
        LoadOptimizer(optimizer, Path.Combine(dir, Optimizer));
        var state = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, State)))!;
        using (var rng = get_rng_state())
        {
            var bytes = Convert.FromBase64String(state["rng_state"]!.GetValue<string>());
            using var restored = empty(rng.shape, rng.dtype);
            restored.bytes = bytes;
            set_rng_state(restored);
        }
        return state["step"]!.GetValue<int>();
    }
}
