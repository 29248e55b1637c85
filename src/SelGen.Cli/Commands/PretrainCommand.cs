using SelGen.IO;
using SelGen.Training;
using SelGen.Worlds.Gcd;
using SelGen.Worlds.Toy;
using static TorchSharp.torch;

namespace SelGen.Cli.Commands;

/// <summary>selgen pretrain gcd|toy: pretrain a world's base model from scratch.</summary>
public sealed class PretrainCommand : ICommand
{
    public string Name => "pretrain";
    public string Summary => "pretrain a generated world's base model from scratch (selgen pretrain gcd|toy)";
    public string Help => """
        Usage: selgen pretrain gcd --out DIR [--options FILE.json] [--epochs N] [--conversations N] [--preset NAME] [--threads T]
               selgen pretrain toy --out DIR [--options FILE.json] [--epochs N] [--preset NAME] [--threads T]

        Pretrains a world's base model from scratch, deterministically, and writes a Hugging Face folder
        (config.json, model.safetensors, tokenizer.json) plus pretrain.json. A killed run resumes from
        DIR/pretrain_run/checkpoint when started again with the same options.
        gcd: the GCD world's "instruct" model on its conversation corpus.
        toy: the toy world's model on the lexicon corpus (what the words mean; nothing of F).

          --out DIR            model folder to write (required)
          --options FILE.json  full options, as in pretrain.json's "options"
                               (gcd: preset, world, corpus, training; toy: preset, lexicon, training)
          --epochs N           passes over the corpus (default gcd 2, toy 40)
          --conversations N    gcd only: corpus size (default 12000)
          --preset NAME        tiny | small | base (default gcd small, toy tiny)
          --threads T          libtorch threads (default: libtorch's, usually the core count)
        """;

    public int Run(Arguments args)
    {
        if (args.Positionals.Count != 1 || args.Positionals[0] is not ("gcd" or "toy"))
            throw new UsageException("say which world: selgen pretrain gcd --out DIR, or selgen pretrain toy --out DIR");
        if (args.Int("threads") is int threads)
        {
            if (threads < 1) throw new UsageException("--threads must be at least 1");
            set_num_threads(threads);
        }
        var outDir = args.Required("out");
        var started = DateTime.UtcNow;
        void Progress(StepLog step)
        {
            if (step.Step % 10 == 0 || step.Step == step.TotalSteps)
                Console.WriteLine($"[{DateTime.UtcNow - started:hh\\:mm\\:ss}] step {step.Step}/{step.TotalSteps}  loss {step.Terms["loss"]:F4}  lr {step.LearningRate:E2}");
        }
        if (args.Positionals[0] == "toy")
        {
            var toy = args.String("options") is { } toyFile ? StrictJson.Load<ToyPretrainOptions>(toyFile) : new ToyPretrainOptions();
            if (args.Int("epochs") is int toyEpochs) toy = toy with { Training = toy.Training with { Epochs = toyEpochs } };
            if (args.String("preset") is { } toyPreset) toy = toy with { Preset = toyPreset };
            args.EnsureAllUsed();
            ToyPretraining.Run(toy, outDir, Progress);
            Console.WriteLine($"selgen pretrain: wrote {outDir} in {DateTime.UtcNow - started:hh\\:mm\\:ss}");
            return 0;
        }
        var options = args.String("options") is { } file ? StrictJson.Load<GcdPretrainOptions>(file) : new GcdPretrainOptions();
        if (args.Int("epochs") is int epochs) options = options with { Training = options.Training with { Epochs = epochs } };
        if (args.Int("conversations") is int n) options = options with { Corpus = options.Corpus with { Conversations = n } };
        if (args.String("preset") is { } preset) options = options with { Preset = preset };
        args.EnsureAllUsed();
        GcdPretraining.Run(options, outDir, Progress);
        Console.WriteLine($"selgen pretrain: wrote {outDir} in {DateTime.UtcNow - started:hh\\:mm\\:ss}");
        return 0;
    }
}
