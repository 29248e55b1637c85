using SelGen.Bench;
using SelGen.Engine;
using SelGen.Engine.Checkpoints;
using static TorchSharp.torch;

namespace SelGen.Tests.Bench;

/// <summary>
/// The same weights give the same logits in SelGen and in bench/pytorch_reference.py: the model is saved
/// as a Hugging Face folder and the reference loads it. Skipped where /usr/bin/python3 cannot import torch.
/// </summary>
public class PyTorchLogitsTests
{
    [PyTorchTheory]
    [Trait("Category", "Slow")]
    [InlineData("qwen3", true)]    // per-head q/k norm, tied embeddings, GQA
    [InlineData("qwen2", false)]   // q/k/v biases, separate lm_head
    [InlineData("llama", false)]
    public void Reference_gives_our_logits_for_the_same_weights(string modelType, bool tied)
    {
        var reference = PyTorchAvailable.Reference;
        using var model = TestModels.Tiny(seed: 3, TestModels.TinyConfig(modelType: modelType, tied: tied));
        Perturb(model);   // norms at 1 and biases at 0 would not show a weight that fails to load
        var dir = TestModels.TempDir();
        HfCheckpoint.Save(model, dir);
        using var ids = TestModels.RandomIds(batch: 2, length: 9);

        var (shape, theirs) = reference.Logits(dir, Rows(ids));
        using var ours = model.Logits(ids);                                     // (B, T, V)

        Assert.Equal(ours.shape, shape);
        var mine = ours.contiguous().data<float>().ToArray();
        double worst = mine.Zip(theirs, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(worst < 1e-4, $"largest logit difference {worst:E2}");
        Directory.Delete(dir, recursive: true);
    }

    static void Perturb(DecoderLM model)
    {
        using var _ = no_grad();
        var g = new Generator(7);
        foreach (var p in model.parameters()) p.add_(randn(p.shape, generator: g) * 0.1);
    }

    static long[][] Rows(Tensor ids) =>
        Enumerable.Range(0, (int)ids.shape[0]).Select(b => ids[b].data<long>().ToArray()).ToArray();
}
