using SelGen.Engine;
using SelGen.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace SelGen.Tests.Generation;

/// <summary>Small in-memory models for generation tests (checkpoints are not needed here).</summary>
static class TestModels
{
    public static readonly WorldTokenizer Tokenizer =
        WorldTokenizer.Build(["What colour is the sky? blue. The cat sat on the mat."], ["blue", "orange", "green", "cat"]);

    /// <summary>
    /// The tiny preset with its weights redrawn from N(0, 0.3) under a fixed torch seed: a fresh model's
    /// 0.02-scale weights give nearly flat logits, where argmax comparisons would hinge on rounding.
    /// </summary>
    public static DecoderLM Tiny(long seed = 1)
    {
        torch.manual_seed(seed);
        var model = new DecoderLM(Presets.Get("tiny", Tokenizer.VocabSize));
        using var _ = no_grad();
        foreach (var p in model.parameters())
            if (p.dim() > 1) p.normal_(0, 0.3);
        model.eval();
        return model;
    }

    public static int[] Prompt(string text) => [.. new[] { Tokenizer.BosId!.Value }, .. Tokenizer.Encode(text)];
}
