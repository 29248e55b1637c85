using System.Diagnostics;
using SelGen.Engine;
using SelGen.Generation;
using SelGen.Text;
using static TorchSharp.torch;

namespace SelGen.Bench;

/// <summary>Generated tokens per second of a preset model with and without the KV cache.</summary>
/// <param name="CachedTokensPerSecond">batch × new tokens / wall time, prefill included.</param>
public sealed record GenerationBenchmarkResult(
    string Preset, int Batch, int PromptLength, int NewTokens, int Threads, int VocabSize,
    double CachedSeconds, double UncachedSeconds, double CachedTokensPerSecond, double UncachedTokensPerSecond);

public static class GenerationBenchmark
{
    /// <summary>
    /// Greedy decoding of <paramref name="newTokens"/> tokens (no stop token) for <paramref name="batch"/> random
    /// prompts of <paramref name="promptLength"/> tokens, after one untimed warm-up pass. The vocabulary is a
    /// world tokenizer's (characters of printable ASCII plus control tokens); the model is freshly
    /// initialised, as speed does not depend on the weights. torch's thread count is restored afterwards.
    /// </summary>
    public static GenerationBenchmarkResult Run(string preset, int batch, int promptLength, int newTokens, int threads)
    {
        if (batch < 1 || promptLength < 1 || newTokens < 1 || threads < 1)
            throw new SelGenException("batch, prompt length, new tokens and threads must all be at least 1");
        int previousThreads = get_num_threads();
        set_num_threads(threads);
        try
        {
            var tokenizer = WorldTokenizer.Build([]);
            int vocabSize = tokenizer.VocabSize;
            using var model = new DecoderLM(Presets.Get(preset, vocabSize));
            var random = new Random(0);
            var prompts = Enumerable.Range(0, batch).Select(_ => Enumerable.Range(0, promptLength).Select(_ => random.Next(vocabSize)).ToArray()).ToList();
            var generator = new TextGenerator(model, tokenizer);
            var options = new GenerationOptions { MaxNewTokens = newTokens, BatchSize = batch, StopTokenIds = [] };
            double Time(bool useCache)
            {
                generator.Generate(prompts, options with { UseCache = useCache, MaxNewTokens = Math.Min(2, newTokens) });
                var watch = Stopwatch.StartNew();
                var results = generator.Generate(prompts, options with { UseCache = useCache });
                watch.Stop();
                if (results.Any(r => r.TokenIds.Length != newTokens)) throw new InvalidOperationException("a benchmark row stopped early");
                return watch.Elapsed.TotalSeconds;
            }
            double cached = Time(useCache: true), uncached = Time(useCache: false);
            double tokens = (double)batch * newTokens;
            return new GenerationBenchmarkResult(preset, batch, promptLength, newTokens, threads, vocabSize, cached, uncached, tokens / cached, tokens / uncached);
        }
        finally
        {
            set_num_threads(previousThreads);
        }
    }
}
