using SelGen.Experiments;
using SelGen.Generation;
using SelGen.Text;

namespace SelGen.Tests.Gcd;

public class ShippedModelTests
{
    static string ModelDir()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "models", "gcd-small");
            if (File.Exists(Path.Combine(candidate, "model.safetensors"))) return candidate;
        }
        throw new InvalidOperationException("models/gcd-small not found above the test assembly");
    }

    [Fact]
    public void The_shipped_gcd_base_model_loads_and_answers_a_capital_question()
    {
        using var bundle = ModelFolder.Load(ModelDir());
        Assert.Equal("world", bundle.Format.Name);
        Assert.Equal(2_382_144, bundle.Model.Config.ParameterCount());
        var reply = new TextGenerator(bundle.Model, bundle.Tokenizer).GenerateChat(bundle.Format,
            [[new ChatMessage(ChatMessage.User, "What is the capital of France?")]], GenerationOptions.GreedyDecoding(60))[0];
        Assert.Contains("Paris", reply.Text);
    }
}
