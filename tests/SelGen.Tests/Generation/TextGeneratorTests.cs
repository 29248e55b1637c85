using SelGen.Engine;
using SelGen.Generation;
using SelGen.Text;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace SelGen.Tests.Generation;

public sealed class TextGeneratorTests
{
    static readonly DecoderLM Model = TestModels.Tiny();
    static readonly TextGenerator Generator = new(Model, TestModels.Tokenizer);

    static readonly int[][] Prompts =
    [
        TestModels.Prompt("What colour is the sky?"),
        TestModels.Prompt("The cat"),
        TestModels.Prompt("sat on the mat and the cat sat"),
        TestModels.Prompt("blue"),
    ];

    /// <summary>Greedy decoding by hand: the whole sequence through the model at every step, one prompt at a time.</summary>
    static int[] ReferenceGreedy(int[] prompt, int newTokens)
    {
        var sequence = prompt.ToList();
        using var _ = no_grad();
        for (int i = 0; i < newTokens; i++)
        {
            using var scope = NewDisposeScope();
            var ids = tensor(sequence.Select(t => (long)t).ToArray(), [1, sequence.Count]);
            sequence.Add((int)Model.forward(new ModelInput(ids)).Logits[0, -1].argmax().item<long>());
        }
        return sequence.Skip(prompt.Length).ToArray();
    }

    [Fact]
    public void Cached_greedy_decoding_equals_decoding_without_the_cache()
    {
        var options = new GenerationOptions { MaxNewTokens = 12, BatchSize = 1 };
        var cached = Generator.Generate(Prompts, options);
        var uncached = Generator.Generate(Prompts, options with { UseCache = false });
        for (int i = 0; i < Prompts.Length; i++)
        {
            Assert.Equal(ReferenceGreedy(Prompts[i], 12), cached[i].TokenIds);
            Assert.Equal(cached[i].TokenIds, uncached[i].TokenIds);
            for (int t = 0; t < 12; t++) Assert.Equal(uncached[i].LogProbs[t], cached[i].LogProbs[t], 1e-4);
        }
    }

    [Fact]
    public void A_left_padded_batch_decodes_as_each_prompt_alone()
    {
        var options = new GenerationOptions { MaxNewTokens = 12 };
        var alone = Generator.Generate(Prompts, options with { BatchSize = 1 });
        foreach (var useCache in new[] { true, false })
        {
            var batched = Generator.Generate(Prompts, options with { BatchSize = Prompts.Length, UseCache = useCache });
            for (int i = 0; i < Prompts.Length; i++)
            {
                Assert.Equal(alone[i].TokenIds, batched[i].TokenIds);
                for (int t = 0; t < 12; t++) Assert.Equal(alone[i].LogProbs[t], batched[i].LogProbs[t], 1e-4);
            }
        }
    }

    [Fact]
    public void Sampling_is_reproducible_for_a_seed_and_independent_of_the_batch()
    {
        var options = new GenerationOptions { MaxNewTokens = 16, Temperature = 1.0, TopP = 0.95, Seed = 7 };
        var together = Generator.Generate(Prompts, options with { BatchSize = 4 });
        var again = Generator.Generate(Prompts, options with { BatchSize = 4 });
        var apart = Generator.Generate(Prompts, options with { BatchSize = 1 });
        var otherSeed = Generator.Generate(Prompts, options with { Seed = 8 });
        for (int i = 0; i < Prompts.Length; i++)
        {
            Assert.Equal(together[i].TokenIds, again[i].TokenIds);
            Assert.Equal(together[i].TokenIds, apart[i].TokenIds);
        }
        Assert.NotEqual(together.SelectMany(c => c.TokenIds), otherSeed.SelectMany(c => c.TokenIds));
        Assert.NotEqual(together.SelectMany(c => c.TokenIds), Generator.Generate(Prompts, GenerationOptions.GreedyDecoding(16)).SelectMany(c => c.TokenIds));
    }

