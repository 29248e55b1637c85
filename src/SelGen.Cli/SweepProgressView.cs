using SelGen.Experiments;
using Spectre.Console;

namespace SelGen.Cli;

/// <summary>
/// A sweep's progress on the console: on a terminal, a progress bar overall and one per running run; otherwise
/// the library's plain lines (<see cref="TextSweepProgress"/>).
/// </summary>
public sealed class SweepProgressView(TextWriter output) : ISweepProgress
{
    readonly TextSweepProgress _plain = new(output);

    public void Line(string text) => output.WriteLine(text);

    public void Follow(Func<SweepStatus> status, Func<bool> finished)
    {
        if (!Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive) FollowInteractive(status, finished);
        else _plain.Follow(status, finished);
    }

    static void FollowInteractive(Func<SweepStatus> status, Func<bool> finished)
    {
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var now = status();
                var overall = ctx.AddTask("[bold]sweep[/]", maxValue: Math.Max(1, now.Runs.Count));
                var tasks = new Dictionary<string, ProgressTask>();
                while (true)
                {
                    bool last = finished();
                    now = status();
                    overall.Value = now.Finished;
                    overall.Description = $"[bold]sweep[/] {now.Counts()}";
                    var running = now.Running().Where(r => r.Progress is not null).ToDictionary(r => r.Run.Id, r => r.Progress!);
                    foreach (var run in now.Runs)
                    {
                        var describe = SweepStatus.Describe(run);
                        if (running.TryGetValue(run.Id, out var p))
                        {
                            if (!tasks.TryGetValue(run.Id, out var task)) tasks[run.Id] = task = ctx.AddTask(Markup.Escape(describe), maxValue: Math.Max(1, p.TotalSteps));
                            task.MaxValue = Math.Max(1, p.TotalSteps);
                            task.Value = p.Step;
                            task.Description = Markup.Escape($"{describe} {p.Phase}");
                        }
                        else if (tasks.Remove(run.Id, out var ended))
                        {
                            ended.Value = ended.MaxValue;
                            ended.Description = Markup.Escape($"{describe} {run.State.ToString().ToLowerInvariant()}");
                            ended.StopTask();
                        }
                    }
                    if (last) break;
                    Thread.Sleep(500);
                }
            });
    }
}
