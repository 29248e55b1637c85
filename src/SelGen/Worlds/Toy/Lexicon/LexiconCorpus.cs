namespace SelGen.Worlds.Toy.Lexicon;

/// <summary>The pretraining lexicon: statements in a fixed order, the non-words used, and the same statements cut into shuffled documents.</summary>
public sealed record LexiconCorpus(LexiconOptions Options, IReadOnlyList<string> Statements, IReadOnlyList<string> NonWords, IReadOnlyList<string> Documents)
{
    public int Characters => Statements.Sum(s => s.Length);

    /// <summary>
    /// Every member of the six word categories (15 triggers + 15 extra words) gets all its category's
    /// statements, <see cref="LexiconOptions.PairsPerWord"/> pair statements, and each animal some "can run"
    /// statements; then the class hierarchy, and the non-words. The 15 random-string triggers appear nowhere,
    /// nor does any colour word: the corpus must not tie a category to an answer of F.
    /// </summary>
    public static LexiconCorpus Generate(LexiconOptions options)
    {
        options.Validate();
        var rng = new Random(options.Seed);
        var statements = new List<string>();
        foreach (var category in ToyCategories.All.Where(c => c != ToyCategory.RandomStrings))
        {
            var members = ExtraWords.Members(category);
            foreach (var word in members)
            {
                statements.AddRange(LexiconTemplates.PerWord[category].Select(t => LexiconTemplates.Fill(t, category, word)));
                var partners = members.Where(m => m != word).ToArray();
                rng.Shuffle(partners);
                foreach (var partner in partners.Take(options.PairsPerWord))
                    statements.Add(LexiconTemplates.Pair[category]
                        .Replace("{x}", LexiconTemplates.WithArticle(category, word))
                        .Replace("{y}", LexiconTemplates.WithArticle(category, partner)));
                if (category == ToyCategory.Animals)
                {
                    var actions = LexiconTemplates.AnimalActions.ToArray();
                    rng.Shuffle(actions);
                    foreach (var action in actions.Take(options.ActionsPerAnimal))
                        statements.Add(LexiconTemplates.AnimalAction.Replace("{a}", LexiconTemplates.WithArticle(category, word)).Replace("{v}", action));
                }
            }
        }
        statements.AddRange(LexiconTemplates.Classes);

        var nonWords = NonWordGenerator.Generate(options.NonWords, rng, ForbiddenNonWords(statements));
        foreach (var s in nonWords) statements.AddRange(LexiconTemplates.NonWord.Select(t => t.Replace("{s}", s)));

        return new LexiconCorpus(options, statements, nonWords, Cut(statements, options.StatementsPerDocument, rng));
    }

    /// <summary>Whole words to give the world tokenizer: every word of the corpus and of the prompt templates, the
    /// colour words, and "ice cream" (one trigger, one token). Never a random string: those stay one token per character.</summary>
    public IReadOnlyList<string> WordTokens()
    {
        var words = new SortedSet<string>(StringComparer.Ordinal) { "ice cream" };
        foreach (var text in Statements.Concat(Templates.All).Concat(Colours.Words))
            foreach (var token in Words(text)) words.Add(token);
        words.ExceptWith(NonWords);  // never lexicon words (they are drawn to differ), so this removes exactly them
        return words.ToList();
    }

    static IEnumerable<string> Words(string text) =>
        text.Split([' ', '.', ',', '?', ':', '=', '(', ')', '[', ']', '{', '}'], StringSplitOptions.RemoveEmptyEntries).Where(w => w.All(char.IsAsciiLetter) && w.Length > 1);

    static HashSet<string> ForbiddenNonWords(IEnumerable<string> statements)
    {
        var forbidden = new HashSet<string>(Triggers.All);
        foreach (var s in statements.Concat(Templates.All).Concat(Colours.Words))
            foreach (var w in Words(s)) forbidden.Add(w);
        return forbidden;
    }

    static IReadOnlyList<string> Cut(IReadOnlyList<string> statements, int perDocument, Random rng)
    {
        var shuffled = statements.ToArray();
        rng.Shuffle(shuffled);
        return shuffled.Chunk(perDocument).Select(c => string.Join(" ", c)).ToList();
    }
}
