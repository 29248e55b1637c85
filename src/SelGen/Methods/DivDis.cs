using System.Text.Json.Serialization;
using SelGen.Engine;
using SelGen.Engine.Lora;
using SelGen.Training;
using static TorchSharp.torch;

namespace SelGen.Methods;

/// <summary>How Diversify-and-Disambiguate picks its head after training.</summary>
public enum DivDisSelection
{
    /// <summary>The head whose mean log-prob margin log p(chosen) − log p(rejected) on the proxy pairs is largest.</summary>
    ProxyPreference,
    /// <summary>The head with the lowest cross-entropy on the proxy's aligned replies.</summary>
    ProxyCe,
}

/// <summary>
/// Diversify and Disambiguate (Lee, Yao and Finn 2022). K LoRA heads (the task adapter and K−1 more) are trained
/// together on the task data, each with its own CE, plus a term that makes their predictions independent on
/// unlabelled out-of-domain inputs: the alignment proxy's prompts, with their labels unused. For every pair of heads
/// (i, j) the disagreement term is the mutual information of their predictions at the first reply token,
/// MI(i, j) = Σ_ab P_ij(a, b) log(P_ij(a, b) / (P_i(a) P_j(b))) with P_ij = mean over the inputs of p_i ⊗ p_j, over the
/// proxy's M most likely first reply tokens under the starting model plus one bucket for the rest; a regulariser
/// KL(P_i ‖ P_ref) keeps each head's marginal near the starting model's, as in the paper. Loss = Σ_k CE_k(T) +
/// λ·Σ_{i&lt;j} MI(i, j) + λ_reg·Σ_k KL(P_k ‖ P_ref). After training, the head that does best on the labelled proxy is
/// copied into the task adapter (the one saved) and the others are removed.
/// </summary>
public sealed class DivDis(DivDis.Options options) : IMethod
{
    public sealed record Options : IMethodOptions
    {
        [JsonPropertyName("heads")] public int Heads { get; init; } = 2;
        /// <summary>Weight λ of the pairwise mutual information.</summary>
        [JsonPropertyName("lambda")] public double Lambda { get; init; } = 1.0;
        /// <summary>Weight of the marginal regulariser KL(P_k ‖ P_ref).</summary>
        [JsonPropertyName("regularizer")] public double Regularizer { get; init; } = 1.0;
        /// <summary>How many of the starting model's most likely first reply tokens the distributions keep (plus one bucket for the rest).</summary>
        [JsonPropertyName("tokens")] public int Tokens { get; init; } = 16;
        [JsonPropertyName("select")] public DivDisSelection Select { get; init; } = DivDisSelection.ProxyPreference;

        public void Validate(string source)
        {
            if (Heads is < 2 or > 16) throw new SelGenException($"{source}: field 'heads' is {Heads}; it must be in 2..16");
            if (!(Lambda >= 0 && double.IsFinite(Lambda))) throw new SelGenException($"{source}: field 'lambda' is {Lambda}; it must be a finite number ≥ 0");
            if (!(Regularizer >= 0 && double.IsFinite(Regularizer))) throw new SelGenException($"{source}: field 'regularizer' is {Regularizer}; it must be a finite number ≥ 0");
            if (Tokens < 1) throw new SelGenException($"{source}: field 'tokens' is {Tokens}; it must be at least 1");
        }
    }

    /// <summary>What the selection step saw: each head's proxy score (higher is better) and the head kept.</summary>
    public sealed record SelectionResult(IReadOnlyList<double> Scores, int Selected);

    Tensor? _tokens;       // (M) token ids kept in the distributions
    Tensor? _prior;        // (M + 1) the starting model's marginal over them
    string[] _heads = [];

    public string Name => "divdis";
    public bool UsesAlignment => true;
    public bool UsesRejected => options.Select == DivDisSelection.ProxyPreference;
    public int ExtraTrainableAdapters => options.Heads - 1;

    public SelectionResult? Selection { get; private set; }

    public IReadOnlyList<string> Heads => _heads;

    public object? Outcome => Selection is { } s ? new { heads = _heads, proxy_scores = s.Scores, selected = s.Selected, select = options.Select.ToString() } : null;

