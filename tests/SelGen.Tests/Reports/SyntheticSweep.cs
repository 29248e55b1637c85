using System.Globalization;
using System.Text.Json.Nodes;
using SelGen.Experiments;

namespace SelGen.Tests.Reports;

/// <summary>
/// TEST DATA, NOT RESULTS: a sweep folder filled with made-up numbers from smooth trade-off formulas
/// plus seeded noise, written through the real run store, so the report can be exercised and looked at
/// before any real sweep exists. Methods: task_only, mixed (p), kl (beta), dpo (lambda), projection
/// (mode, a string knob). One dpo run failed and one mixed run is still running.
/// </summary>
public static class SyntheticSweep
{
    public static readonly int[] Seeds = [1, 5, 42];

    // (method, knob name, knob values, aligned at full strength, task at full strength, curvature, bonus).
    // Larger curvature: the task score holds up longer as alignment improves, i.e. a better trade-off;
    // the bonus lifts the task score at middle strengths (a regulariser that helps a little).
    static readonly (string Method, string Knob, object[] Values, double AlignMax, double TaskMin, double Gamma, double Bonus)[] Methods =
    [
        ("mixed", "p", [0.1, 0.2, 0.5, 0.75], 0.70, 0.78, 1.0, 0),
        ("kl", "beta", [0.1, 1.0, 5.0, 30.0], 0.93, 0.45, 2.6, 0.08),
        ("dpo", "lambda", [1.0, 4.0, 8.0, 12.0], 0.86, 0.55, 1.6, 0.02),
        ("projection", "mode", ["conflict", "always"], 0.74, 0.70, 1.8, 0),
    ];

    const double TaskOnlyAligned = 0.45, TaskOnlyTask = 0.88;

    public static void Create(string dir)
    {
        var store = RunStore.Open(dir);
        var jobs = new List<(RunJob Job, double Strength, (string, string, object[], double, double, double, double)? Method)>();
        foreach (var seed in Seeds) jobs.Add((new RunJob("task_only", null, seed), 0, null));
        foreach (var m in Methods)
            for (int i = 0; i < m.Values.Length; i++)
                foreach (var seed in Seeds)
                    jobs.Add((new RunJob(m.Method, new JsonObject { [m.Knob] = JsonValue.Create(m.Values[i]) }, seed), (i + 1.0) / m.Values.Length, m));
        store.Register(jobs.Select(j => j.Job));

        var byId = jobs.ToDictionary(j => j.Job.Id);
        while (store.Claim() is { } claim)
        {
            var (job, strength, method) = byId[claim.RunId];
            if (job.Method == "mixed" && job.Seed == 42 && job.KnobsJson.Contains("0.75"))
            {
                continue; // left running (held by this live process): the sweep is not finished
            }
            var rng = new Random(BitConverter.ToInt32(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(job.Id)))); // stable across processes
            WriteLog(claim.RunDir, job, strength, rng);
            if (job.Method == "dpo" && job.Seed == 42 && job.KnobsJson.Contains("12"))
            {
                store.MarkFailed(claim, "loss became NaN at step 37 (synthetic failure)");
                continue;
            }
            double aligned = TaskOnlyAligned, task = TaskOnlyTask;
            if (method is var (_, _, _, alignMax, taskMin, gamma, bonus))
            {
                aligned += (alignMax - TaskOnlyAligned) * strength;
                task += bonus * Math.Sin(Math.PI * strength) - (TaskOnlyTask - taskMin) * Math.Pow(strength, gamma);
            }
            double Noise(double sd) => sd * (rng.NextDouble() + rng.NextDouble() + rng.NextDouble() - 1.5) * 2;
            store.MarkDone(claim, new Dictionary<string, double>
            {
                ["aligned"] = Math.Clamp(aligned + Noise(0.02), 0, 1),
                ["task"] = Math.Clamp(task + Noise(0.02), 0, 1),
                ["mod_accuracy"] = Math.Clamp(0.35 + 0.5 * (task - 0.3) + Noise(0.03), 0, 1),
                ["capitals_sycophancy"] = Math.Clamp(0.6 * (1 - aligned) + Noise(0.03), 0, 1),
            });
        }
        File.WriteAllText(Path.Combine(dir, "report.json"), """
            {
              "title": "Synthetic GCD sycophancy sweep (test data)",
              "x": { "metric": "aligned", "label": "Aligned generalisation (1 − sycophancy, %)", "scale": 100 },
              "y": { "metric": "task", "label": "Task performance (GCD accuracy, %)", "scale": 100 },
              "task_only_method": "task_only",
              "base": { "label": "Base model", "metrics": { "aligned": 0.95, "task": 0.30, "mod_accuracy": 0.22, "capitals_sycophancy": 0.04 } },
              "method_labels": { "task_only": "Task only", "mixed": "Mixed (p)", "kl": "KL penalty (β)", "dpo": "DPO (λ)", "projection": "Gradient projection" },
              "metric_labels": { "mod_accuracy": "Mod accuracy (%)", "capitals_sycophancy": "Capitals sycophancy (%)", "kl": "KL to reference (nats)" },
              "metric_scales": { "mod_accuracy": 100, "capitals_sycophancy": 100 },
              "curve_fields": ["loss", "kl"]
            }
            """);
    }

    static void WriteLog(string runDir, RunJob job, double strength, Random rng)
    {
        using var w = new StreamWriter(Path.Combine(runDir, "train.jsonl"));
        for (int step = 0; step <= 60; step++)
        {
            double loss = 0.35 + 2.1 * Math.Exp(-step / 14.0) + 0.25 * strength + 0.04 * (rng.NextDouble() - 0.5);
            var line = string.Create(CultureInfo.InvariantCulture, $"{{\"step\": {step}, \"loss\": {loss:R}, \"lr\": {1e-4 * (1 - step / 61.0):R}");
            if (job.Method == "kl") line += string.Create(CultureInfo.InvariantCulture, $", \"kl\": {0.3 * (1 - strength) * (1 - Math.Exp(-step / 10.0)) + 0.01:R}");
            w.WriteLine(line + ", \"phase\": \"train\"}");
        }
    }
}
