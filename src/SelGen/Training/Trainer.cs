using System.Text.Json;
using System.Text.Json.Nodes;
using SelGen.Engine;
using SelGen.Engine.Lora;
using SelGen.Engine.Optim;
using SelGen.Methods;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SelGen.Training;

/// <summary>The data of a run: task examples, alignment proxy items, and the tokenizer's padding id.</summary>
public sealed record TrainingData(IReadOnlyList<Example> Task, IReadOnlyList<AlignmentItem> Alignment, int PadId);

/// <summary>How a run is hosted: where it writes, which adapter it trains, what it calls back.</summary>
public sealed record TrainerOptions
{
    /// <summary>Run directory for train.jsonl and the resumable checkpoint; null keeps everything in memory.</summary>
    public string? RunDir { get; init; }
    /// <summary>Name of the LoRA adapter trained (when the config asks for LoRA).</summary>
    public string Adapter { get; init; } = "task";
    /// <summary>Called after each epoch (1-based) with the model in eval mode, e.g. to evaluate.</summary>
    public Action<int, DecoderLM>? OnEpochEnd { get; init; }
    /// <summary>Called after every optimizer step with the step's log line.</summary>
    public Action<StepLog>? OnStep { get; init; }
    /// <summary>Stop (as if killed) after this many steps in this process: for resume tests.</summary>
    public int? StopAfterSteps { get; init; }
}

/// <summary>One optimizer step in the log: step (1-based) of the run's total, epoch, learning rate, gradient norm and each loss term.</summary>
public sealed record StepLog(int Step, int TotalSteps, double Epoch, double LearningRate, double GradNorm, IReadOnlyDictionary<string, double> Terms);

public sealed record TrainingResult(int Steps, int TotalSteps, IReadOnlyList<StepLog> Log, bool Completed);

/// <summary>A loss or gradient became NaN or infinite; the run stopped and kept its last checkpoint.</summary>
public sealed class TrainingDivergedException(string message) : SelGenException(message);

/// <summary>
/// The one training loop. Each optimizer step takes the next slice of the (per-epoch shuffled) training
/// set, splits it into grad_accum micro-batches, pairs each with alignment micro-batches from the cycled
/// alignment stream when the method wants them, lets the method backpropagate, then clips and steps AdamW
/// with the scheduled learning rate. Data order is a pure function of (seed, step), so a resumed run
/// continues the very same trajectory.
/// </summary>
public static class Trainer
{
    public const string LogFile = "train.jsonl";
    const string CheckpointDir = "checkpoint";

    public static TrainingResult Run(DecoderLM model, TrainingConfig config, IMethod method, TrainingData data, TrainerOptions? options = null)
    {
        options ??= new TrainerOptions();
        config.Validate();
        CheckData(method, data);
        manual_seed(config.Seed);
        string? adapter = SetUpTrainableWeights(model, config, options.Adapter);
        using var context = new MethodContext(model, config, data.Alignment, data.PadId, adapter);
        method.Attach(context);

        var trainingSet = method.TrainingSet(data.Task, data.Alignment);
        int stepsPerEpoch = StepsPerEpoch(trainingSet.Count, config);
        int totalSteps = stepsPerEpoch * config.Epochs;
        var trainable = context.Trainable;
        using var optimizer = CreateOptimizer(trainable, config);

        int start = options.RunDir is null ? 0 : Checkpoint.TryResume(options.RunDir, trainable, optimizer);
        var log = new List<StepLog>();
        using var logWriter = options.RunDir is null ? null : OpenLog(options.RunDir, start);
        model.train();
        int stop = options.StopAfterSteps is int n ? Math.Min(totalSteps, start + n) : totalSteps;
        for (int step = start; step < stop; step++)
        {
            var entry = Step(model, config, method, context, trainingSet, data, optimizer, trainable, step, stepsPerEpoch, totalSteps);
            log.Add(entry);
            logWriter?.WriteLine(ToJson(entry));
            logWriter?.Flush();
            options.OnStep?.Invoke(entry);
            bool epochEnd = (step + 1) % stepsPerEpoch == 0;
            if (options.RunDir is not null && (epochEnd || (config.CheckpointEvery > 0 && (step + 1) % config.CheckpointEvery == 0)))
                using (PhaseTimes.Measure("checkpoint")) Checkpoint.Save(options.RunDir, step + 1, trainable, optimizer);
            if (epochEnd && options.OnEpochEnd is not null)
            {
                model.eval();
                options.OnEpochEnd((step + 1) / stepsPerEpoch, model);
                model.train();
            }
        }
        model.eval();
        bool completed = stop == totalSteps;
        if (completed) method.AfterTraining(context);
        return new TrainingResult(stop, totalSteps, log, completed);
    }

    /// <summary>Optimizer steps a run of <paramref name="method"/> takes on <paramref name="data"/> (an epoch is one pass over the method's training set).</summary>
    public static int TotalSteps(TrainingConfig config, IMethod method, TrainingData data) =>
        StepsPerEpoch(method.TrainingSet(data.Task, data.Alignment).Count, config) * config.Epochs;

