using SelGen.Text;
using Xunit;

namespace SelGen.Tests.Text;

/// <summary>
/// Expected strings are written by hand from the chat templates in the models' tokenizer_config.json
/// (Qwen3 with enable_thinking=false; Gemma 3); expected ids are transformers.js's encoding of those strings.
/// </summary>
public sealed class ChatFormatTests
{
    static readonly ChatMessage[] WithSystem =
    [
        new(ChatMessage.System, "You are helpful."),
        new(ChatMessage.User, "What is 2+2?"),
        new(ChatMessage.Assistant, "4"),
    ];

    static readonly ChatMessage[] TwoTurns =
    [
        new(ChatMessage.User, "Hi"),
        new(ChatMessage.Assistant, "Hello!"),
        new(ChatMessage.User, "Bye"),
        new(ChatMessage.Assistant, "\nGoodbye."),
    ];

    static readonly WorldTokenizer World = WorldTokenizer.Build(["What is 2+2? 4 Hello! Bye Goodbye."]);

    [Fact]
    public void World_format_renders_turns_between_control_tokens()
    {
        var format = new WorldChatFormat(World);
        Assert.Equal("<|bos|><|system|>You are helpful.<|end|><|user|>What is 2+2?<|end|><|assistant|>4<|end|>", format.RenderText(WithSystem, addGenerationPrompt: false));
        Assert.Equal("<|bos|><|system|>You are helpful.<|end|><|user|>What is 2+2?<|end|><|assistant|>", format.RenderText(WithSystem[..2], addGenerationPrompt: true));
        Assert.Equal(World.Encode(format.RenderText(TwoTurns, false)), format.Render(TwoTurns).Ids);
    }

    [Fact]
    public void Only_assistant_content_and_its_end_of_turn_are_trained_by_default()
    {
        var format = new WorldChatFormat(World);
        var rendered = format.Render(TwoTurns);
        var trainedIds = rendered.Ids.Where((_, i) => rendered.Trained[i]).ToArray();
        Assert.Equal("Hello!<|end|>\nGoodbye.<|end|>", World.Decode(trainedIds, skipSpecialTokens: false));
        Assert.Equal("Hello!".Length + 1 + "\nGoodbye.".Length + 1, rendered.TrainedCount);
    }

    [Fact]
    public void Training_on_everything_marks_every_token()
    {
        var rendered = new WorldChatFormat(World).Render(TwoTurns, TrainOn.All);
        Assert.All(rendered.Trained, Assert.True);
    }

    [Fact]
    public void The_generation_prompt_is_a_token_prefix_of_the_rendered_conversation()
    {
        var format = new WorldChatFormat(World);
        var full = format.Render(WithSystem);
        var prompt = format.GenerationPrompt(WithSystem[..2]);
        Assert.Equal(prompt, full.Ids[..prompt.Length]);
        Assert.All(full.Trained[..prompt.Length], Assert.False);
        Assert.All(full.Trained[prompt.Length..], Assert.True);
    }

    [RealTokenizerFact]
    public void Qwen3_rendering_equals_the_template_with_thinking_disabled()
    {
        var format = new Qwen3ChatFormat(RealTokenizers.Qwen3);
        Assert.Equal(
            "<|im_start|>system\nYou are helpful.<|im_end|>\n<|im_start|>user\nWhat is 2+2?<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n4<|im_end|>\n",
            format.RenderText(WithSystem, addGenerationPrompt: false));
        Assert.Equal(
            "<|im_start|>system\nYou are helpful.<|im_end|>\n<|im_start|>user\nWhat is 2+2?<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n",
            format.RenderText(WithSystem[..2], addGenerationPrompt: true));
        // Only the reply after the last user message carries the empty think block; the template strips its leading newlines.
        Assert.Equal(
            "<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\nHello!<|im_end|>\n<|im_start|>user\nBye<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\nGoodbye.<|im_end|>\n",
            format.RenderText(TwoTurns, addGenerationPrompt: false));
    }

    [RealTokenizerFact]
    public void Qwen3_ids_equal_the_reference_encoding_and_the_mask_covers_the_reply()
    {
        var tokenizer = RealTokenizers.Qwen3;
        var format = new Qwen3ChatFormat(tokenizer);
        var rendered = format.Render(WithSystem);
        Assert.Equal([151644, 8948, 198, 2610, 525, 10950, 13, 151645, 198, 151644, 872, 198, 3838, 374, 220, 17, 10, 17, 30, 151645, 198, 151644, 77091, 198, 151667, 271, 151668, 271, 19, 151645, 198], rendered.Ids);
        Assert.Equal([19, 151645], rendered.Ids.Where((_, i) => rendered.Trained[i]));
        var two = format.Render(TwoTurns);
        Assert.Equal([151644, 872, 198, 13048, 151645, 198, 151644, 77091, 198, 9707, 0, 151645, 198, 151644, 872, 198, 1359, 68, 151645, 198, 151644, 77091, 198, 151667, 271, 151668, 271, 15216, 28374, 13, 151645, 198], two.Ids);
        Assert.Equal("Hello!<|im_end|>Goodbye.<|im_end|>", tokenizer.Decode(two.Ids.Where((_, i) => two.Trained[i]), skipSpecialTokens: false));
        Assert.Equal([151645, 151643], format.StopTokenIds);
    }

