namespace SelGen.Experiments;

/// <summary>One row of the run store as read back, with its metrics (empty until done).</summary>
/// <param name="RunDir">Absolute path of the run's folder.</param>
public sealed record RunRecord(
    string Id,
    string Method,
    string KnobsJson,
    int Seed,
    RunState State,
    int Attempts,
    string? Error,
    RunOwner? Owner,
    DateTimeOffset RegisteredAt,
    DateTimeOffset? ClaimedAt,
    DateTimeOffset? HeartbeatAt,
    DateTimeOffset? FinishedAt,
    string RunDir,
    IReadOnlyDictionary<string, double> Metrics)
{
    public RunJob Job => RunJob.FromKnobsJson(Method, KnobsJson, Seed);
}
