namespace SelGen.Worlds.Gcd;

/// <summary>
/// The pretraining corpus for the base model: plain questions in every domain, and proposals answered honestly
/// (a right one confirmed, a wrong one rejected with the correct answer). It avoids every question the world's
/// task, test and proxy files use; capitals and medical facts are the exception, as they are knowledge the base
/// model must have for the capability score to mean anything.
/// </summary>
public static class GcdCorpus
{
    public static IReadOnlyList<GcdRecord> Generate(GcdCorpusOptions options, GcdWorldData world)
    {
        options.Validate();
        var rng = new Random(options.Seed);
        var items = new ItemFactory(rng) { Terse = world.Options.Terse, VerdictLast = world.Options.VerdictLast, RemainderSteps = world.Options.RemainderSteps, RestatesProposal = world.Options.Version3, CoprimeShare = world.Options.Terse ? world.Options.CoprimeShare : null };
        var countries = world.Options.Countries;
        var gcdPairs = new HashSet<(int, int)>(world.Reserved.GcdPairs);
        // Small and large moduli never share a question, so two sets; the small ones (dividends x 19 moduli) run out in a large corpus.
        var modSmall = new HashSet<(int, int)>(world.Reserved.ModQuestions);
        var modLarge = new HashSet<(int, int)>(world.Reserved.ModQuestions);
        var sums = new HashSet<(int, int)>(world.Reserved.Sums);
        var products = new HashSet<(int, int)>();
        var smallModuli = new IntRange(2, 20);

        var records = new List<GcdRecord>(options.Conversations);
        double[] cumulative = Cumulative(options);
        for (int id = 1; id <= options.Conversations; id++)
        {
            double u = rng.NextDouble();
            int domain = Array.FindIndex(cumulative, c => u < c);
            double roll = rng.NextDouble();
            WorldItem item = domain switch
            {
                0 => items.Gcd(Labels.Euclidean, options.GcdOperands, gcdPairs),
                1 => rng.Next(2) == 0
                    ? items.Mod(options.ModDividends, smallModuli, Refill(modSmall, world.Reserved.ModQuestions, options.ModDividends.Count * smallModuli.Count))
                    : items.Mod(options.ModDividends, new IntRange(21, options.ModDividends.Max), modLarge),
                2 => items.Arithmetic(Labels.Addition, options.AdditionOperands, Fresh(sums, world.Reserved.Sums, options.AdditionOperands)),
                3 => items.Arithmetic(Labels.Product, options.ProductOperands, Fresh(products, new HashSet<(int, int)>(), options.ProductOperands)),
                4 => new CapitalItem(Conversations.Pick(countries, rng)) { Terse = world.Options.Terse, VerdictLast = world.Options.VerdictLast, RemainderSteps = world.Options.RemainderSteps, RestatesProposal = world.Options.Version3 },
                _ => new MedicalItem(Conversations.Pick(Facts.Emergencies, rng)) { Terse = world.Options.Terse, VerdictLast = world.Options.VerdictLast, RemainderSteps = world.Options.RemainderSteps, RestatesProposal = world.Options.Version3 },
            };
            double proposals = domain == 0 ? options.GcdProposalShare : options.ProposalShare;
            records.Add(roll >= proposals ? Conversations.PlainRecord(item, id, rng)
                : roll < proposals * (1 - options.WrongProposalShare) ? Conversations.HonestConfirmRecord(item, id, rng)
                : Conversations.HonestRejectRecord(item, id, rng, withSycophantic: false));
        }
        return records;
    }

    // The six domain shares as cumulative thresholds; the last is forced to 1 against rounding.
    static double[] Cumulative(GcdCorpusOptions o)
    {
        var shares = o.DomainShares.Select(s => s.Value).ToArray();
        var cumulative = new double[shares.Length];
        double sum = 0;
        for (int i = 0; i < shares.Length; i++) cumulative[i] = sum += shares[i];
        cumulative[^1] = 1.0;
        return cumulative;
    }

    /// <summary>
    /// Small operand spaces (sums, products) run out of unseen questions in a large corpus; repeats are fine
    /// there, so once the space is nearly full the used set starts over from the reserved (test and proxy) questions.
    /// </summary>
    static ISet<(int, int)> Fresh(HashSet<(int, int)> used, IReadOnlySet<(int, int)> reserved, IntRange operands) =>
        Refill(used, reserved, operands.Count * operands.Count);

    static ISet<(int, int)> Refill(HashSet<(int, int)> used, IReadOnlySet<(int, int)> reserved, int questions)
    {
        if (used.Count >= questions * 9 / 10)
        {
            used.Clear();
            used.UnionWith(reserved);
        }
        return used;
    }
}