    static int StepsPerEpoch(int examples, TrainingConfig config) => (examples + config.BatchSize - 1) / config.BatchSize;

    static void CheckData(IMethod method, TrainingData data)
    {
        if (data.Task.Count == 0) throw new SelGenException("training: no task examples");
        for (int i = 0; i < data.Task.Count; i++) data.Task[i].Validate($"task example {i + 1}");
        if (method.UsesAlignment && data.Alignment.Count == 0)
            throw new SelGenException($"method '{method.Name}' needs alignment data; none was given");
        for (int i = 0; i < data.Alignment.Count; i++)
        {
            data.Alignment[i].Chosen.Validate($"alignment item {i + 1} (chosen)");
            if (method.UsesRejected && data.Alignment[i].Rejected is null)
                throw new SelGenException($"method '{method.Name}' needs a rejected reply for every alignment item; item {i + 1} has none");
            data.Alignment[i].Rejected?.Validate($"alignment item {i + 1} (rejected)");
        }
    }

    /// <summary>LoRA: a fresh adapter is the only trainable thing. Full fine-tuning: every base weight.</summary>
    static string? SetUpTrainableWeights(DecoderLM model, TrainingConfig config, string adapterName)
    {
        foreach (var name in model.AdapterNames().ToList()) model.SetAdapterTrainable(name, false);
        if (config.Lora is null)
        {
            model.SetBaseTrainable(true);
            return null;
        }
        model.SetBaseTrainable(false);
        model.AddAdapter(adapterName, config.Lora);
        return adapterName;
    }

    /// <summary>AdamW with decoupled weight decay on matrices only; norms and biases are not decayed (as Hugging Face).
    /// The update is libtorch's fused kernel (<see cref="FusedAdamW"/>: equal to the managed AdamW up to float
    /// rounding, several times faster); its state is the managed AdamW's, so older checkpoints resume.</summary>
    static AdamW CreateOptimizer(IReadOnlyList<(string Name, Parameter Parameter)> trainable, TrainingConfig c)
    {
        if (trainable.Count == 0) throw new SelGenException("training: no trainable parameters");
        var decay = trainable.Where(p => p.Parameter.dim() >= 2).Select(p => p.Parameter).ToList();
        var noDecay = trainable.Where(p => p.Parameter.dim() < 2).Select(p => p.Parameter).ToList();
        var groups = new List<AdamW.ParamGroup>();
        if (decay.Count > 0) groups.Add(new AdamW.ParamGroup(decay, c.LearningRate, c.AdamBeta1, c.AdamBeta2, c.AdamEps, c.WeightDecay, false, false));
        if (noDecay.Count > 0) groups.Add(new AdamW.ParamGroup(noDecay, c.LearningRate, c.AdamBeta1, c.AdamBeta2, c.AdamEps, 0, false, false));
        return new FusedAdamW(groups, c.LearningRate, c.AdamBeta1, c.AdamBeta2, c.AdamEps, c.WeightDecay);
    }

    static StepLog Step(DecoderLM model, TrainingConfig config, IMethod method, MethodContext context, IReadOnlyList<Example> trainingSet,
        TrainingData data, AdamW optimizer, IReadOnlyList<(string Name, Parameter Parameter)> trainable, int step, int stepsPerEpoch, int totalSteps)
    {
        using var scope = NewDisposeScope();
        double lr = config.LearningRateAt(step, totalSteps);
        foreach (var group in optimizer.ParamGroups) group.LearningRate = lr;
        optimizer.zero_grad();

        var micro = MicroSteps(config, method, trainingSet, data, step, stepsPerEpoch);
        var terms = new Dictionary<string, double>();
        try
        {
            foreach (var m in micro)
                foreach (var (k, v) in method.Backward(m, context))
                    terms[k] = terms.GetValueOrDefault(k) + v;
            method.BeforeOptimizerStep(micro, context);
        }
        finally
        {
            foreach (var m in micro) { m.Task.Dispose(); m.Chosen?.Dispose(); m.Rejected?.Dispose(); }
        }

        var parameters = trainable.Select(p => p.Parameter).ToList();
        double gradNorm = GradNorm(parameters);
        var entry = new StepLog(step + 1, totalSteps, (double)(step + 1) / stepsPerEpoch, lr, gradNorm, terms);
        if (!double.IsFinite(gradNorm) || terms.Values.Any(v => !double.IsFinite(v)))
            throw new TrainingDivergedException(
                $"training diverged at step {step + 1}: {string.Join(", ", terms.Select(t => $"{t.Key}={t.Value}"))}, grad_norm={gradNorm}. " +
                "The last checkpoint (if any) is kept; lower the learning rate or the method's strength, or set max_grad_norm.");
        if (config.MaxGradNorm is double max) nn.utils.clip_grad_norm_(parameters, max);
        optimizer.step();
        return entry;
    }

