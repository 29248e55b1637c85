using System.Text.Json;
using SelGen.Experiments;
using SelGen.IO;

namespace SelGen.Cli.Commands;

/// <summary>selgen plan: an experiment's token counts and each run's estimated peak training memory, before running it.</summary>
public sealed class PlanCommand : ICommand
{
    public string Name => "plan";
    public string Summary => "token counts and each run's estimated peak training memory, and whether it fits a device";
    public string Help => """
        Usage: selgen plan --config FILE [--dtype float32|bfloat16|float16] [--gpu-memory GB] [--gradient-checkpointing] [--json]

        Reads the experiment, the base model's config.json and tokenizer (never its weights), renders the setting's
        training data with the model's chat format, and prints the token counts and, for every method setting, the
        estimated peak memory of one training run: frozen weights (in --dtype), LoRA weights, AdamW state and
        gradients (float32), saved activations of the largest micro-batches (in --dtype; the task batch plus the
        alignment and rejected batches the method uses) and the float32 logits with log-softmax and gradient.
        An estimate, not a measurement: allocator slack and the CUDA context (about 0.5-1 GiB) come on top.

          --config FILE             the experiment file
          --dtype NAME              weights and activations: float32 (default), bfloat16 or float16
          --gpu-memory GB           the device's memory; each run is marked fits / does not fit
          --gradient-checkpointing  keep only each layer's input for the backward pass
          --json                    the whole plan as JSON
        """;

    public int Run(Arguments args)
    {
        var path = args.Required("config");
        var dtype = args.String("dtype") ?? "float32";
        double? gpu = args.Double("gpu-memory");
        bool checkpointing = args.Flag("gradient-checkpointing"), json = args.Flag("json");
        args.EnsureAllUsed();
        int bytes = dtype switch
        {
            "float32" => 4,
            "bfloat16" or "float16" => 2,
            _ => throw new UsageException($"--dtype is '{dtype}'; use float32, bfloat16 or float16"),
        };
        if (gpu is <= 0) throw new UsageException($"--gpu-memory is {gpu}; give the device's memory in GB, e.g. 80");
        var experiment = ExperimentConfig.Load(path);
        var plan = RunPlan.Make(experiment, Path.GetDirectoryName(Path.GetFullPath(path))!, new PlanOptions(bytes, bytes, checkpointing, gpu));
        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(plan, StrictJson.WriteOptions));
            return 0;
        }
        var c = plan.Config;
        Console.Out.WriteLine($"model {plan.Model}: {c.ModelType}, {plan.BaseParameters / 1e6:0.0}M parameters, {c.NumHiddenLayers} layers, hidden {c.HiddenSize}, vocab {c.VocabSize}");
        Console.Out.WriteLine($"LoRA: {plan.LoraParametersPerAdapter / 1e6:0.00}M parameters per adapter");
        Console.Out.WriteLine($"task data: {plan.TaskExamples} examples, {plan.TaskTokens} tokens ({plan.TrainedTokens} trained), longest {plan.MaxTaskLength}; " +
            $"alignment: {plan.AlignmentItems} items, longest {plan.MaxAlignmentLength}");
        Console.Out.WriteLine($"{plan.Runs} runs, {plan.StepsPerRun} optimizer steps each; weights and activations in {dtype}{(checkpointing ? ", gradient checkpointing" : "")}");
        Console.Out.WriteLine();
        Console.Out.WriteLine($"{"method",-22} {"knobs",-34} {"weights",10} {"adapters",10} {"optim",10} {"activ.",10} {"logits",10} {"total",10}  fits");
        foreach (var e in plan.Estimates)
            Console.Out.WriteLine($"{e.Method,-22} {Cut(e.Knobs, 34),-34} {RunPlan.Gib(e.Weights),10} {RunPlan.Gib(e.Adapters),10} {RunPlan.Gib(e.OptimizerAndGradients),10} " +
                $"{RunPlan.Gib(e.Activations),10} {RunPlan.Gib(e.Logits),10} {RunPlan.Gib(e.Total),10}  {(e.Fits is null ? "-" : e.Fits.Value ? "yes" : "NO")}");
        return 0;
    }

    static string Cut(string s, int n) => s.Length <= n ? s : s[..(n - 1)] + "…";
}
