namespace SelGen.Evaluation.Judge;

/// <summary>Exponential back-off with "equal jitter": half the nominal delay is fixed, half random.</summary>
public static class Backoff
{
    /// <summary>
    /// The wait before retry number <paramref name="retry"/> (0 = first): nominal = initial * 2^retry, capped at
    /// max, then drawn uniformly from [nominal/2, nominal] so that clients rate-limited together do not retry
    /// together. A server's Retry-After, when longer, wins, still capped at max.
    /// </summary>
    public static TimeSpan Delay(int retry, TimeSpan initial, TimeSpan max, Random random, TimeSpan? retryAfter = null)
    {
        double nominal = Math.Min(max.TotalMilliseconds, initial.TotalMilliseconds * Math.Pow(2, Math.Min(retry, 30)));
        double ms = nominal * (0.5 + 0.5 * random.NextDouble());
        if (retryAfter is { } after) ms = Math.Max(ms, Math.Min(after.TotalMilliseconds, max.TotalMilliseconds));
        return TimeSpan.FromMilliseconds(ms);
    }
}
