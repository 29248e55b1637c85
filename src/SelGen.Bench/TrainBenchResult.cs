using System.Globalization;
using System.Text.Json.Nodes;

namespace SelGen.Bench;

/// <summary>
/// One measured training benchmark, from SelGen or from the PyTorch reference (bench/pytorch_reference.py
/// prints the same JSON fields). Times are per optimizer step, averaged over the timed steps.
/// </summary>
public sealed record TrainBenchResult
{
    /// <summary>"selgen" or "pytorch".</summary>
    public required string Implementation { get; init; }
    /// <summary>Tensor library and version, e.g. "TorchSharp 0.107.0" or "torch 1.13.0".</summary>
    public required string Library { get; init; }
    /// <summary>
    /// Which AdamW ran: SelGen's "fused" or "torchsharp" (see <see cref="TrainBenchSettings.Optimizer"/>), or the
    /// reference's torch.optim.AdamW variant "loop" (PyTorch's CPU default), "foreach" or "fused".
    /// </summary>
    public required string Optimizer { get; init; }
    public required string Preset { get; init; }
    /// <summary>The model's config.json fields.</summary>
    public required JsonObject Config { get; init; }
    public required int Batch { get; init; }
    public required int Seq { get; init; }
    public required int Threads { get; init; }
    public required int Steps { get; init; }
    public required int Warmup { get; init; }
    public required long Parameters { get; init; }
    public required long MatmulParameters { get; init; }
    public required double FlopsPerStep { get; init; }
    public required double TokensPerSecond { get; init; }
    /// <summary>Achieved GFLOP/s by <see cref="FlopCount"/>.</summary>
    public required double Gflops { get; init; }
    /// <summary>Peak resident set of the whole process (VmHWM), MiB.</summary>
    public required double PeakMemMb { get; init; }
    /// <summary>Best fp32 n³ matmul rate measured in the same process; 0 when not measured.</summary>
    public required double MatmulGflops { get; init; }
    public required int MatmulSize { get; init; }
    public required double ForwardMs { get; init; }
    public required double BackwardMs { get; init; }
    public required double OptimizerMs { get; init; }
    /// <summary>
    /// Median and fastest single step: on a machine shared with other jobs the fastest step, like the
    /// best-of matmul, shows what the code can do when it has the cores.
    /// </summary>
    public required double StepMsMedian { get; init; }
    public required double StepMsMin { get; init; }
    public required double LossFirst { get; init; }
    public required double LossLast { get; init; }

    /// <summary>GFLOP/s of the fastest step.</summary>
    public double GflopsBestStep => FlopsPerStep / (StepMsMin / 1000) / 1e9;

    /// <summary>Achieved rate as a fraction of the measured matmul rate; NaN when that was not measured.</summary>
    public double FractionOfMatmul => MatmulGflops > 0 ? Gflops / MatmulGflops : double.NaN;

    public JsonObject ToJson() => new()
    {
        ["implementation"] = Implementation,
        ["library"] = Library,
        ["optimizer"] = Optimizer,
        ["preset"] = Preset,
        ["config"] = Config.DeepClone(),
        ["batch"] = Batch,
        ["seq"] = Seq,
        ["threads"] = Threads,
        ["steps"] = Steps,
        ["warmup"] = Warmup,
        ["parameters"] = Parameters,
        ["matmul_parameters"] = MatmulParameters,
        ["flops_per_step"] = FlopsPerStep,
        ["flop_formula"] = FlopCount.Formula,
        ["tokens_per_s"] = TokensPerSecond,
        ["gflops"] = Gflops,
        ["peak_mem_mb"] = PeakMemMb,
        ["matmul_gflops"] = MatmulGflops,
        ["matmul_size"] = MatmulSize,
        ["forward_ms"] = ForwardMs,
        ["backward_ms"] = BackwardMs,
        ["optimizer_ms"] = OptimizerMs,
        ["step_ms_median"] = StepMsMedian,
        ["step_ms_min"] = StepMsMin,
        ["loss_first"] = LossFirst,
        ["loss_last"] = LossLast,
    };

    /// <summary>Reads the JSON printed by either implementation; <paramref name="source"/> names it in errors.</summary>
    public static TrainBenchResult FromJson(JsonObject o, string source)
    {
        JsonNode Field(string name) => o[name] ?? throw new SelGenException($"{source}: field '{name}' is missing");
        T Get<T>(string name)
        {
            try { return Field(name).GetValue<T>(); }
            catch (Exception e) when (e is FormatException or InvalidOperationException)
            {
                throw new SelGenException($"{source}: field '{name}' is not a {typeof(T).Name} ({Field(name).ToJsonString()})");
            }
        }
        double Number(string name) => Field(name) is JsonValue v && v.TryGetValue<double>(out var d) ? d
            : double.Parse(Field(name).ToString(), CultureInfo.InvariantCulture);
        return new TrainBenchResult
        {
            Implementation = Get<string>("implementation"),
            Library = Get<string>("library"),
            Optimizer = Get<string>("optimizer"),
            Preset = Get<string>("preset"),
            Config = Field("config") as JsonObject ?? throw new SelGenException($"{source}: field 'config' is not an object"),
            Batch = Get<int>("batch"),
            Seq = Get<int>("seq"),
            Threads = Get<int>("threads"),
            Steps = Get<int>("steps"),
            Warmup = Get<int>("warmup"),
            Parameters = Get<long>("parameters"),
            MatmulParameters = Get<long>("matmul_parameters"),
            FlopsPerStep = Number("flops_per_step"),
            TokensPerSecond = Number("tokens_per_s"),
            Gflops = Number("gflops"),
            PeakMemMb = Number("peak_mem_mb"),
            MatmulGflops = Number("matmul_gflops"),
            MatmulSize = Get<int>("matmul_size"),
            ForwardMs = Number("forward_ms"),
            BackwardMs = Number("backward_ms"),
            OptimizerMs = Number("optimizer_ms"),
            StepMsMedian = Number("step_ms_median"),
            StepMsMin = Number("step_ms_min"),
            LossFirst = Number("loss_first"),
            LossLast = Number("loss_last"),
        };
    }
}
