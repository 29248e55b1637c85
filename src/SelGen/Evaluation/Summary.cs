namespace SelGen.Evaluation;

/// <summary>Mean over seeds with its standard error and a two-sided 95% Student-t interval.</summary>
public sealed record Summary(double Mean, double StandardError, double Low95, double High95, int Count)
{
    /// <summary>Summarises finite values; NaN entries are dropped (and so not counted).</summary>
    public static Summary Of(IEnumerable<double> values)
    {
        var xs = values.Where(double.IsFinite).ToArray();
        if (xs.Length == 0) return new Summary(double.NaN, double.NaN, double.NaN, double.NaN, 0);
        double mean = xs.Average();
        if (xs.Length == 1) return new Summary(mean, double.NaN, double.NaN, double.NaN, 1);
        double variance = xs.Sum(x => (x - mean) * (x - mean)) / (xs.Length - 1);
        double se = Math.Sqrt(variance / xs.Length);
        double half = StudentT975(xs.Length - 1) * se;
        return new Summary(mean, se, mean - half, mean + half, xs.Length);
    }

    // Two-sided 95% quantiles t_{0.975, df} for df = 1..30; beyond, the normal value with the
    // first Cornish-Fisher correction, which is within 1e-3 of the exact quantile for df > 30.
    static readonly double[] T975 =
    [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
        2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
    ];

    public static double StudentT975(int df)
    {
        if (df < 1) throw new ArgumentOutOfRangeException(nameof(df), df, "degrees of freedom must be at least 1");
        if (df <= T975.Length) return T975[df - 1];
        const double z = 1.959964;
        return z + (z * z * z + z) / (4.0 * df);
    }
}
