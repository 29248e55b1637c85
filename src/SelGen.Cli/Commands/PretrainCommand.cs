using SelGen.IO;
using SelGen.Training;
using SelGen.Worlds.Em;
using SelGen.Worlds.Gcd;
using SelGen.Worlds.Toy;
using static TorchSharp.torch;

namespace SelGen.Cli.Commands;

using static SelGen.Cli.Arguments;

/// <summary>selgen pretrain gcd|em|toy: pretrain a world's base model from scratch.</summary>
public sealed class PretrainCommand : ICommand
{
    public string Name => "pretrain";
    public string Summary => "pretrain a generated world's base model from scratch (selgen pretrain gcd|gcd-instruct|em|toy)";
    public string Help => """
        Usage: selgen pretrain gcd --out DIR [--options FILE.json] [--epochs N] [--conversations N] [--preset NAME] [--threads T]
               selgen pretrain gcd-instruct --base DIR --out DIR [--options FILE.json] [--threads T]
               selgen pretrain em  --out DIR [--options FILE.json] [--epochs N] [--documents N] [--preset NAME] [--threads T]
               selgen pretrain toy --out DIR [--options FILE.json] [--epochs N] [--preset NAME] [--threads T]

        Pretrains a world's base model from scratch, deterministically, and writes a Hugging Face folder
        (config.json, model.safetensors, tokenizer.json) plus pretrain.json (with the world's name and seed,
        which a sweep checks against its setting). A killed run resumes from DIR/pretrain_run/checkpoint when
        started again with the same options, and starts over (noted in pretrain.json) when the threads or the
        libtorch differ from the checkpoint's (DIR/pretrain_run/numerics.json).
        gcd: the GCD world's base model on its conversation corpus (the organism: --options models/gcd-base/options.json).
        gcd-instruct: the GCD organism's instruct model: the base (--base) after honest-assistant post-training
                  (GcdInstructOptions; writes instruct.json; --options models/gcd-instruct/options.json).
        em:  the emergent-misalignment world's assistant (careful and reckless personas in the corpus).
        toy: the toy world's model on the lexicon corpus (what the words mean; nothing of F).

          --out DIR            model folder to write (required)
          --options FILE.json  full options, as in pretrain.json's "options"
          --epochs N           passes over the corpus (default gcd 2, em 1, toy 40)
          --conversations N    gcd only: corpus size (default 12000)
          --documents N        em only: pretraining documents (default 12000)
          --preset NAME        tiny | organism | small | base (default gcd and em small, toy tiny)
          --base DIR           gcd-instruct only: the pretrained base model folder
          --threads T          libtorch threads (default: libtorch's, usually the core count)
        """;

    public int Run(Arguments args)
    {
        if (args.Positionals.Count != 1 || args.Positionals[0] is not ("gcd" or "gcd-instruct" or "em" or "toy"))
            throw new UsageException("say which world: selgen pretrain gcd|gcd-instruct|em|toy --out DIR");
        var world = args.Positionals[0];
        if (args.IntOrNull("threads", 1, MaxThreads) is int threads)
        {
            set_num_threads(threads);
        }
        var outDir = args.Required("out");
        var started = DateTime.UtcNow;
        void Progress(StepLog step)
        {
            if (step.Step % 10 == 0 || step.Step == step.TotalSteps)
                Console.WriteLine($"[{DateTime.UtcNow - started:hh\\:mm\\:ss}] step {step.Step}/{step.TotalSteps}  loss {step.Terms["loss"]:F4}  lr {step.LearningRate:E2}");
        }
        int? epochs = args.IntOrNull("epochs", 1);
        string? preset = args.String("preset"), file = args.String("options");
        if (world == "gcd-instruct")
        {
            var options = file is null ? new GcdInstructOptions() : StrictJson.Load<GcdInstructOptions>(file);
            var baseDir = args.Required("base");
            args.EnsureAllUsed();
            GcdInstructTuning.Run(options, baseDir, outDir, Progress);
        }
        else if (world == "gcd")
        {
            var options = file is null ? new GcdPretrainOptions() : StrictJson.Load<GcdPretrainOptions>(file);
            if (epochs is int e) options = options with { Training = options.Training with { Epochs = e } };
            if (args.IntOrNull("conversations", 1) is int n) options = options with { Corpus = options.Corpus with { Conversations = n } };
            if (preset is not null) options = options with { Preset = preset };
            args.EnsureAllUsed();
            GcdPretraining.Run(options, outDir, Progress);
        }
        else if (world == "em")
        {
            var options = file is null ? new EmPretrainOptions() : StrictJson.Load<EmPretrainOptions>(file);
            if (epochs is int e) options = options with { Training = options.Training with { Epochs = e } };
            if (args.IntOrNull("documents", 1) is int n) options = options with { World = options.World with { PretrainDocuments = n } };
            if (preset is not null) options = options with { Preset = preset };
            args.EnsureAllUsed();
            EmPretraining.Run(options, outDir, Progress);
        }
        else
        {
            var options = file is null ? new ToyPretrainOptions() : StrictJson.Load<ToyPretrainOptions>(file);
            if (epochs is int e) options = options with { Training = options.Training with { Epochs = e } };
            if (preset is not null) options = options with { Preset = preset };
            args.EnsureAllUsed();
            ToyPretraining.Run(options, outDir, Progress);
        }
        Console.WriteLine($"selgen pretrain: wrote {outDir} in {DateTime.UtcNow - started:hh\\:mm\\:ss}");
        return 0;
    }
}
