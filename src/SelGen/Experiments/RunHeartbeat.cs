namespace SelGen.Experiments;

/// <summary>
/// Heartbeats a claim on a timer while the runner trains. When the store says the claim was lost
/// (another process took the run over), <see cref="Lost"/> is cancelled so the training loop can stop.
/// </summary>
public sealed class RunHeartbeat : IDisposable
{
    readonly RunStore _store;
    readonly RunClaim _claim;
    readonly Timer _timer;
    readonly CancellationTokenSource _lost = new();
    int _busy;

    public RunHeartbeat(RunStore store, RunClaim claim, TimeSpan interval)
    {
        if (interval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(interval), interval, "must be positive");
        _store = store;
        _claim = claim;
        _timer = new Timer(_ => Beat(), null, interval, interval);
    }

    /// <summary>Cancelled once a heartbeat finds the run no longer held by this claim.</summary>
    public CancellationToken Lost => _lost.Token;

    void Beat()
    {
        // A slow beat (disk busy) must not overlap the next one.
        if (Interlocked.Exchange(ref _busy, 1) == 1) return;
        try
        {
            if (!_lost.IsCancellationRequested && !_store.Heartbeat(_claim)) _lost.Cancel();
        }
        catch (Microsoft.Data.Sqlite.SqliteException)
        {
            // A failed beat is retried at the next tick; only a stale heartbeat frees the run.
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    public void Dispose()
    {
        using var done = new ManualResetEvent(false);
        if (_timer.Dispose(done)) done.WaitOne();
        _lost.Dispose();
    }
}
