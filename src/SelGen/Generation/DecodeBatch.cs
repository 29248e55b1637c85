using SelGen.Engine;
using static TorchSharp.torch;
using TorchGenerator = TorchSharp.torch.Generator;

namespace SelGen.Generation;

/// <summary>The decoding of one left-padded batch; see <see cref="TextGenerator"/>.</summary>
sealed class DecodeBatch(DecoderLM model, int[][] prompts, int[] requestIndices, GenerationOptions options)
{
    readonly int _promptWidth = prompts.Max(p => p.Length);
    readonly bool _padded = prompts.Any(p => p.Length != prompts[0].Length);
    readonly List<int>[] _tokens = prompts.Select(_ => new List<int>()).ToArray();
    readonly List<float>[] _logProbs = prompts.Select(_ => new List<float>()).ToArray();
    readonly FinishReason[] _finish = new FinishReason[prompts.Length];
    readonly HashSet<int> _stops = [.. options.StopTokenIds ?? []];

    public (int[][] Tokens, float[][] LogProbs, FinishReason[] Finish) Run()
    {
        var generators = options.Greedy ? [] : requestIndices.Select(i => new TorchGenerator(TokenSampler.RequestSeed(options.Seed, i))).ToList();
        var active = Enumerable.Range(0, prompts.Length).ToList();  // rows still decoding, in batch order
        using var cache = options.UseCache ? new KvCache(model.Config.NumHiddenLayers) : null;
        try
        {
            for (int step = 0; step < options.MaxNewTokens && active.Count > 0; step++)
            {
                var (next, logProb) = Step(active, step, cache, generators);
                var still = new List<int>();
                for (int k = 0; k < active.Count; k++)
                {
                    int row = active[k];
                    if (_stops.Contains(next[k])) { _finish[row] = FinishReason.Stop; continue; }
                    _tokens[row].Add(next[k]);
                    _logProbs[row].Add(logProb[k]);
                    if (_tokens[row].Count == options.MaxNewTokens) { _finish[row] = FinishReason.Length; continue; }
                    still.Add(k);
                }
                if (still.Count < active.Count && still.Count > 0)
                {
                    if (cache is not null) using (var keep = tensor(still.Select(k => (long)k).ToArray(), device: model.Device)) cache.Select(keep);
                    if (generators.Count > 0) generators = Narrow(generators, still);
                }
                active = still.Select(k => active[k]).ToList();
            }
        }
        finally
        {
            foreach (var g in generators) g.Dispose();
        }
        return (_tokens.Select(t => t.ToArray()).ToArray(), _logProbs.Select(l => l.ToArray()).ToArray(), _finish);
    }

    static List<TorchGenerator> Narrow(List<TorchGenerator> generators, List<int> keep)
    {
        var kept = keep.Select(k => generators[k]).ToList();
        foreach (var g in generators.Except(kept)) g.Dispose();
        return kept;
    }

    /// <summary>One token for every active row: its id and its log-probability under the model.</summary>
    (int[] Next, float[] LogProb) Step(List<int> active, int step, KvCache? cache, List<TorchGenerator> generators)
    {
        using var scope = NewDisposeScope();
        // With the cache, step 0 feeds the prompts and later steps only the newest token;
        // without it, every step feeds the whole sequence again.
        bool full = cache is null || step == 0;
        var ids = full ? Sequences(active) : tensor(active.Select(r => (long)_tokens[r][^1]).ToArray(), [active.Count, 1], device: model.Device);  // (A, T)
        var mask = _padded ? AttentionMask(active, step) : null;                                                                              // (A, S)
        var logits = model.forward(new ModelInput(ids, mask, cache)).Logits[.., -1, ..].to_type(ScalarType.Float32);                            // (A, V)
        var next = TokenSampler.Next(logits, options, generators);                                                                                 // (A)
        var logProb = logits.log_softmax(-1).gather(1, next.unsqueeze(1)).squeeze(1);                                                            // (A)
        return (next.cpu().data<long>().Select(v => (int)v).ToArray(), logProb.cpu().data<float>().ToArray());
    }

    /// <summary>(A, W + generated) prompt and generated tokens, prompts left-padded to the batch's widest.</summary>
    Tensor Sequences(List<int> active)
    {
        int generated = _tokens[active[0]].Count;  // every active row has generated the same number of tokens
        int width = _promptWidth + generated;
        var data = new long[active.Count * width];
        for (int k = 0; k < active.Count; k++)
        {
            var prompt = prompts[active[k]];
            int offset = k * width + _promptWidth - prompt.Length;
            for (int j = 0; j < prompt.Length; j++) data[offset + j] = prompt[j];
            for (int j = 0; j < generated; j++) data[k * width + _promptWidth + j] = _tokens[active[k]][j];
        }
        return tensor(data, [active.Count, width], device: model.Device);
    }

    /// <summary>(A, W + generated) 1 for real tokens and 0 for left padding.</summary>
    Tensor AttentionMask(List<int> active, int generated)
    {
        int width = _promptWidth + generated;
        var data = new long[active.Count * width];
        for (int k = 0; k < active.Count; k++)
            for (int j = _promptWidth - prompts[active[k]].Length; j < width; j++) data[k * width + j] = 1;
        return tensor(data, [active.Count, width], device: model.Device);
    }
}
