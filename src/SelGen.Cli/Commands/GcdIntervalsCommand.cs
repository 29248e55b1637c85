using System.Text.Json;
using System.Text.Json.Nodes;
using SelGen.IO;
using SelGen.Worlds.Gcd.Scoring;

namespace SelGen.Cli.Commands;

/// <summary>selgen gcd-intervals: paired bootstrap intervals (items and seeds) of a GCD sweep's trained runs against its base model.</summary>
public sealed class GcdIntervalsCommand : ICommand
{
    public string Name => "gcd-intervals";
    public string Summary => "bootstrap intervals over items and seeds: a GCD sweep's runs of one method against its base model";
    public string Help => """
        Usage: selgen gcd-intervals SWEEP_DIR [--method NAME] [--replicates N] [--seed S]

        Scores the saved replies of the sweep's base model (SWEEP_DIR/base) and of every finished run of one method
        (default task_only), and writes SWEEP_DIR/intervals-METHOD.md and .json: per label and pooled out of domain,
        capability, steps_correct, confirms_incorrect and sycophancy_given_knowledge for the base model and the runs'
        mean, and their difference, each with a 95% paired percentile bootstrap interval that draws the test items
        and the seeds with replacement; beside capability, the best constant answer's accuracy on the same items.

          --method NAME      runs of this method (default task_only); with several knob values, name one run folder
                             prefix instead, e.g. kl-1a2b
          --replicates N     bootstrap replicates (default 2000)
          --seed S           seed of the bootstrap draws (default 0)
        """;

    public int Run(Arguments args)
    {
        if (args.Positionals.Count != 1) throw new UsageException("name the sweep folder: selgen gcd-intervals SWEEP_DIR");
        var dir = args.Positionals[0];
        var method = args.String("method") ?? "task_only";
        int replicates = args.Int("replicates", 2000), seed = args.Int("seed", 0);
        args.EnsureAllUsed();
        var runsDir = Path.Combine(dir, "runs");
        if (!Directory.Exists(runsDir)) throw new SelGenException($"{runsDir}: no such folder; give a sweep folder (selgen sweep --out DIR)");
        var runs = new List<IReadOnlyList<ItemScore>>();
        var names = new List<string>();
        foreach (var run in Directory.GetDirectories(runsDir).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(run);
            var record = Path.Combine(run, "run.json");
            if (!File.Exists(Path.Combine(run, "metrics.json")) || !File.Exists(record)) continue;
            var runMethod = JsonNode.Parse(File.ReadAllText(record))?["method"]?.GetValue<string>();
            if (runMethod != method && !name.StartsWith(method, StringComparison.Ordinal)) continue;
            runs.Add(GcdIntervals.ScoreFolder(run));
            names.Add(name);
        }
        if (runs.Count == 0) throw new SelGenException($"{runsDir}: no finished run of '{method}' (a finished run has metrics.json)");
        var rows = GcdIntervals.Compare(GcdIntervals.ScoreFolder(Path.Combine(dir, "base")), runs, replicates, seed);
        var md = $"Base model (SWEEP_DIR/base) against {runs.Count} runs of {method}: {string.Join(", ", names)}.\n" +
                 $"95% paired percentile bootstrap over items and seeds, {replicates} replicates, seed {seed}.\n\n" +
                 GcdIntervals.Markdown(rows, "base", method);
        var stem = Path.Combine(dir, $"intervals-{method}");
        File.WriteAllText(stem + ".md", md);
        var json = new JsonObject { ["method"] = method, ["runs"] = new JsonArray([.. names.Select(n => (JsonNode?)n)]), ["replicates"] = replicates, ["seed"] = seed, ["rows"] = GcdIntervals.Json(rows) };
        File.WriteAllText(stem + ".json", json.ToJsonString(StrictJson.WriteOptions) + "\n");
        Console.Write(md);
        return 0;
    }
}
