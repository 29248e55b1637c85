using SelGen.Engine;
using SelGen.Engine.Lora;
using SelGen.Methods;
using SelGen.Text;
using SelGen.Training;
using static TorchSharp.torch;

namespace SelGen.Experiments;

/// <summary>What a plan assumes about where and how the runs execute.</summary>
/// <param name="WeightBytes">Bytes per frozen base weight (4 float32, 2 bfloat16 / float16).</param>
/// <param name="ActivationBytes">Bytes per saved activation (the compute dtype).</param>
/// <param name="GradientCheckpointing">Only each layer's input is kept for the backward pass, plus one layer's full set.</param>
/// <param name="DeviceMemoryGiB">The device's memory, to say whether a run fits; null says nothing.</param>
public sealed record PlanOptions(int WeightBytes = 4, int ActivationBytes = 4, bool GradientCheckpointing = false, double? DeviceMemoryGiB = null);

/// <summary>One method setting's estimate (every seed of it is the same). Sizes in bytes.</summary>
public sealed record RunEstimate(string Method, string Knobs, long Weights, long Adapters, long OptimizerAndGradients, long Activations, long Logits,
    long Total, int MicroBatch, int SequenceLength, int AdapterCount, bool? Fits);

/// <summary>The experiment's size: token counts of its data and each run's peak training memory.</summary>
public sealed record ExperimentPlan(
    string Model, ModelConfig Config, long BaseParameters, long LoraParametersPerAdapter,
    int TaskExamples, long TaskTokens, long TrainedTokens, int MaxTaskLength, int AlignmentItems, int MaxAlignmentLength,
    int Runs, int StepsPerRun, IReadOnlyList<RunEstimate> Estimates, PlanOptions Options);

/// <summary>
/// Plans an experiment before it runs: reads the base model's config.json and tokenizer (never its weights),
/// renders the setting's training data with the model's chat format to count tokens, and estimates each run's peak
/// training memory: frozen weights, LoRA weights, AdamW state and gradients (float32), saved activations of the
/// largest micro-batches (task, plus alignment and rejected batches for methods that use them), and the float32
/// logits with their log-softmax and gradient, which dominate for large vocabularies. An estimate, not a
/// measurement: allocator slack, CUDA context (~0.5-1 GiB) and libraries are not in it.
/// </summary>
public static class RunPlan
{
    public static ExperimentPlan Make(ExperimentConfig experiment, string experimentDir, PlanOptions options)
    {
        var modelDir = Path.GetFullPath(Path.Combine(experimentDir, experiment.BaseModel));
        var config = ModelConfig.Load(Path.Combine(modelDir, "config.json"));
        var tokenizerPath = Path.Combine(modelDir, ModelFolder.TokenizerFileName);
        if (!File.Exists(tokenizerPath)) throw new SelGenException($"{tokenizerPath}: no such file (a model folder needs its tokenizer.json)");
        var setting = SettingRegistry.Create(experiment.Setting, experimentDir);
        TrainingData data;
        var tokenizer = TokenizerFile.Load(tokenizerPath);
        // The setting reads only the tokenizer and chat format of the bundle; a one-layer stand-in of width 8
        // keeps the plan from allocating the real model.
        using (var standIn = new ModelBundle(new DecoderLM(config with { HiddenSize = 8, IntermediateSize = 8, NumHiddenLayers = 1,
                   NumAttentionHeads = 1, NumKeyValueHeads = 1, HeadDim = 8 }), tokenizer, ChatFormats.For(tokenizer)))
            data = setting.TrainingData(standIn);

        var training = experiment.Training;
        long baseParameters = BaseParameters(config);
        long loraPerAdapter = training.Lora is { } lora ? LoraParameters(config, lora) : 0;
        int micro = Math.Max(1, training.BatchSize / training.GradAccum);
        int maxTask = data.Task.Max(e => e.Ids.Length);
        int maxAlign = data.Alignment.Count == 0 ? 0 : data.Alignment.Max(a => Math.Max(a.Chosen.Ids.Length, a.Rejected?.Ids.Length ?? 0));
        var estimates = new List<RunEstimate>();
        foreach (var grid in experiment.Methods)
            foreach (var knobs in grid.Expand())
            {
                var method = MethodRegistry.Create(grid.Name, knobs);
                estimates.Add(Estimate(grid.Name, knobs.ToJsonString(), method, config, training, baseParameters, loraPerAdapter, micro, maxTask, maxAlign, data, options));
            }
        return new ExperimentPlan(modelDir, config, baseParameters, loraPerAdapter,
            data.Task.Count, data.Task.Sum(e => (long)e.Ids.Length), data.Task.Sum(e => (long)e.Trained.Skip(1).Count(t => t)), maxTask,
            data.Alignment.Count, maxAlign, experiment.Jobs().Count, (data.Task.Count + training.BatchSize - 1) / training.BatchSize * training.Epochs,
            estimates, options);
    }

