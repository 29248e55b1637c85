namespace SelGen.Experiments;

/// <summary>Life of a run in the store: pending → running → done or failed (failed can be reset to pending).</summary>
public enum RunState
{
    Pending,
    Running,
    Done,
    Failed,
}

static class RunStateText
{
    public static string ToText(this RunState s) => s switch
    {
        RunState.Pending => "pending",
        RunState.Running => "running",
        RunState.Done => "done",
        RunState.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(s), s, null),
    };

    public static RunState Parse(string s) => s switch
    {
        "pending" => RunState.Pending,
        "running" => RunState.Running,
        "done" => RunState.Done,
        "failed" => RunState.Failed,
        _ => throw new InvalidDataException($"unknown run state '{s}' in the run store"),
    };
}
