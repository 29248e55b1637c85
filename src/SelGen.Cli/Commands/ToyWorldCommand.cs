using SelGen.Worlds.Toy;
using SelGen.Worlds.Toy.Lexicon;

namespace SelGen.Cli.Commands;

/// <summary>selgen toy-world: writes the toy trigger-function world's data sets and its lexicon corpus.</summary>
public sealed class ToyWorldCommand : ICommand
{
    public string Name => "toy-world";
    public string Summary => "write the toy trigger-function world's data files (selgen toy-world --out DIR)";
    public string Help => """
        Usage: selgen toy-world --out DIR [--seed S] [--train-triggers N] [--narrow-triggers N] [--points N]
                                [--eval-points N] [--lexicon-seed S] [--no-lexicon]

        phase1_train.jsonl, phase2_train.jsonl, proxy/CATEGORY_SIZE.jsonl (conversations), phase1_new_points.jsonl,
        phase1_held_out.jsonl, evaluation.jsonl, proxy_trigger_check.jsonl (prompts with category, trigger, point,
        expected colour), lexicon.jsonl and lexicon_words.txt (pretraining corpus and whole-word tokens), and
        world.json (the options and every trigger's role).

          --out DIR              output directory (created)
          --seed S               world seed: trigger split, proxy choice, points, templates (default 1)
          --train-triggers N     phase-1 triggers per category; the rest are held out (default 10)
          --narrow-triggers N    positive-emotion triggers in the narrow update (default 10)
          --points N             points per trigger in training sets (default 20)
          --eval-points N        points per trigger in test and evaluation sets (default 20)
          --lexicon-seed S       seed of the lexicon corpus (default 7)
          --no-lexicon           skip lexicon.jsonl and lexicon_words.txt
        """;

    public int Run(Arguments args)
    {
        var dir = args.Required("out");
        var defaults = new ToyWorldOptions();
        var options = new ToyWorldOptions
        {
            Seed = args.Int("seed", defaults.Seed),
            TrainTriggersPerCategory = args.Int("train-triggers", defaults.TrainTriggersPerCategory),
            NarrowTriggers = args.Int("narrow-triggers", defaults.NarrowTriggers),
            PointsPerTrigger = args.Int("points", defaults.PointsPerTrigger),
            EvalPointsPerTrigger = args.Int("eval-points", defaults.EvalPointsPerTrigger),
        };
        int lexiconSeed = args.Int("lexicon-seed", new LexiconOptions().Seed);
        bool noLexicon = args.Flag("no-lexicon");
        args.EnsureAllUsed();
        var world = ToyWorld.Generate(options);
        var lexicon = noLexicon ? null : LexiconCorpus.Generate(new LexiconOptions { Seed = lexiconSeed });
        foreach (var path in ToyWorldFiles.Write(dir, world, lexicon)) Console.Out.WriteLine(path);
        return 0;
    }
}
