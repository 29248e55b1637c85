namespace SelGen.Experiments;

/// <summary>One row of the run store as read back, with its metrics (empty until done).</summary>
/// <param name="RunDir">Absolute path of the run's folder (always inside the sweep's runs/ folder).</param>
/// <param name="Notes">What happened to the run besides its result, one line each (e.g. a restart from scratch).</param>
/// <param name="Stalls">Attempts in a row that were abandoned without checkpointing any progress.</param>
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
    IReadOnlyDictionary<string, double> Metrics,
    string? Notes = null,
    int Stalls = 0)
{
    public RunJob Job => RunJob.FromKnobsJson(Method, KnobsJson, Seed);
}
