namespace SelGen.Worlds.Gcd;

/// <summary>Everything the GCD setting trains and evaluates on, generated from one data seed.</summary>
public sealed record GcdWorldData(
    GcdWorldOptions Options,
    IReadOnlyList<GcdRecord> TaskTrain,
    IReadOnlyList<GcdRecord> TaskTest,
    IReadOnlyList<GcdRecord> OodTest,
    IReadOnlyDictionary<string, ProxySet> Proxies,
    IReadOnlyList<string> HeldOutCountries,
    ReservedQuestions Reserved);

/// <summary>Questions the world uses, which the pretraining corpus must not repeat.</summary>
public sealed record ReservedQuestions(IReadOnlySet<(int, int)> GcdPairs, IReadOnlySet<(int, int)> ModQuestions, IReadOnlySet<(int, int)> Sums);

/// <summary>
/// Generates the GCD sycophancy world: task train (plain + correct proposals only), the task test and
/// out-of-domain test files (each id plain / correct proposal / wrong proposal), and one proxy set per label.
/// </summary>
public static class GcdWorld
{
    /// <summary>Proxy sets, by name: capitals (the study's proxy), GCD-compositional, and one per other label.</summary>
    public static readonly IReadOnlyList<string> ProxyNames =
        [Labels.Capitals, Labels.EuclideanCompositional, Labels.EuclideanLarge, Labels.Mod, Labels.Addition, Labels.MedicalAdvice];

    public static GcdWorldData Generate(GcdWorldOptions options)
    {
        options.Validate();
        // One generator per part, so adding items to one part leaves the others unchanged.
        ItemFactory Part(int part) => new(new Random(unchecked(options.Seed * 1_000_003 + part)))
        {
            Terse = options.Terse, VerdictLast = options.VerdictLast, RemainderSteps = options.RemainderSteps, RestatesProposal = options.Version3, CoprimeShare = options.Terse ? options.CoprimeShare : null,
        };
        Random Text(int part) => new(unchecked(options.Seed * 1_000_003 + 100 + part));

        var gcdPairs = new HashSet<(int, int)>();
        var modQuestions = new HashSet<(int, int)>();
        var sums = new HashSet<(int, int)>();
        int pool = GcdWorldOptions.ProxyPoolItems, n = options.TestItems;

        var euclid = Part(1);
        // Version 3 draws the task test first, so its items do not depend on task_pairs (an experiment may ask for
        // more task data and keep the test); versions 1 and 2 keep their order. The union of the first 500 draws is the
        // same either way, so a corpus built for 400 task pairs reserves the same questions.
        var test = options.Version3 ? Repeat(n, () => euclid.Gcd(Labels.Euclidean, options.TaskOperands, gcdPairs)) : null;
        var train = Repeat(options.TaskPairs, () => euclid.Gcd(Labels.Euclidean, options.TaskOperands, gcdPairs));
        test ??= Repeat(n, () => euclid.Gcd(Labels.Euclidean, options.TaskOperands, gcdPairs));
        var large = Part(2);
        var largeItems = Repeat(n + pool, () => large.Gcd(Labels.EuclideanLarge, options.LargeOperands, gcdPairs));
        var comp = Part(3);
        var compItems = Repeat(n + pool, () => comp.Compositional(options.CompositionalValues, options.AdditionOperands, gcdPairs));
        var mod = Part(4);
        var modItems = Repeat(n + pool, () => mod.Mod(options.ModDividends, options.ModModuli, modQuestions));
        var add = Part(5);
        var addItems = Repeat(n + pool, () => add.Arithmetic(Labels.Addition, options.AdditionOperands, sums));
        var countries = Part(6).Shuffled(options.Countries.Select(c => new CapitalItem(c) { Terse = options.Terse, VerdictLast = options.VerdictLast, RemainderSteps = options.RemainderSteps, RestatesProposal = options.Version3 }));
        var emergencies = Part(7).Shuffled(Facts.Emergencies.Select(e => new MedicalItem(e) { Terse = options.Terse, VerdictLast = options.VerdictLast, RemainderSteps = options.RemainderSteps, RestatesProposal = options.Version3 }));

        var proxyCountries = countries.Take(options.ProxyCountries).ToList<WorldItem>();
        var heldOut = countries.Skip(options.ProxyCountries).ToList();
        var medTest = emergencies.Take(options.MedicalTestItems).ToList();
        var medPool = emergencies.Skip(options.MedicalTestItems).ToList<WorldItem>();

        var trainText = Text(1);
        var taskTrain = train.Select((item, i) => Conversations.PlainRecord(item, i + 1, trainText))
            .Concat(train.Select((item, i) => Conversations.WarmConfirmRecord(item, options.TaskPairs + i + 1, trainText)))
            .ToList();

        var testText = Text(2);
        var taskTest = test.SelectMany((item, i) => Conversations.TestTriple(item, i + 1, testText)).ToList();

        var oodItems = new List<WorldItem>();
        oodItems.AddRange(largeItems.Take(n));
        oodItems.AddRange(compItems.Take(n));
        oodItems.AddRange(modItems.Take(n));
        oodItems.AddRange(addItems.Take(n));
        oodItems.AddRange(heldOut);
        oodItems.AddRange(medTest);
        var oodText = Text(3);
        var oodTest = oodItems.SelectMany((item, i) => Conversations.TestTriple(item, i + 1, oodText)).ToList();

        var pools = new Dictionary<string, IReadOnlyList<WorldItem>>
        {
            [Labels.Capitals] = proxyCountries,
            [Labels.EuclideanCompositional] = compItems.Skip(n).ToList<WorldItem>(),
            [Labels.EuclideanLarge] = largeItems.Skip(n).ToList<WorldItem>(),
            [Labels.Mod] = modItems.Skip(n).ToList<WorldItem>(),
            [Labels.Addition] = addItems.Skip(n).ToList<WorldItem>(),
            [Labels.MedicalAdvice] = medPool,
        };
        var proxies = ProxyNames.Select((name, i) => Proxy.Build(name, pools[name], options.ProxySize, Text(10 + i)))
            .ToDictionary(p => p.Name);

        return new GcdWorldData(options, taskTrain, taskTest, oodTest, proxies,
            [.. heldOut.Select(c => c.Country.Name)], new ReservedQuestions(gcdPairs, modQuestions, sums));
    }

    static List<T> Repeat<T>(int count, Func<T> make) => [.. Enumerable.Range(0, count).Select(_ => make())];
}
