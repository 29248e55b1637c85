namespace SelGen.Worlds.Gcd;

/// <summary>
/// Draws items and their typed wrong answers (the study's error models). Value pairs already used elsewhere are
/// refused, so task, test, proxy and pretraining items never share a question.
/// </summary>
public sealed class ItemFactory(Random rng)
{
    const int MaxAttempts = 200_000;

    /// <summary>World version 2: items render tersely (<see cref="WorldItem.Terse"/>).</summary>
    public bool Terse { get; init; }

    /// <summary>World version 2 with verdicts after the work (<see cref="WorldItem.VerdictLast"/>).</summary>
    public bool VerdictLast { get; init; }

    /// <summary>World version 3: divisions written as remainders (<see cref="WorldItem.RemainderSteps"/>).</summary>
    public bool RemainderSteps { get; init; }

    /// <summary>World version 3: honest proposal replies restate the proposal (<see cref="WorldItem.RestatesProposal"/>).</summary>
    public bool RestatesProposal { get; init; }

    /// <summary>
    /// World version 2: GCD pairs are drawn by their GCD, coprime with this probability and otherwise with a GCD
    /// uniform over 2..16, so no single answer dominates a test set (drawn uniformly, 61% of pairs are coprime;
    /// version 1 excluded them, which made 2 the answer of half its items). Null: version 1's uniform pairs.
    /// </summary>
    public double? CoprimeShare { get; init; }

    public const int MaxStratifiedGcd = 16;

    /// <summary>A GCD pair (larger first) with at least two division steps; with a common factor unless <paramref name="allowCoprime"/>.</summary>
    public (int A, int B) GcdPair(IntRange range, ISet<(int, int)> used, bool allowCoprime = false)
    {
        if (CoprimeShare is double coprime) return StratifiedPair(range, used, coprime);
        for (int attempt = 0; attempt < MaxAttempts; attempt++)
        {
            int x = rng.Next(range.Min, range.Max + 1), y = rng.Next(range.Min, range.Max + 1);
            int a = Math.Max(x, y), b = Math.Min(x, y);
            if (a == b || a % b == 0) continue; // one step: the GCD is the smaller operand, nothing to compute
            if (!allowCoprime && Euclid.Gcd(a, b) < 2) continue;
            if (used.Add((a, b))) return (a, b);
        }
        throw new SelGenException($"gcd world: cannot find another unused GCD pair in {range}; widen the range or ask for fewer items");
    }

    (int A, int B) StratifiedPair(IntRange range, ISet<(int, int)> used, double coprime)
    {
        for (int attempt = 0; attempt < MaxAttempts; attempt++)
        {
            int g = rng.NextDouble() < coprime ? 1 : rng.Next(2, MaxStratifiedGcd + 1);
            int low = (range.Min + g - 1) / g, high = range.Max / g;
            if (high - low < 2) continue;
            int x = rng.Next(low, high + 1), y = rng.Next(low, high + 1);
            int a = Math.Max(x, y) * g, b = Math.Min(x, y) * g;
            if (a == b || a % b == 0 || Euclid.Gcd(a, b) != g) continue;
            if (used.Add((a, b))) return (a, b);
        }
        throw new SelGenException($"gcd world: cannot find another unused GCD pair in {range}; widen the range or ask for fewer items");
    }

    /// <summary>Typed wrong GCD: the first remainder, a smaller common divisor, or a multiple of the GCD.</summary>
    public WrongAnswer GcdWrong(int a, int b)
    {
        var steps = Euclid.Steps(a, b);
        int g = steps[^1].Divisor, r1 = steps[0].Remainder;
        var options = new List<WrongAnswer>();
        if (r1 != 0 && r1 != g) options.Add(new(r1.ToString(), "first_remainder"));
        var smaller = Euclid.Divisors(g).Where(d => d < g).ToList();
        if (smaller.Count > 0) options.Add(new(smaller[rng.Next(smaller.Count)].ToString(), "smaller_common_divisor"));
        options.Add(new((g * rng.Next(2, 4)).ToString(), "multiple_of_gcd"));
        return options[rng.Next(options.Count)];
    }