    [Fact]
    public void A_tiny_top_p_keeps_only_the_most_likely_token()
    {
        var greedy = Generator.Generate(Prompts, GenerationOptions.GreedyDecoding(10));
        var nucleus = Generator.Generate(Prompts, new GenerationOptions { MaxNewTokens = 10, Temperature = 1.0, TopP = 1e-6, Seed = 3 });
        Assert.Equal(greedy.Select(c => c.TokenIds), nucleus.Select(c => c.TokenIds));
    }

    [Fact]
    public void Each_row_stops_at_its_own_stop_token()
    {
        var free = Generator.Generate(Prompts, GenerationOptions.GreedyDecoding(12));
        int stop = free[0].TokenIds[3];   // a token the first prompt produces at step 4
        var stopped = Generator.Generate(Prompts, GenerationOptions.GreedyDecoding(12) with { StopTokenIds = [stop] });
        for (int i = 0; i < Prompts.Length; i++)
        {
            int first = Array.IndexOf(free[i].TokenIds, stop);
            var expected = first < 0 ? free[i].TokenIds : free[i].TokenIds[..first];
            Assert.Equal(expected, stopped[i].TokenIds);
            Assert.Equal(first < 0 ? FinishReason.Length : FinishReason.Stop, stopped[i].Finish);
            Assert.Equal(TestModels.Tokenizer.Decode(expected), stopped[i].Text);
        }
        Assert.Equal(FinishReason.Stop, stopped[0].Finish);
    }

    [Fact]
    public void Log_probabilities_are_those_of_the_model_at_temperature_one()
    {
        var completion = Generator.Generate([Prompts[1]], new GenerationOptions { MaxNewTokens = 5, Temperature = 0.5, Seed = 1 })[0];
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var sequence = Prompts[1].Concat(completion.TokenIds).Select(t => (long)t).ToArray();
        var logProbs = Model.forward(new ModelInput(tensor(sequence, [1, sequence.Length]))).Logits[0].log_softmax(-1);   // (T, V)
        for (int t = 0; t < completion.TokenIds.Length; t++)
            Assert.Equal(logProbs[Prompts[1].Length - 1 + t, completion.TokenIds[t]].item<float>(), completion.LogProbs[t], 1e-4);
    }

    [Fact]
    public void Chat_generation_stops_at_the_end_of_turn_of_the_format()
    {
        var format = new WorldChatFormat(TestModels.Tokenizer);
        var conversations = new IReadOnlyList<ChatMessage>[] { [new(ChatMessage.User, "What colour is the sky?")] };
        var completion = Generator.GenerateChat(format, conversations, GenerationOptions.GreedyDecoding(20))[0];
        Assert.Equal(format.GenerationPrompt(conversations[0]), completion.PromptIds);
        Assert.DoesNotContain(format.EndOfTurnId, completion.TokenIds);
    }

    [Fact]
    public void Generation_leaves_no_tensor_alive_and_restores_training_mode()
    {
        var options = new GenerationOptions { MaxNewTokens = 8, Temperature = 1.0, Seed = 2, StopTokenIds = [TestModels.Tokenizer.SpecialTokens["<|end|>"]] };
        Generator.Generate(Prompts, options);   // warm-up: lazily created tensors are not leaks
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (int i = 0; i < 3; i++) Generator.Generate(Prompts, options with { Seed = i });
        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);

        var model = TestModels.Tiny(seed: 2);
        model.train();
        new TextGenerator(model, TestModels.Tokenizer).Generate([Prompts[0]], GenerationOptions.GreedyDecoding(2));
        Assert.True(model.training);
    }

    [Fact]
    public void Bad_options_and_prompts_are_rejected()
    {
        Assert.Throws<SelGenException>(() => Generator.Generate(Prompts, new GenerationOptions { TopP = 0 }));
        Assert.Throws<SelGenException>(() => Generator.Generate(Prompts, new GenerationOptions { Temperature = -1 }));
        Assert.Throws<SelGenException>(() => Generator.Generate([[]], new GenerationOptions()));
        Assert.Throws<SelGenException>(() => Generator.Generate([[TestModels.Tokenizer.VocabSize]], new GenerationOptions()));
    }
}
