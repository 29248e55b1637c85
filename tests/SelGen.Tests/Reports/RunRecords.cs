using SelGen.Experiments;

namespace SelGen.Tests.Reports;

/// <summary>Run rows built in memory, for aggregation tests that need no database.</summary>
static class RunRecords
{
    public static RunRecord Done(string method, string knobsJson, int seed, params (string Name, double Value)[] metrics) =>
        new(RunJob.FromKnobsJson(method, knobsJson, seed).Id, method, RunJob.FromKnobsJson(method, knobsJson, seed).KnobsJson, seed,
            RunState.Done, 1, null, null, DateTimeOffset.UnixEpoch, null, null, null, "/nowhere",
            metrics.ToDictionary(m => m.Name, m => m.Value));

    public static RunRecord Pending(string method, string knobsJson, int seed) =>
        Done(method, knobsJson, seed) with { State = RunState.Pending };
}