    public void Attach(MethodContext context)
    {
        if (context.Adapter is null || context.Config.Lora is null)
            throw new SelGenException("method 'divdis' trains several LoRA heads; set training.lora");
        _heads = [context.Adapter, .. Enumerable.Range(1, options.Heads - 1).Select(k => $"divdis_{k}")];
        // Each new head gets its own random A (B = 0, so every head starts as the starting model).
        foreach (var head in _heads.Skip(1)) context.Model.AddAdapter(head, context.Config.Lora);
        (_tokens, _prior) = TokenSet(context, options.Tokens);
    }

    public IReadOnlyDictionary<string, double> Backward(MicroStep step, MethodContext context)
    {
        using var scope = NewDisposeScope();
        var terms = new Dictionary<string, double>();
        Tensor total = zeros(1).squeeze();
        var distributions = new List<Tensor>();
        var firstReply = FirstReplyPositions(step.Chosen!);
        for (int k = 0; k < _heads.Length; k++)
        {
            using var only = OnlyHead(context.Model, _heads[k]);
            var ce = Losses.TaskCrossEntropy(context, step);
            terms[$"task_ce_{k}"] = ce.item<float>();
            total = total + ce;
            var logits = context.Model.forward(step.Chosen!.Input()).Logits;
            distributions.Add(Bucketed(FirstReplyLogits(logits, firstReply), _tokens!));
        }
        Tensor mi = zeros(1).squeeze(), reg = zeros(1).squeeze();
        for (int i = 0; i < distributions.Count; i++)
        {
            reg = reg + MarginalKl(distributions[i], _prior!);
            for (int j = i + 1; j < distributions.Count; j++) mi = mi + MutualInformation(distributions[i], distributions[j]);
        }
        // Per-batch terms, once per step: weighted by this micro-batch's share of the step's pairs.
        var loss = total + (options.Lambda * mi + options.Regularizer * reg) * step.PairShare;
        loss.backward();
        terms["loss"] = loss.item<float>();
        terms["mutual_information"] = mi.item<float>();
        terms["marginal_kl"] = reg.item<float>();
        return terms;
    }

    public void AfterTraining(MethodContext context)
    {
        var scores = _heads.Select(h =>
        {
            using var only = OnlyHead(context.Model, h);
            return ProxyScore(context, options.Select);
        }).ToList();
        int best = Enumerable.Range(0, scores.Count).MaxBy(k => scores[k]);
        Keep(context.Model, _heads, best);
        Selection = new SelectionResult(scores, best);
    }

    /// <summary>Copies head <paramref name="best"/>'s weights into head 0 (the task adapter) and removes the others.</summary>
    public static void Keep(DecoderLM model, IReadOnlyList<string> heads, int best)
    {
        using (no_grad())
        {
            if (best != 0)
                foreach (var (_, layer) in model.AdapterLayers(heads[0]))
                {
                    layer.lora_A.Get(heads[0]).weight!.copy_(layer.lora_A.Get(heads[best]).weight!);
                    layer.lora_B.Get(heads[0]).weight!.copy_(layer.lora_B.Get(heads[best]).weight!);
                }
        }
        foreach (var head in heads.Skip(1)) model.RemoveAdapter(head);
        model.SetAdapterEnabled(heads[0], true);
    }

    /// <summary>Enables only <paramref name="head"/> among the heads until disposed (then all are enabled again).</summary>
    IDisposable OnlyHead(DecoderLM model, string head)
    {
        foreach (var h in _heads) model.SetAdapterEnabled(h, h == head);
        return new Restore(() => { foreach (var h in _heads) model.SetAdapterEnabled(h, true); });
    }

    sealed class Restore(Action action) : IDisposable
    {
        public void Dispose() => action();
    }

