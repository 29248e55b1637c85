namespace SelGen.Experiments;

/// <summary>How the store decides that a running run was abandoned.</summary>
public sealed record RunStoreOptions
{
    /// <summary>A running run whose last heartbeat is older than this may be claimed again, even when
    /// its owner cannot be checked (another host). Runners heartbeat well inside it (see <see cref="RunHeartbeat"/>).</summary>
    public TimeSpan StaleAfter { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>A run whose owner died this many attempts in a row without checkpointing any progress is
    /// marked failed instead of being claimed again, so a job that kills its process does not loop forever.
    /// An interrupted attempt that moved the checkpoint forward does not count: interruptions are not failures.</summary>
    public int MaxAttemptsWithoutProgress { get; init; } = 3;

    /// <summary>How long a call waits for another process's write transaction before giving up.</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
