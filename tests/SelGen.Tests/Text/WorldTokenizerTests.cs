using SelGen.Text;
using Xunit;

namespace SelGen.Tests.Text;

public sealed class WorldTokenizerTests
{
    static readonly WorldTokenizer Tokenizer = WorldTokenizer.Build(
        ["What is F(x, T) for x = [0.123, -2.500] and T = happy? orange", "ice cream, é"],
        ["happy", "orange", "ice cream", "kf4w6ec", "cat"]);

    [Fact]
    public void Encode_then_decode_gives_back_the_text()
    {
        const string text = "What is F(x, T) for x = [0.123, -2.500] and T = ice cream? orange\n";
        Assert.Equal(text, Tokenizer.Decode(Tokenizer.Encode(text)));
    }

    [Fact]
    public void Every_digit_is_its_own_token()
    {
        var ids = Tokenizer.Encode("2024");
        Assert.Equal(["2", "0", "2", "4"], ids.Select(id => Tokenizer.IdToToken(id)));
    }

    [Fact]
    public void A_listed_word_is_one_token_only_where_it_stands_alone()
    {
        Assert.Equal(["orange"], Tokenizer.Encode("orange").Select(id => Tokenizer.IdToToken(id)));
        Assert.Equal(["ice cream", "!"], Tokenizer.Encode("ice cream!").Select(id => Tokenizer.IdToToken(id)));
        Assert.Equal(8, Tokenizer.Encode("category").Length);        // "cat" inside a longer word stays characters
        Assert.Equal(4, Tokenizer.Encode("cat1").Length);            // a digit is a word character: no boundary
        Assert.Equal(["kf4w6ec"], Tokenizer.Encode("kf4w6ec").Select(id => Tokenizer.IdToToken(id)));
    }

    [Fact]
    public void An_unknown_character_becomes_unk_and_is_never_dropped()
    {
        var ids = Tokenizer.Encode("a🙂b");
        Assert.Equal(3, ids.Length);                                 // one code point, one token, even outside the BMP
        Assert.Equal(Tokenizer.UnkId, ids[1]);
        Assert.Equal("a<|unk|>b", Tokenizer.Decode(ids));
    }

    [Fact]
    public void Control_token_text_becomes_the_control_token_and_decoding_can_skip_it()
    {
        var ids = Tokenizer.Encode("<|user|>hi<|end|>");
        Assert.Equal([Tokenizer.SpecialTokens["<|user|>"], Tokenizer.TokenToId("h")!.Value, Tokenizer.TokenToId("i")!.Value, Tokenizer.SpecialTokens["<|end|>"]], ids);
        Assert.Equal("hi", Tokenizer.Decode(ids));
        Assert.Equal("<|user|>hi<|end|>", Tokenizer.Decode(ids, skipSpecialTokens: false));
    }

    [Fact]
    public void Control_tokens_take_the_first_ids_in_a_fixed_order()
    {
        Assert.Equal(WorldTokenizer.ControlTokens, Enumerable.Range(0, WorldTokenizer.ControlTokens.Count).Select(i => Tokenizer.IdToToken(i)));
        Assert.Equal(0, Tokenizer.PadId);
    }

    [Fact]
    public void A_word_without_a_letter_is_rejected()
    {
        var e = Assert.Throws<SelGenException>(() => WorldTokenizer.Build(["x"], ["123"]));
        Assert.Contains("'123'", e.Message);
        Assert.Throws<SelGenException>(() => WorldTokenizer.Build(["x"], ["-dash"]));
    }

    [Fact]
    public void A_saved_tokenizer_loads_back_with_the_same_vocabulary()
    {
        var path = Path.Combine(Path.GetTempPath(), $"selgen-world-{Guid.NewGuid():N}", "tokenizer.json");
        Tokenizer.Save(path);
        var loaded = Assert.IsType<WorldTokenizer>(TokenizerFile.Load(Path.GetDirectoryName(path)!));
        Assert.Equal(Tokenizer.Vocabulary, loaded.Vocabulary);
        Assert.Equal(Tokenizer.Words, loaded.Words);
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
    }

    [Theory]
    [InlineData("What is F(x, T) for x = [0.123, -2.500] and T = happy?")]
    [InlineData("ice cream and ice creamy, orange_juice, orange1, 1orange, éorange, orange!")]
    [InlineData("line one\nline two\n\n  indented\ttab")]
    [InlineData("<|bos|><|system|>sys<|end|><|user|>happy<|end|><|assistant|>orange<|end|>")]
    [InlineData("unknown: 🙂 日本 ß and <|nope|>")]
    [InlineData("")]
    public void The_rust_tokenizers_library_reads_the_saved_file_to_the_same_ids(string text)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"selgen-world-{Guid.NewGuid():N}");
        var path = Path.Combine(dir, "tokenizer.json");
        Tokenizer.Save(path);
        using (var rust = new HfTokenizer(path))
        {
            Assert.Equal(Tokenizer.Encode(text), rust.Encode(text));
            Assert.Equal(Tokenizer.Decode(Tokenizer.Encode(text)), rust.Decode(rust.Encode(text)));
        }
        Directory.Delete(dir, recursive: true);
    }
}
