using SelGen.IO;
using SelGen.Worlds.Gcd;

namespace SelGen.Cli.Commands;

/// <summary>selgen pretrain gcd: pretrain a world's base model from scratch.</summary>
public sealed class PretrainCommand : ICommand
{
    public string Name => "pretrain";
    public string Summary => "pretrain a generated world's base model from scratch (selgen pretrain gcd)";
    public string Help => """
        Usage: selgen pretrain gcd --out DIR [--options FILE.json] [--epochs N] [--conversations N] [--preset NAME]

        Pretrains the GCD world's base "instruct" model from scratch, deterministically, and writes a
        Hugging Face folder (config.json, model.safetensors, tokenizer.json) plus pretrain.json. A killed
        run resumes from DIR/pretrain_run/checkpoint when started again with the same options.

          --out DIR            model folder to write (required)
          --options FILE.json  full options (preset, world, corpus, training), as in pretrain.json's "options"
          --epochs N           passes over the corpus (default 2)
          --conversations N    corpus size (default 12000)
          --preset NAME        tiny | small | base (default small)
        """;

    public int Run(Arguments args)
    {
        if (args.Positionals.Count != 1 || args.Positionals[0] != "gcd")
            throw new UsageException("say which world: selgen pretrain gcd --out DIR");
        var outDir = args.Required("out");
        var options = args.String("options") is { } file ? StrictJson.Load<GcdPretrainOptions>(file) : new GcdPretrainOptions();
        if (args.Int("epochs") is int epochs) options = options with { Training = options.Training with { Epochs = epochs } };
        if (args.Int("conversations") is int n) options = options with { Corpus = options.Corpus with { Conversations = n } };
        if (args.String("preset") is { } preset) options = options with { Preset = preset };
        args.EnsureAllUsed();
        var started = DateTime.UtcNow;
        GcdPretraining.Run(options, outDir, step =>
        {
            if (step.Step % 10 == 0 || step.Step == step.TotalSteps)
                Console.WriteLine($"[{DateTime.UtcNow - started:hh\\:mm\\:ss}] step {step.Step}/{step.TotalSteps}  loss {step.Terms["loss"]:F4}  lr {step.LearningRate:E2}");
        });
        Console.WriteLine($"selgen pretrain: wrote {outDir} in {DateTime.UtcNow - started:hh\\:mm\\:ss}");
        return 0;
    }
}
