using System.Globalization;

namespace SelGen.Experiments;

/// <summary>
/// The command line that starts one sweep worker: a program that calls <see cref="SweepWorker.Run"/> on a sweep
/// folder (the selgen CLI's <c>sweep --worker</c>, or any program of yours). In the arguments, <c>{dir}</c> is
/// replaced by the sweep folder and <c>{threads}</c> by the worker's torch threads.
/// </summary>
public sealed record WorkerCommand(string Program, IReadOnlyList<string> Arguments)
{
    public const string DirPlaceholder = "{dir}", ThreadsPlaceholder = "{threads}";

    /// <summary>The arguments for one worker on <paramref name="sweepDir"/>.</summary>
    public IReadOnlyList<string> For(string sweepDir, int threads) =>
        Arguments.Select(a => a.Replace(DirPlaceholder, sweepDir, StringComparison.Ordinal)
            .Replace(ThreadsPlaceholder, threads.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)).ToList();
}
