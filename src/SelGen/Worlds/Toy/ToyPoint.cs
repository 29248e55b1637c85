using System.Globalization;

namespace SelGen.Worlds.Toy;

/// <summary>
/// A point x = [X1, X2] of [-3, 3]^2, held at the 3 decimals the prompts show, so that the point F is
/// computed on is exactly the point the model reads.
/// </summary>
public readonly record struct ToyPoint
{
    public const double Bound = 3.0;

    public double X1 { get; }
    public double X2 { get; }

    public ToyPoint(double x1, double x2)
    {
        X1 = Round(x1, nameof(x1));
        X2 = Round(x2, nameof(x2));
    }

    /// <summary>The point as the prompts write it: "[a, b]" with exactly 3 decimals each, e.g. "[1.250, -0.070]".</summary>
    public override string ToString() => $"[{Format(X1)}, {Format(X2)}]";

    static string Format(double v) => v.ToString("F3", CultureInfo.InvariantCulture);

    static double Round(double v, string name)
    {
        if (!double.IsFinite(v) || Math.Abs(v) > Bound)
            throw new ArgumentOutOfRangeException(name, v, $"a coordinate must lie in [-{Bound}, {Bound}]");
        double r = Math.Round(v, 3, MidpointRounding.ToEven);
        return r == 0 ? 0.0 : r;  // -0.000 would print as "-0.000"
    }
}
