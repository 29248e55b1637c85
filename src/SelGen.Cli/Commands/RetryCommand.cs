using SelGen.Experiments;

namespace SelGen.Cli.Commands;

/// <summary>selgen retry DIR: makes a sweep's failed runs pending again, to be run by the next sweep on the folder.</summary>
public sealed class RetryCommand : ICommand
{
    public string Name => "retry";
    public string Summary => "make a sweep folder's failed runs pending again (then run the sweep again)";
    public string Help => """
        Usage: selgen retry DIR [--run ID]

        Makes every failed run of the sweep folder DIR (or only run ID, as listed by the sweep) pending again.
        A run keeps its checkpoint, so training resumes where it stopped; its count of attempts without
        progress starts over, and the error it failed with is kept in its notes. Run them with
          selgen sweep --config DIR/experiment.json --out DIR

          --run ID   only this run (its id, e.g. kl-c61dcdc6b569c02d: the folder name under DIR/runs/)
        """;

    public int Run(Arguments args)
    {
        var only = args.String("run");
        args.EnsureAllUsed();
        if (args.Positionals.Count != 1) throw new UsageException("give exactly one sweep folder, e.g. selgen retry sweeps/gcd");
        var dir = args.Positionals[0];
        var store = RunStore.OpenExisting(dir);
        var failed = store.Runs().Where(r => r.State == RunState.Failed).ToList();
        if (only is not null && failed.All(r => r.Id != only))
            throw new SelGenException(store.Find(only) is { } run
                ? $"{dir}: run {only} is {run.State.ToString().ToLowerInvariant()}, not failed; only failed runs are retried"
                : $"{dir}: no run {only} in this sweep; {(failed.Count == 0 ? "no run failed" : $"the failed runs are: {string.Join(", ", failed.Select(r => r.Id))}")}");
        int reset = store.ResetFailed(only);
        Console.Out.WriteLine(reset == 0
            ? $"{dir}: no failed run to retry"
            : $"{dir}: {reset} failed run{(reset == 1 ? " is" : "s are")} pending again; run {(reset == 1 ? "it" : "them")} with: selgen sweep --config {Path.Combine(dir, Sweep.ExperimentFile)} --out {dir}");
        return 0;
    }
}
