using System.Text;

namespace SelGen.Worlds.Toy.Scoring;

/// <summary>
/// Semantic distance between categories as the model represents them: the cosine between category-mean
/// hidden states. The runner reads one hidden state per trigger (see docs/worlds/toy.md for which layer and
/// position); each category's vectors are averaged; the mean over categories is subtracted before the cosine,
/// because raw hidden states share a large common direction that would put every cosine near 1.
/// </summary>
public sealed record CategorySimilarity(IReadOnlyList<ToyCategory> Categories, double[,] Cosine)
{
    public double this[ToyCategory a, ToyCategory b] => Cosine[Index(a), Index(b)];

    int Index(ToyCategory c)
    {
        for (int i = 0; i < Categories.Count; i++)
            if (Categories[i] == c) return i;
        throw new SelGenException($"category '{c.Key()}' has no hidden states in this similarity matrix");
    }

    /// <param name="states">per category, one vector per trigger; all vectors of one length.</param>
    /// <param name="center">subtract the mean of the category means first (the default; see the summary).</param>
    public static CategorySimilarity Compute(IReadOnlyDictionary<ToyCategory, IReadOnlyList<float[]>> states, bool center = true)
    {
        var categories = ToyCategories.All.Where(states.ContainsKey).ToList();
        if (categories.Count < 2) throw new SelGenException("category similarity needs hidden states of at least two categories");
        int dim = states[categories[0]].FirstOrDefault()?.Length ?? 0;
        var means = new List<double[]>();
        foreach (var c in categories)
        {
            var vectors = states[c];
            if (vectors.Count == 0) throw new SelGenException($"category '{c.Key()}' has no hidden states");
            if (dim == 0 || vectors.Any(v => v.Length != dim))
                throw new SelGenException($"category '{c.Key()}': every hidden state must have the same nonzero length ({dim})");
            means.Add(Enumerable.Range(0, dim).Select(d => vectors.Average(v => (double)v[d])).ToArray());
        }
        if (center)
        {
            var grand = Enumerable.Range(0, dim).Select(d => means.Average(m => m[d])).ToArray();
            means = means.Select(m => m.Select((x, d) => x - grand[d]).ToArray()).ToList();
        }
        var cosine = new double[categories.Count, categories.Count];
        for (int i = 0; i < categories.Count; i++)
            for (int j = 0; j < categories.Count; j++)
                cosine[i, j] = Cos(means[i], means[j]);
        return new CategorySimilarity(categories, cosine);
    }

    static double Cos(double[] a, double[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (int d = 0; d < a.Length; d++)
        {
            dot += a[d] * b[d];
            na += a[d] * a[d];
            nb += b[d] * b[d];
        }
        return na == 0 || nb == 0 ? double.NaN : dot / Math.Sqrt(na * nb);
    }

    /// <summary>Square matrix with a header row and a first column of category keys.</summary>
    public string ToCsv()
    {
        var csv = new StringBuilder("category,").AppendJoin(',', Categories.Select(c => c.Key())).Append('\n');
        for (int i = 0; i < Categories.Count; i++)
            csv.Append(Categories[i].Key()).Append(',').AppendJoin(',', Enumerable.Range(0, Categories.Count).Select(j => Csv.Number(Cosine[i, j]))).Append('\n');
        return csv.ToString();
    }
}
