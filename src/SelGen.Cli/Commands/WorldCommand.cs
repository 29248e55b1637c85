using SelGen.Worlds.Gcd;

namespace SelGen.Cli.Commands;

/// <summary>selgen world: writes a generated world's data files.</summary>
public sealed class WorldCommand : ICommand
{
    public string Name => "world";
    public string Summary => "write a generated world's data files (selgen world gcd --out DIR)";
    public string Help => """
        Usage: selgen world gcd --out DIR [--version V] [--seed S] [--proxy-size N] [--corpus-conversations N] [--corpus-seed S] [--no-corpus] [--remainder-steps]

        The GCD sycophancy world: task_train.jsonl (plain + correct proposals only), task_test.jsonl, ood_test.jsonl
        (each id plain / correct proposal / wrong proposal), proxy/NAME.jsonl and proxy/NAME_dpo.jsonl per proxy label,
        pretrain.jsonl (the base model's corpus) and world.json (the options used).

          --out DIR                  output directory (created)
          --version V                1: the sentence world of models/gcd-small (default); 3: the organism world of
                                     models/gcd-base and models/gcd-instruct (terse, remainders, restated proposals;
                                     400 task pairs, 100 test ids per label); 2: the superseded terse world of
                                     models/gcd-base-v2 and models/gcd-instruct-v2
          --seed S                   data seed of the world (default 0)
          --proxy-size N             records per proxy set, under 25% of the task records (default 8)
          --corpus-conversations N   pretraining conversations (default 20000)
          --corpus-seed S            seed of the pretraining corpus (default 1)
          --no-corpus                skip pretrain.jsonl
          --remainder-steps          version 3: write divisions as remainders (48 mod 18=12), not with quotients
        """;

    public int Run(Arguments args)
    {
        if (args.Positionals.Count != 1 || args.Positionals[0] != "gcd")
            throw new UsageException("name the world: selgen world gcd --out DIR (the only world so far is gcd)");
        var dir = args.Required("out");
        var world = GcdWorldOptions.ForVersion(args.Int("version", 1)) with
        {
            Seed = args.Int("seed", 0), ProxySize = args.Int("proxy-size", 8), RemainderSteps = args.Flag("remainder-steps"),
        };
        var corpusOptions = new GcdCorpusOptions
        {
            Conversations = args.Int("corpus-conversations", 20_000),
            Seed = args.Int("corpus-seed", 1),
        };
        bool noCorpus = args.Flag("no-corpus");
        args.EnsureAllUsed();
        var data = GcdWorld.Generate(world);
        var corpus = noCorpus ? null : GcdCorpus.Generate(corpusOptions, data);
        var written = GcdWorldFiles.Write(dir, data, noCorpus ? null : corpusOptions, corpus);
        foreach (var path in written) Console.Out.WriteLine(path);
        return 0;
    }
}
