using System.Diagnostics;
using System.Text.Json.Nodes;
using SelGen.Engine;
using SelGen.Engine.Checkpoints;
using SelGen.Tests.Bench;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace SelGen.Tests.Engine;

/// <summary>
/// Each architecture, saved as a Hugging Face folder, gives the same logits and the same greedy continuations
/// (with and without the KV cache) in SelGen and in bench/pytorch_reference.py, an eager PyTorch implementation
/// written from the Hugging Face model definitions whose sliding layers keep a rolling cache of window - 1 keys.
/// Prompts are longer than the window. Skipped, saying why, where /usr/bin/python3 cannot import torch.
/// </summary>
public class ModelFamilyReferenceTests(ITestOutputHelper output)
{
    const int PromptLength = 10, NewTokens = 8;

    [PyTorchTheory]
    [Trait("Category", "Slow")]
    [InlineData("gemma2")]
    [InlineData("gemma3_text")]
    [InlineData("llama3")]
    [InlineData("mistral")]
    public void Random_checkpoint_decodes_as_the_pytorch_reference_does(string architecture)
    {
        using var scope = NewDisposeScope();
        using var model = ModelFamilies.Random(architecture);
        model.eval();
        var dir = TestModels.TempDir();
        HfCheckpoint.Save(model, dir);
        var prompts = TestModels.RandomIds(batch: 2, length: PromptLength);
        var reference = RunDecode(dir, prompts);

        using (no_grad())
        {
            var ours = model.Logits(prompts).contiguous().data<float>().ToArray();
            var theirs = reference["logits"]!.AsArray().Select(n => n!.GetValue<double>()).ToArray();
            Assert.Equal(ours.Length, theirs.Length);
            double worst = ours.Zip(theirs, (a, b) => Math.Abs(a - b)).Max();
            output.WriteLine($"{architecture}: largest logit difference {worst:E2} over {ours.Length} logits");
            Assert.True(worst < 1e-4, $"{architecture}: largest logit difference {worst:E2}");
        }
        foreach (var (name, useCache) in new[] { ("uncached", false), ("cached", true) })
        {
            var (tokens, stepLogits) = ModelFamilies.Greedy(model, prompts, NewTokens, useCache);
            Assert.Equal(Rows(reference[name]!), tokens);
            // Every decoding step's logits, not only the chosen tokens: a random model often repeats one token.
            var theirs = reference[name + "_step_logits"]!.AsArray().Select(n => n!.GetValue<double>()).ToArray();
            Assert.Equal(theirs.Length, stepLogits.Length);
            double worst = stepLogits.Zip(theirs, (a, b) => Math.Abs(a - b)).Max();
            output.WriteLine($"{architecture} {name}: greedy {string.Join(" | ", tokens.Select(r => string.Join(" ", r)))}; largest step-logit difference {worst:E2}");
            Assert.True(worst < 1e-4, $"{architecture} {name}: largest step-logit difference {worst:E2}");
        }
        Directory.Delete(dir, recursive: true);
    }

    static long[][] Rows(JsonNode node) => node.AsArray().Select(r => r!.AsArray().Select(v => v!.GetValue<long>()).ToArray()).ToArray();

    static JsonObject RunDecode(string dir, Tensor prompts)
    {
        var reference = PyTorchAvailable.Reference;
        var rows = string.Join(",", Enumerable.Range(0, (int)prompts.shape[0]).Select(b => string.Join(" ", prompts[b].data<long>().ToArray())));
        var start = new ProcessStartInfo(reference.Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { reference.Script, "decode", "--model", dir, "--ids", rows, "--new-tokens", NewTokens.ToString() }) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"pytorch_reference.py decode failed: {stderr.Result}");
        return JsonNode.Parse(stdout.Trim().Split('\n')[^1])!.AsObject();
    }
}