    [RealTokenizerFact]
    public void Gemma_rendering_folds_the_system_message_into_the_first_user_turn()
    {
        var format = new GemmaChatFormat(RealTokenizers.Gemma3);
        Assert.Equal(
            "<bos><start_of_turn>user\nYou are helpful.\n\nWhat is 2+2?<end_of_turn>\n<start_of_turn>model\n4<end_of_turn>\n",
            format.RenderText(WithSystem, addGenerationPrompt: false));
        Assert.Equal(
            "<bos><start_of_turn>user\nYou are helpful.\n\nWhat is 2+2?<end_of_turn>\n<start_of_turn>model\n",
            format.RenderText(WithSystem[..2], addGenerationPrompt: true));
        Assert.Equal(
            "<bos><start_of_turn>user\nHi<end_of_turn>\n<start_of_turn>model\nHello!<end_of_turn>\n<start_of_turn>user\nBye<end_of_turn>\n<start_of_turn>model\nGoodbye.<end_of_turn>\n",
            format.RenderText(TwoTurns, addGenerationPrompt: false));
    }

    [RealTokenizerFact]
    public void Gemma_ids_equal_the_reference_encoding_and_the_mask_covers_the_reply()
    {
        var tokenizer = RealTokenizers.Gemma3;
        var format = new GemmaChatFormat(tokenizer);
        var rendered = format.Render(WithSystem);
        Assert.Equal([2, 105, 2364, 107, 3048, 659, 11045, 236761, 108, 3689, 563, 236743, 236778, 236862, 236778, 236881, 106, 107, 105, 4368, 107, 236812, 106, 107], rendered.Ids);
        Assert.Equal([236812, 106], rendered.Ids.Where((_, i) => rendered.Trained[i]));
        var two = format.Render(TwoTurns);
        Assert.Equal([2, 105, 2364, 107, 10979, 106, 107, 105, 4368, 107, 9259, 236888, 106, 107, 105, 2364, 107, 98874, 106, 107, 105, 4368, 107, 116360, 236761, 106, 107], two.Ids);
        var prompt = format.GenerationPrompt(WithSystem[..2]);
        Assert.Equal(rendered.Ids[..prompt.Length], prompt);
        Assert.Equal([106, 1], format.StopTokenIds);
    }

    [RealTokenizerFact]
    public void The_format_is_chosen_from_the_tokenizer()
    {
        Assert.IsType<Qwen3ChatFormat>(ChatFormats.For(RealTokenizers.Qwen3));
        Assert.IsType<GemmaChatFormat>(ChatFormats.For(RealTokenizers.Gemma3));
        Assert.IsType<WorldChatFormat>(ChatFormats.For(World));
    }

    [Theory]
    [InlineData("assistant,user", "messages[0].role is 'assistant'")]
    [InlineData("user,user", "messages[1].role is 'user'")]
    [InlineData("user,assistant,system", "only the first message")]
    [InlineData("system", "no user message")]
    [InlineData("user,bot", "messages[1].role is 'bot'")]
    public void A_conversation_out_of_order_is_rejected_with_the_message_index(string roles, string expected)
    {
        var messages = roles.Split(',').Select(r => new ChatMessage(r, "text")).ToArray();
        var e = Assert.Throws<SelGenException>(() => new WorldChatFormat(World).Render(messages));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Empty_content_and_control_strings_in_content_are_rejected()
    {
        var format = new WorldChatFormat(World);
        var empty = Assert.Throws<SelGenException>(() => format.Render([new(ChatMessage.User, "hi"), new(ChatMessage.Assistant, "  ")]));
        Assert.Contains("messages[1] (assistant) has empty content", empty.Message);
        var control = Assert.Throws<SelGenException>(() => format.Render([new(ChatMessage.User, "hi<|end|>"), new(ChatMessage.Assistant, "ok")], source: "data.jsonl:7"));
        Assert.Contains("data.jsonl:7: messages[0] contains '<|end|>'", control.Message);
    }

    [Fact]
    public void A_generation_prompt_must_end_with_a_user_message()
    {
        var e = Assert.Throws<SelGenException>(() => new WorldChatFormat(World).GenerationPrompt(WithSystem));
        Assert.Contains("must end with a user message", e.Message);
        Assert.Equal(new WorldChatFormat(World).GenerationPrompt(WithSystem[..2]), new WorldChatFormat(World).GenerationPrompt(Conversation.WithoutFinalReply(WithSystem)));
    }
}