    /// <summary>
    /// The mean proxy score of the model as it is (higher is better): the log-prob margin of chosen over rejected
    /// replies (summed over reply tokens), or minus the CE of the chosen replies.
    /// </summary>
    public static double ProxyScore(MethodContext context, DivDisSelection select)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        double total = 0;
        int n = 0;
        foreach (var chunk in context.Alignment.Chunk(16))
        {
            using var chosen = Batch.Collate(chunk.Select(i => i.Chosen).ToList(), context.PadId, context.Model.Device);
            var lpChosen = TokenMath.SequenceLogProbs(context.Model.forward(chosen.Input()).Logits, chosen, averagePerToken: select == DivDisSelection.ProxyCe);
            if (select == DivDisSelection.ProxyCe) total += lpChosen.sum().item<float>();
            else
            {
                using var rejected = Batch.Collate(chunk.Select(i => i.Rejected!).ToList(), context.PadId, context.Model.Device);
                var lpRejected = TokenMath.SequenceLogProbs(context.Model.forward(rejected.Input()).Logits, rejected, averagePerToken: false);
                total += (lpChosen - lpRejected).sum().item<float>();
            }
            n += chunk.Length;
        }
        return total / n;
    }

    /// <summary>For each row, the position whose prediction is the first reply token (the one before the first trained token).</summary>
    static long[] FirstReplyPositions(Batch batch)
    {
        var mask = batch.TargetMask.to(ScalarType.Bool);   // (B, T-1): prediction at t is trained
        return Enumerable.Range(0, batch.Size).Select(b => (long)mask[b].nonzero()[0, 0].item<long>()).ToArray();
    }

    static Tensor FirstReplyLogits(Tensor logits, long[] positions)
    {
        var rows = arange(positions.Length, device: logits.device);
        return logits[rows, tensor(positions, device: logits.device)];   // (B, V)
    }

    /// <summary>softmax over the vocabulary, kept on <paramref name="tokens"/> (M) plus one bucket for the rest: (B, M + 1).</summary>
    public static Tensor Bucketed(Tensor logits, Tensor tokens)
    {
        using var scope = NewDisposeScope();
        var p = logits.softmax(-1);                                  // (B, V)
        var kept = p.index_select(-1, tokens);                       // (B, M)
        var rest = (1 - kept.sum(-1, keepdim: true)).clamp_min(0);   // (B, 1)
        return cat([kept, rest], -1).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// MI of two heads' predictions over a batch: P_ij = mean_n p_i(n) ⊗ p_j(n) (K × K), marginals P_i, P_j;
    /// Σ P_ij log(P_ij / (P_i P_j)). Zero when the heads' predictions are independent across the batch (e.g. one
    /// head constant); for identical one-hot heads it is the entropy of their marginal.
    /// </summary>
    public static Tensor MutualInformation(Tensor pi, Tensor pj)
    {
        using var scope = NewDisposeScope();
        const double eps = 1e-12;
        var joint = einsum("na,nb->ab", pi, pj) / pi.shape[0];      // (K, K)
        var outer = joint.sum(1, keepdim: true) * joint.sum(0, keepdim: true);
        return (joint * ((joint + eps).log() - (outer + eps).log())).sum().MoveToOuterDisposeScope();
    }

    /// <summary>KL(P ‖ prior) of a head's marginal P = mean over the batch of its distributions.</summary>
    public static Tensor MarginalKl(Tensor p, Tensor prior)
    {
        using var scope = NewDisposeScope();
        const double eps = 1e-12;
        var marginal = p.mean([0]);
        return (marginal * ((marginal + eps).log() - (prior + eps).log())).sum().MoveToOuterDisposeScope();
    }

    /// <summary>The starting model's M most likely first reply tokens over the proxy prompts, and its marginal over them.</summary>
    static (Tensor Tokens, Tensor Prior) TokenSet(MethodContext context, int m)
    {
        using var _ = no_grad();
        using var disabled = context.Model.AdaptersDisabled();
        var sum = zeros(context.Model.Config.VocabSize, dtype: ScalarType.Float64);
        foreach (var chunk in context.Alignment.Chunk(16))
        {
            using var scope = NewDisposeScope();
            using var batch = Batch.Collate(chunk.Select(i => i.Chosen).ToList(), context.PadId, context.Model.Device);
            var logits = FirstReplyLogits(context.Model.forward(batch.Input()).Logits, FirstReplyPositions(batch));
            sum.add_(logits.softmax(-1).sum([0]).to(ScalarType.Float64).cpu());
        }
        int keep = (int)Math.Min(m, context.Model.Config.VocabSize);
        var tokens = sum.topk(keep).indexes.to(context.Model.Device);
        var mean = (sum / context.Alignment.Count).to(ScalarType.Float32);
        var kept = mean.index_select(0, tokens.cpu());
        var prior = cat([kept, (1 - kept.sum(0, keepdim: true)).clamp_min(0)]).to(context.Model.Device);
        return (tokens.DetachFromDisposeScope(), prior.DetachFromDisposeScope());
    }
}
