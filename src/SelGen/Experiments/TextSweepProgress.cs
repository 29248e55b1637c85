namespace SelGen.Experiments;

/// <summary>
/// A sweep's account as plain lines on a writer (a log file, a redirected console, a notebook): every line, and
/// while runs execute a timestamped line whenever the counts change (at most every ten seconds while they do not)
/// with each running run's phase and step.
/// </summary>
public sealed class TextSweepProgress(TextWriter output) : ISweepProgress
{
    public void Line(string text) => output.WriteLine(text);

    public void Follow(Func<SweepStatus> status, Func<bool> finished)
    {
        string previous = "";
        var lastPrint = DateTime.MinValue;
        while (true)
        {
            bool last = finished();
            var now = status();
            var running = now.Running().Select(r => r.Progress is { } p ? $"{SweepStatus.Describe(r.Run)} {p.Phase} {p.Step}/{p.TotalSteps}" : SweepStatus.Describe(r.Run));
            string counts = now.Counts();
            if (counts != previous || (DateTime.UtcNow - lastPrint).TotalSeconds >= 10)
            {
                output.WriteLine($"[{DateTime.Now:HH:mm:ss}] {counts}; running: {string.Join("; ", running.DefaultIfEmpty("none"))}");
                previous = counts;
                lastPrint = DateTime.UtcNow;
            }
            if (last) break;
            Thread.Sleep(1000);
        }
    }
}
