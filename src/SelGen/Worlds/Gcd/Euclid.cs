namespace SelGen.Worlds.Gcd;

/// <summary>One division of Euclid's algorithm: Dividend = Divisor x Quotient + Remainder.</summary>
public readonly record struct DivisionStep(int Dividend, int Divisor, int Quotient, int Remainder)
{
    public override string ToString() => $"{Dividend} = {Divisor} × {Quotient} + {Remainder}";

    /// <summary>World version 2's form, without spaces: <c>48=18×2+12</c>.</summary>
    public string Terse => $"{Dividend}={Divisor}×{Quotient}+{Remainder}";

    /// <summary>World version 3's form, the remainder alone: <c>48 mod 18=12</c>.</summary>
    public string AsRemainder => $"{Dividend} mod {Divisor}={Remainder}";
}

public static class Euclid
{
    /// <summary>The division steps for gcd(a, b), larger operand first, ending with remainder 0.</summary>
    public static IReadOnlyList<DivisionStep> Steps(int a, int b)
    {
        if (a < 1 || b < 1) throw new ArgumentOutOfRangeException(nameof(a), "operands must be positive");
        int x = Math.Max(a, b), y = Math.Min(a, b);
        var steps = new List<DivisionStep>();
        while (true)
        {
            var step = new DivisionStep(x, y, x / y, x % y);
            steps.Add(step);
            if (step.Remainder == 0) return steps;
            (x, y) = (y, step.Remainder);
        }
    }

    public static int Gcd(int a, int b) => Steps(a, b)[^1].Divisor;

    /// <summary>Divisors of n in increasing order.</summary>
    public static IReadOnlyList<int> Divisors(int n) => [.. Enumerable.Range(1, n).Where(d => n % d == 0)];
}