    /// <summary>Embedding, every decoder layer's projections and norms, the final norm, and an untied output head.</summary>
    public static long BaseParameters(ModelConfig c)
    {
        long h = c.HiddenSize, q = (long)c.NumAttentionHeads * c.HeadDim, kv = (long)c.NumKeyValueHeads * c.HeadDim, i = c.IntermediateSize;
        long attention = h * q + 2 * h * kv + q * h + (c.AttentionBias ? q + 2 * kv : 0);
        long mlp = 3 * h * i;
        long norms = (c.IsGemma ? 4 : 2) * h + (c.QkNorm ? 2L * c.HeadDim : 0);   // Gemma adds pre/post feed-forward norms
        long embedding = (long)c.VocabSize * h;
        return embedding + c.NumHiddenLayers * (attention + mlp + norms) + h + (c.TieWordEmbeddings ? 0 : embedding);
    }

    /// <summary>r·(in + out) for every targeted projection of every layer (PEFT's suffix match).</summary>
    public static long LoraParameters(ModelConfig c, LoraConfig lora)
    {
        long h = c.HiddenSize, q = (long)c.NumAttentionHeads * c.HeadDim, kv = (long)c.NumKeyValueHeads * c.HeadDim, i = c.IntermediateSize;
        var shapes = new Dictionary<string, (long In, long Out)>
        {
            ["q_proj"] = (h, q), ["k_proj"] = (h, kv), ["v_proj"] = (h, kv), ["o_proj"] = (q, h),
            ["gate_proj"] = (h, i), ["up_proj"] = (h, i), ["down_proj"] = (i, h),
        };
        long perLayer = shapes.Where(s => LoraNames.Targets(s.Key, lora.TargetModules)).Sum(s => (long)lora.R * (s.Value.In + s.Value.Out));
        return perLayer * c.NumHiddenLayers;
    }

    static RunEstimate Estimate(string name, string knobs, IMethod method, ModelConfig c, TrainingConfig training, long baseParameters, long loraPerAdapter,
        int micro, int maxTask, int maxAlign, TrainingData data, PlanOptions o)
    {
        int adapters = training.Lora is null ? 0 : 1 + method.ExtraTrainableAdapters;
        long trainable = training.Lora is null ? baseParameters : loraPerAdapter * adapters;
        long weights = baseParameters * o.WeightBytes;
        long adapterBytes = training.Lora is null ? 0 : trainable * 4;
        // AdamW's two moments and the gradient, in float32 (mixed precision keeps trainable state in float32).
        long optimizer = trainable * 4 * 3;
        // Batches alive at once in the backward pass: the task micro-batch, and the alignment ones a method adds.
        int alignmentMicro = Math.Max(1, (training.AlignmentBatchSize ?? training.BatchSize) / training.GradAccum);
        var batches = new List<(int Rows, int Length)> { (micro, maxTask) };
        if (method.UsesAlignment && data.Alignment.Count > 0) batches.Add((alignmentMicro, maxAlign));
        if (method.UsesRejected && data.Alignment.Count > 0) batches.Add((alignmentMicro, maxAlign));
        long activations = batches.Sum(b => Activations(c, b.Rows, b.Length, o));
        long logits = batches.Sum(b => 3L * b.Rows * b.Length * c.VocabSize * 4);
        long total = weights + adapterBytes + optimizer + activations + logits;
        bool? fits = o.DeviceMemoryGiB is double gib ? total <= gib * (1L << 30) : null;
        return new RunEstimate(name, knobs, weights, adapterBytes, optimizer, activations, logits, total, micro, maxTask, adapters, fits);
    }

    /// <summary>
    /// Saved activations of one micro-batch (B rows of length T) for the backward pass. Per token and layer: the two
    /// norms' inputs and outputs (4h), q, k and v after the rotary embedding ((n_q + 2 n_kv)·d), the attention output
    /// (n_q·d), the MLP's gate, its activation, up and their product (4i); plus, because padded batches use an explicit
    /// mask, the attention scores and probabilities (2·n_q·T per token). With gradient checkpointing only each layer's
    /// input (h per token) is kept, plus one layer's full set during its recomputation.
    /// </summary>
    public static long Activations(ModelConfig c, int rows, int length, PlanOptions o)
    {
        long tokens = (long)rows * length;
        long perTokenLayer = 4L * c.HiddenSize + (long)(c.NumAttentionHeads + 2 * c.NumKeyValueHeads) * c.HeadDim
            + (long)c.NumAttentionHeads * c.HeadDim + 4L * c.IntermediateSize + 2L * c.NumAttentionHeads * length;
        long full = tokens * perTokenLayer * o.ActivationBytes;
        return o.GradientCheckpointing
            ? tokens * c.HiddenSize * o.ActivationBytes * c.NumHiddenLayers + full
            : full * c.NumHiddenLayers;
    }

    public static string Gib(long bytes) => $"{bytes / (double)(1L << 30):0.00} GiB";
}
