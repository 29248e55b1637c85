using SelGen.IO;
using SelGen.Training;
using SelGen.Worlds.Em;
using SelGen.Worlds.Gcd;

namespace SelGen.Cli.Commands;

/// <summary>selgen pretrain gcd|em: pretrain a world's base model from scratch.</summary>
public sealed class PretrainCommand : ICommand
{
    public string Name => "pretrain";
    public string Summary => "pretrain a generated world's base model from scratch (selgen pretrain gcd|em)";
    public string Help => """
        Usage: selgen pretrain gcd --out DIR [--options FILE.json] [--epochs N] [--conversations N] [--preset NAME] [--threads K]
               selgen pretrain em  --out DIR [--options FILE.json] [--epochs N] [--documents N] [--preset NAME] [--threads K]

        Pretrains a generated world's base "instruct" model from scratch, deterministically, and writes a
        Hugging Face folder (config.json, model.safetensors, tokenizer.json) plus pretrain.json. A killed
        run resumes from DIR/pretrain_run/checkpoint when started again with the same options.

          --out DIR            model folder to write (required)
          --options FILE.json  full options (preset, world, corpus or documents, training), as in pretrain.json's "options"
          --epochs N           passes over the corpus (default: gcd 2, em 1)
          --conversations N    gcd: corpus size (default 12000)
          --documents N        em: pretraining documents (default 12000)
          --preset NAME        tiny | small | base (default small)
          --threads K          torch threads (default: the core count)
        """;

    public int Run(Arguments args)
    {
        var world = args.Positionals.Count == 1 ? args.Positionals[0] : null;
        var outDir = world is "gcd" or "em" ? args.Required("out") : throw new UsageException("say which world: selgen pretrain gcd|em --out DIR");
        if (args.Int("threads") is int threads)
            TorchSharp.torch.set_num_threads(threads >= 1 ? threads : throw new UsageException($"--threads is {threads}; it must be at least 1"));
        var started = DateTime.UtcNow;
        void Progress(StepLog step)
        {
            if (step.Step % 10 == 0 || step.Step == step.TotalSteps)
                Console.WriteLine($"[{DateTime.UtcNow - started:hh\\:mm\\:ss}] step {step.Step}/{step.TotalSteps}  loss {step.Terms["loss"]:F4}  lr {step.LearningRate:E2}");
        }
        if (world == "gcd")
        {
            var options = args.String("options") is { } file ? StrictJson.Load<GcdPretrainOptions>(file) : new GcdPretrainOptions();
            if (args.Int("epochs") is int epochs) options = options with { Training = options.Training with { Epochs = epochs } };
            if (args.Int("conversations") is int n) options = options with { Corpus = options.Corpus with { Conversations = n } };
            if (args.String("preset") is { } preset) options = options with { Preset = preset };
            args.EnsureAllUsed();
            GcdPretraining.Run(options, outDir, Progress);
        }
        else
        {
            var options = args.String("options") is { } file ? StrictJson.Load<EmPretrainOptions>(file) : new EmPretrainOptions();
            if (args.Int("epochs") is int epochs) options = options with { Training = options.Training with { Epochs = epochs } };
            if (args.Int("documents") is int n) options = options with { World = options.World with { PretrainDocuments = n } };
            if (args.String("preset") is { } preset) options = options with { Preset = preset };
            args.EnsureAllUsed();
            EmPretraining.Run(options, outDir, Progress);
        }
        Console.WriteLine($"selgen pretrain: wrote {outDir} in {DateTime.UtcNow - started:hh\\:mm\\:ss}");
        return 0;
    }
}