    /// <summary>The micro-batches of one step, with the step's token totals for exact accumulation.</summary>
    static List<MicroStep> MicroSteps(TrainingConfig config, IMethod method, IReadOnlyList<Example> trainingSet, TrainingData data, int step, int stepsPerEpoch)
    {
        int epoch = step / stepsPerEpoch, index = step % stepsPerEpoch;
        var order = Order(trainingSet.Count, config.Seed, epoch);
        var slice = order.Skip(index * config.BatchSize).Take(config.BatchSize).Select(i => trainingSet[i]).ToList();
        int microSize = config.MicroBatchSize;
        var taskChunks = slice.Chunk(microSize).ToList();
        int alignSize = config.AlignmentBatchSize ?? microSize;
        var alignIndices = new List<int[]>();
        if (method.UsesAlignment)
            for (int k = 0; k < taskChunks.Count; k++)
            {
                long first = ((long)step * config.GradAccum + k) * alignSize;
                alignIndices.Add(Enumerable.Range(0, alignSize).Select(j => AlignmentAt(data.Alignment.Count, config.Seed, first + j)).ToArray());
            }
        var alignChunks = alignIndices.Select(c => c.Select(i => data.Alignment[i]).ToArray()).ToList();
        double taskTokens = taskChunks.Sum(c => c.Sum(e => Trained(e)));
        double chosenTokens = alignChunks.Sum(c => c.Sum(a => Trained(a.Chosen)));
        double rejectedTokens = method.UsesRejected ? alignChunks.Sum(c => c.Sum(a => Trained(a.Rejected!))) : 0;
        int pairs = alignChunks.Sum(c => c.Length);
        var result = new List<MicroStep>();
        for (int k = 0; k < taskChunks.Count; k++)
        {
            var task = Batch.Collate(taskChunks[k], data.PadId);
            Batch? chosen = method.UsesAlignment ? Batch.Collate(alignChunks[k].Select(a => a.Chosen).ToList(), data.PadId) : null;
            Batch? rejected = method.UsesRejected ? Batch.Collate(alignChunks[k].Select(a => a.Rejected!).ToList(), data.PadId) : null;
            result.Add(new MicroStep(task, chosen, rejected, taskTokens, chosenTokens, rejectedTokens, Math.Max(1, pairs), slice.Count,
                method.UsesAlignment ? alignIndices[k] : null));
        }
        return result;
    }

    static int Trained(Example e) => e.Trained.Skip(1).Count(t => t);

    /// <summary>The permutation of the training set for an epoch: a pure function of (seed, epoch).</summary>
    public static int[] Order(int count, int seed, int epoch)
    {
        var order = Enumerable.Range(0, count).ToArray();
        new Random(Mix(seed, epoch, 1)).Shuffle(order);
        return order;
    }

    /// <summary>The index of the n-th item of the alignment stream: the items cycled, each cycle in its own shuffled order.</summary>
    static int AlignmentAt(int count, int seed, long n)
    {
        int cycle = (int)(n / count);
        var order = Enumerable.Range(0, count).ToArray();
        new Random(Mix(seed, cycle, 2)).Shuffle(order);
        return order[n % count];
    }

    /// <summary>A fixed mix of small integers into a seed (HashCode.Combine is randomised per process).</summary>
    static int Mix(int seed, int index, int stream) => unchecked((int)((uint)seed * 2654435761u ^ (uint)index * 40503u ^ (uint)stream * 97u));

    static double GradNorm(IReadOnlyList<Parameter> parameters)
    {
        using var scope = NewDisposeScope();
        double sum = 0;
        foreach (var p in parameters)
            if (p.grad is not null) sum += p.grad.to_type(ScalarType.Float64).pow(2).sum().item<double>();
        return Math.Sqrt(sum);
    }

    static StreamWriter OpenLog(string runDir, int resumedAt)
    {
        Directory.CreateDirectory(runDir);
        var path = Path.Combine(runDir, LogFile);
        // Keep the lines up to the checkpoint we resume from: later steps are about to be redone, and a
        // line torn by a kill mid-write is dropped.
        var kept = File.Exists(path) ? File.ReadAllLines(path).Where(l => StepOf(l) <= resumedAt).ToList() : [];
        File.WriteAllLines(path, kept);
        return new StreamWriter(path, append: true);
    }

    static int StepOf(string line)
    {
        try { return JsonNode.Parse(line)?["step"]?.GetValue<int>() ?? int.MaxValue; }
        catch (System.Text.Json.JsonException) { return int.MaxValue; }
    }

    static string ToJson(StepLog e)
    {
        var o = new JsonObject { ["step"] = e.Step, ["epoch"] = Math.Round(e.Epoch, 6), ["lr"] = e.LearningRate, ["grad_norm"] = Finite(e.GradNorm) };
        foreach (var (k, v) in e.Terms) o[k] = Finite(v);
        return o.ToJsonString();
    }

    /// <summary>JSON has no NaN; a non-finite value is written as null (the reference wrote bare NaN, which is not JSON).</summary>
    static JsonNode? Finite(double v) => double.IsFinite(v) ? JsonValue.Create(v) : null;
}
