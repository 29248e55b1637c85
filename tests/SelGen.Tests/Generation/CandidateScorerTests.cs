using SelGen.Engine;
using SelGen.Generation;
using Xunit;
using static TorchSharp.torch;

namespace SelGen.Tests.Generation;

public sealed class CandidateScorerTests
{
    static readonly DecoderLM Model = TestModels.Tiny();
    static readonly int[][] Prompts = [TestModels.Prompt("What colour is the sky? "), TestModels.Prompt("The cat is ")];

    static float[] NextLogProbs(int[] sequence)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var ids = tensor(sequence.Select(t => (long)t).ToArray(), [1, sequence.Length]);
        return Model.forward(new ModelInput(ids)).Logits[0, -1].log_softmax(-1).data<float>().ToArray();
    }

    [Fact]
    public void Single_token_candidates_score_their_next_token_log_probability()
    {
        string[] colours = ["blue", "orange", "green"];   // whole-word tokens of the test tokenizer
        var scores = new CandidateScorer(Model, TestModels.Tokenizer).Score(Prompts, colours);
        for (int p = 0; p < Prompts.Length; p++)
        {
            var expected = NextLogProbs(Prompts[p]);
            for (int c = 0; c < colours.Length; c++)
                Assert.Equal(expected[TestModels.Tokenizer.TokenToId(colours[c])!.Value], scores[p].LogProbs[c], 1e-4);
            Assert.Equal(1.0, scores[p].Probabilities.Sum(), 1e-9);
            Assert.Equal(scores[p].LogProbs.Max(), scores[p].LogProbs[scores[p].Best]);
        }
    }

    [Fact]
    public void A_candidate_of_several_tokens_scores_the_sum_of_its_tokens()
    {
        var scores = new CandidateScorer(Model, TestModels.Tokenizer).Score(Prompts, ["sat", "blue"], batchSize: 3);
        var sat = TestModels.Tokenizer.Encode("sat");
        Assert.Equal(3, sat.Length);
        for (int p = 0; p < Prompts.Length; p++)
        {
            double expected = 0;
            var sequence = Prompts[p].ToList();
            foreach (var token in sat)
            {
                expected += NextLogProbs(sequence.ToArray())[token];
                sequence.Add(token);
            }
            Assert.Equal(expected, scores[p].LogProbs[0], 1e-4);
        }
    }

    [Fact]
    public void Candidates_given_as_token_ids_score_as_their_text_does()
    {
        var scorer = new CandidateScorer(Model, TestModels.Tokenizer);
        string[] words = ["blue", "sat"];
        var byText = scorer.Score(Prompts, words);
        var byIds = scorer.Score(Prompts, words.Select(w => TestModels.Tokenizer.Encode(w)).ToList());
        for (int p = 0; p < Prompts.Length; p++)
        {
            Assert.Equal(byText[p].LogProbs, byIds[p].LogProbs);
            Assert.Equal(words, byIds[p].Candidates);
        }
    }
}
