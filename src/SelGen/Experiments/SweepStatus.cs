namespace SelGen.Experiments;

/// <summary>
/// A sweep folder's state at one moment, read from its run store (from any process or node): every run, and
/// the progress its worker last wrote for each running one. Says it in words (<see cref="Counts"/>) and ends a
/// sweep with <see cref="Outcome"/>.
/// </summary>
public sealed class SweepStatus(string dir, IReadOnlyList<RunRecord> runs)
{
    public string Dir { get; } = dir;
    public IReadOnlyList<RunRecord> Runs { get; } = runs;

    /// <summary>Reads the store of the sweep in <paramref name="sweepDir"/>.</summary>
    public static SweepStatus Read(string sweepDir) => new(Path.GetFullPath(sweepDir), RunStore.OpenExisting(sweepDir).Runs());

    /// <summary>Running with its owner alive. A run whose owner died (a killed earlier sweep) still reads "running"
    /// in the store until a worker reclaims it, which happens after the pending runs.</summary>
    public static bool Active(RunRecord run) => run.State == RunState.Running && run.Owner?.IsAlive() != false;

    /// <summary>The runs being executed now, each with the progress its worker last wrote (null before the first).</summary>
    public IEnumerable<(RunRecord Run, RunProgress? Progress)> Running() =>
        Runs.Where(Active).Select(r => (r, Sweep.ReadProgress(r.RunDir)));

    /// <summary>"task_only (beta 1) seed 3".</summary>
    public static string Describe(RunRecord run)
    {
        var knobs = RunJob.DescribeKnobs(run.KnobsJson);
        return $"{run.Method}{(knobs.Length > 0 ? $" ({knobs})" : "")} seed {run.Seed}";
    }

    /// <summary>"3/8 done, 0 failed, 2 running".</summary>
    public string Counts()
    {
        int abandoned = Runs.Count(r => r.State == RunState.Running && !Active(r));
        return $"{Runs.Count(r => r.State == RunState.Done)}/{Runs.Count} done, {Runs.Count(r => r.State == RunState.Failed)} failed, " +
            $"{Runs.Count(Active)} running" + (abandoned > 0 ? $", {abandoned} interrupted earlier (redone after the pending runs)" : "");
    }

    /// <summary>Runs done or failed: the count a progress bar fills.</summary>
    public int Finished => Runs.Count(r => r.State is RunState.Done or RunState.Failed);

    /// <summary>The closing line and exit code: 0 only when every run is done, and the line says exactly what is not.</summary>
    public (string Line, int ExitCode) Outcome()
    {
        int done = Runs.Count(r => r.State == RunState.Done);
        if (done == Runs.Count) return ($"sweep finished: {done}/{Runs.Count} done", 0);
        var parts = new List<string> { $"{done}/{Runs.Count} done" };
        int failed = Runs.Count(r => r.State == RunState.Failed), pending = Runs.Count(r => r.State == RunState.Pending);
        if (failed > 0) parts.Add($"{failed} failed (selgen retry {Dir} to run them again)");
        if (pending > 0) parts.Add($"{pending} pending");
        var running = Runs.Where(r => r.State == RunState.Running).ToList();
        var alive = running.Where(r => r.Owner?.IsAlive() != false).ToList();
        if (alive.Count > 0) parts.Add($"{alive.Count} still running in another process ({string.Join(", ", alive.Select(r => r.Owner).Distinct())})");
        if (running.Count > alive.Count) parts.Add($"{running.Count - alive.Count} interrupted (resumed by the next sweep on this folder)");
        return ($"sweep incomplete: {string.Join(", ", parts)}", 1);
    }
}
