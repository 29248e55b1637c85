using SelGen.Experiments;
using Spectre.Console;

namespace SelGen.Cli;

/// <summary>
/// Shows a sweep's progress by polling its store and the running runs' progress files: on a terminal,
/// a progress bar overall and one per running run; otherwise a plain line whenever something changes
/// (and at most every ten seconds while it does not). The closing line is the caller's (<see cref="Commands.SweepCommand.Outcome"/>).
/// </summary>
public static class SweepProgressView
{
    public static void Watch(Sweep sweep, Func<bool> finished, TextWriter output)
    {
        if (!Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive) WatchInteractive(sweep, finished);
        else WatchPlain(sweep, finished, output);
    }

    static void WatchInteractive(Sweep sweep, Func<bool> finished)
    {
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var runs = sweep.Store.Runs();
                var overall = ctx.AddTask("[bold]sweep[/]", maxValue: Math.Max(1, runs.Count));
                var tasks = new Dictionary<string, ProgressTask>();
                while (true)
                {
                    bool last = finished();
                    runs = sweep.Store.Runs();
                    overall.Value = runs.Count(r => r.State is RunState.Done or RunState.Failed);
                    overall.Description = $"[bold]sweep[/] {Counts(runs)}";
                    foreach (var run in runs)
                    {
                        if (Active(run) && Sweep.ReadProgress(run.RunDir) is { } p)
                        {
                            if (!tasks.TryGetValue(run.Id, out var task)) tasks[run.Id] = task = ctx.AddTask(Markup.Escape(Describe(run)), maxValue: Math.Max(1, p.TotalSteps));
                            task.MaxValue = Math.Max(1, p.TotalSteps);
                            task.Value = p.Step;
                            task.Description = Markup.Escape($"{Describe(run)} {p.Phase}");
                        }
                        else if (tasks.Remove(run.Id, out var ended))
                        {
                            ended.Value = ended.MaxValue;
                            ended.Description = Markup.Escape($"{Describe(run)} {run.State.ToString().ToLowerInvariant()}");
                            ended.StopTask();
                        }
                    }
                    if (last) break;
                    Thread.Sleep(500);
                }
            });
    }

    static void WatchPlain(Sweep sweep, Func<bool> finished, TextWriter output)
    {
        string previous = "";
        var lastPrint = DateTime.MinValue;
        while (true)
        {
            bool last = finished();
            var runs = sweep.Store.Runs();
            var running = runs.Where(Active)
                .Select(r => Sweep.ReadProgress(r.RunDir) is { } p ? $"{Describe(r)} {p.Phase} {p.Step}/{p.TotalSteps}" : Describe(r));
            string line = $"{Counts(runs)}; running: {string.Join("; ", running.DefaultIfEmpty("none"))}";
            string state = Counts(runs);
            if (state != previous || (DateTime.UtcNow - lastPrint).TotalSeconds >= 10)
            {
                output.WriteLine($"[{DateTime.Now:HH:mm:ss}] {line}");
                previous = state;
                lastPrint = DateTime.UtcNow;
            }
            if (last) break;
            Thread.Sleep(1000);
        }
    }

    static string Describe(RunRecord run)
    {
        var knobs = RunJob.DescribeKnobs(run.KnobsJson);
        return $"{run.Method}{(knobs.Length > 0 ? $" ({knobs})" : "")} seed {run.Seed}";
    }

    /// <summary>Running and its owner alive. A run whose owner died (a killed earlier sweep) still reads
    /// "running" in the store until a worker reclaims it, which happens after the pending runs.</summary>
    static bool Active(RunRecord run) => run.State == RunState.Running && run.Owner?.IsAlive() != false;

    static string Counts(IReadOnlyList<RunRecord> runs)
    {
        int abandoned = runs.Count(r => r.State == RunState.Running && !Active(r));
        return $"{runs.Count(r => r.State == RunState.Done)}/{runs.Count} done, {runs.Count(r => r.State == RunState.Failed)} failed, " +
            $"{runs.Count(Active)} running" + (abandoned > 0 ? $", {abandoned} interrupted earlier (redone after the pending runs)" : "");
    }
}
