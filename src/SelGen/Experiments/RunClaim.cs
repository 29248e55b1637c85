namespace SelGen.Experiments;

/// <summary>
/// A run this process now holds. <see cref="Attempt"/> is the claim's token: heartbeats and failure
/// reports count only while the run is still held by this attempt.
/// </summary>
/// <param name="RunDir">Absolute path of the run's folder (created). A reclaimed run may find files of
/// the dead attempt there; the runner overwrites or clears them.</param>
public sealed record RunClaim(RunJob Job, int Attempt, RunOwner Owner, string RunDir)
{
    public string RunId => Job.Id;
}