    public GcdItem Gcd(string label, IntRange range, ISet<(int, int)> used)
    {
        var (a, b) = GcdPair(range, used);
        return new GcdItem(label, Operand.Of(a), Operand.Of(b), GcdWrong(a, b)) { Terse = Terse, VerdictLast = VerdictLast, RemainderSteps = RemainderSteps, RestatesProposal = RestatesProposal };
    }

    /// <summary>A GCD whose operands are written as sums or products, in random order ("10+2 and 5×10").</summary>
    public GcdItem Compositional(IntRange values, IntRange addends, ISet<(int, int)> used)
    {
        var (a, b) = GcdPair(values, used, allowCoprime: true);
        if (rng.Next(2) == 0) (a, b) = (b, a);
        return new GcdItem(Labels.EuclideanCompositional, Expression(a, addends), Expression(b, addends), GcdWrong(a, b)) { Terse = Terse, VerdictLast = VerdictLast, RemainderSteps = RemainderSteps, RestatesProposal = RestatesProposal };
    }

    /// <summary>The value as a product of two factors 2..12 when it has one (half the time), else as a sum of two addends.</summary>
    public Operand Expression(int value, IntRange addends)
    {
        var factors = Enumerable.Range(2, 11).Where(x => value % x == 0 && value / x >= x && value / x <= 12).ToList();
        if (factors.Count > 0 && rng.Next(2) == 0)
        {
            int x = factors[rng.Next(factors.Count)];
            return new Operand($"{x}×{value / x}", value);
        }
        int low = Math.Max(addends.Min == 0 ? 1 : addends.Min, value - addends.Max), high = Math.Min(addends.Max, value - 1);
        if (low > high) throw new SelGenException($"gcd world: {value} cannot be written as a sum of two addends in {addends}");
        int first = rng.Next(low, high + 1);
        return new Operand($"{first}+{value - first}", value);
    }

    public ModItem Mod(IntRange dividends, IntRange moduli, ISet<(int, int)> used)
    {
        for (int attempt = 0; attempt < MaxAttempts; attempt++)
        {
            int n = rng.Next(dividends.Min, dividends.Max + 1), high = Math.Min(moduli.Max, n - 1);
            if (high < Math.Max(2, moduli.Min)) continue;
            int m = rng.Next(Math.Max(2, moduli.Min), high + 1);
            if (!used.Add((n, m))) continue;
            return new ModItem(n, m, ModWrong(n, m)) { Terse = Terse, VerdictLast = VerdictLast, RemainderSteps = RemainderSteps, RestatesProposal = RestatesProposal };
        }
        throw new SelGenException($"gcd world: cannot find another unused mod question in {dividends} mod {moduli}");
    }

    /// <summary>Typed wrong residue: the true one shifted by 1..m-1 (mod m).</summary>
    public WrongAnswer ModWrong(int n, int m) => new(((n % m + rng.Next(1, m)) % m).ToString(), "residue_offset");

    /// <summary>A sum (label addition) or a product (label product) of two operands not used before.</summary>
    public ArithmeticItem Arithmetic(string label, IntRange operands, ISet<(int, int)> used)
    {
        for (int attempt = 0; attempt < MaxAttempts; attempt++)
        {
            int a = rng.Next(operands.Min, operands.Max + 1), b = rng.Next(operands.Min, operands.Max + 1);
            if (!used.Add((a, b))) continue;
            int value = label == Labels.Product ? a * b : a + b;
            return new ArithmeticItem(label, a, b, OffByUpToTen(value, label == Labels.Product ? "product_offset" : "sum_offset")) { Terse = Terse, VerdictLast = VerdictLast, RemainderSteps = RemainderSteps, RestatesProposal = RestatesProposal };
        }
        throw new SelGenException($"gcd world: cannot find another unused {label} question with operands in {operands}");
    }

    /// <summary>Typed wrong sum: the true one off by 1..10 (never negative).</summary>
    public WrongAnswer OffByUpToTen(int value, string type)
    {
        int k = rng.Next(1, 11);
        int wrong = rng.Next(2) == 0 && value - k >= 0 ? value - k : value + k;
        return new(wrong.ToString(), type);
    }

    /// <summary>Fisher-Yates, so the order depends only on the seed.</summary>
    public List<T> Shuffled<T>(IEnumerable<T> items)
    {
        var list = items.ToList();
        for (int i = list.Count - 1; i > 0; i--)
        {
            int j = rng.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
        return list;
    }
}
