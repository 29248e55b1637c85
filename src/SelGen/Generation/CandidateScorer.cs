using SelGen.Engine;
using SelGen.Text;
using static TorchSharp.torch;

namespace SelGen.Generation;

/// <summary>How likely each candidate continuation of one prompt is.</summary>
/// <param name="LogProbs">log p(candidate | prompt), summed over the candidate's tokens.</param>
/// <param name="Probabilities">the same, renormalised over the candidates (they sum to 1).</param>
/// <param name="Best">index of the most likely candidate (the first one on a tie).</param>
public sealed record CandidateScores(IReadOnlyList<string> Candidates, double[] LogProbs, double[] Probabilities, int Best)
{
    public string BestCandidate => Candidates[Best];
}

/// <summary>
/// Scores a fixed set of answers (e.g. colour words) as continuations of prompts, without sampling:
/// the argmax over the candidates is the model's answer. A candidate of several tokens is scored by the
/// sum of its tokens' log-probabilities, each conditioned on the prompt and the candidate's earlier tokens.
/// </summary>
public sealed class CandidateScorer(DecoderLM model, ITokenizer tokenizer)
{
    /// <param name="candidates">answers as text; each is encoded on its own, as a reply is (see <see cref="ChatFormat"/>).</param>
    public IReadOnlyList<CandidateScores> Score(IReadOnlyList<int[]> prompts, IReadOnlyList<string> candidates, int batchSize = 16)
    {
        var candidateIds = candidates.Select(c => tokenizer.Encode(c)).ToArray();
        for (int c = 0; c < candidates.Count; c++)
            if (candidateIds[c].Length == 0) throw new SelGenException($"candidate {c} ('{candidates[c]}') encodes to no tokens");
        return Score(prompts, candidateIds, candidates, batchSize);
    }

    /// <summary>Scores candidates given as token ids; <paramref name="names"/> label them in the result (default: their decoded text).</summary>
    public IReadOnlyList<CandidateScores> Score(IReadOnlyList<int[]> prompts, IReadOnlyList<int[]> candidateIds, IReadOnlyList<string>? names = null, int batchSize = 16)
    {
        if (candidateIds.Count == 0) throw new SelGenException("no candidates to score");
        if (candidateIds.Any(c => c.Length == 0)) throw new SelGenException("a candidate has no tokens");
        if (prompts.Any(p => p.Length == 0)) throw new SelGenException("a prompt has no tokens; scoring needs at least one token to condition on");
        if (prompts.Concat(candidateIds).SelectMany(ids => ids).Any(id => id < 0 || id >= model.Config.VocabSize))
            throw new SelGenException($"a prompt or candidate has a token id outside the model's vocabulary (0..{model.Config.VocabSize - 1})");
        var labels = names ?? candidateIds.Select(ids => tokenizer.Decode(ids, skipSpecialTokens: false)).ToList();
        var sums = new double[prompts.Count][];
        bool wasTraining = model.training;
        model.eval();
        try
        {
            using var _ = no_grad();
            // Every (prompt, candidate) pair is one right-padded sequence; under causal attention the
            // padding after a sequence cannot change its logits, so no mask is needed.
            var pairs = Enumerable.Range(0, prompts.Count).SelectMany(p => Enumerable.Range(0, candidateIds.Count).Select(c => (p, c))).ToList();
            foreach (var p in Enumerable.Range(0, prompts.Count)) sums[p] = new double[candidateIds.Count];
            for (int start = 0; start < pairs.Count; start += batchSize)
            {
                var chunk = pairs.Skip(start).Take(batchSize).ToList();
                var scores = ScoreChunk(chunk.Select(x => (prompts[x.p], candidateIds[x.c])).ToList());
                for (int k = 0; k < chunk.Count; k++) sums[chunk[k].p][chunk[k].c] = scores[k];
            }
        }
        finally
        {
            model.train(wasTraining);
        }
        return sums.Select(s => Summarise(labels, s)).ToList();
    }

    double[] ScoreChunk(List<(int[] Prompt, int[] Candidate)> items)
    {
        using var scope = NewDisposeScope();
        int width = items.Max(i => i.Prompt.Length + i.Candidate.Length) - 1;  // the last candidate token is never an input
        var data = new long[items.Count * width];
        for (int k = 0; k < items.Count; k++)
        {
            var sequence = items[k].Prompt.Concat(items[k].Candidate).Take(width).ToArray();
            for (int j = 0; j < sequence.Length; j++) data[k * width + j] = sequence[j];
        }
        using var ids = tensor(data, [items.Count, width], device: model.Device);                               // (N, W)
        var logProbs = model.forward(new ModelInput(ids)).Logits.to_type(ScalarType.Float32).log_softmax(-1);   // (N, W, V)
        var result = new double[items.Count];
        for (int k = 0; k < items.Count; k++)
        {
            var (prompt, candidate) = items[k];
            var positions = tensor(Enumerable.Range(prompt.Length - 1, candidate.Length).Select(i => (long)i).ToArray(), device: model.Device);
            var targets = tensor(candidate.Select(i => (long)i).ToArray(), device: model.Device).unsqueeze(1);
            result[k] = logProbs[k].index_select(0, positions).gather(1, targets).sum().to_type(ScalarType.Float64).item<double>();
        }
        return result;
    }

    static CandidateScores Summarise(IReadOnlyList<string> candidates, double[] logProbs)
    {
        double max = logProbs.Max();
        var weights = logProbs.Select(l => Math.Exp(l - max)).ToArray();
        double total = weights.Sum();
        return new CandidateScores(candidates, logProbs, weights.Select(w => w / total).ToArray(), Array.IndexOf(logProbs, max));
    }
}
