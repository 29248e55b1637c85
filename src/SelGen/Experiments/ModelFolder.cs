using SelGen.Engine;
using SelGen.Engine.Checkpoints;
using SelGen.Text;
using static TorchSharp.torch;

namespace SelGen.Experiments;

/// <summary>A model with its tokenizer and chat format, as a Hugging Face folder holds them.</summary>
public sealed class ModelBundle(DecoderLM model, ITokenizer tokenizer, IChatFormat format) : IDisposable
{
    public DecoderLM Model { get; } = model;
    public ITokenizer Tokenizer { get; } = tokenizer;
    public IChatFormat Format { get; } = format;

    public void Dispose()
    {
        Model.Dispose();
        (Tokenizer as IDisposable)?.Dispose();
    }
}

/// <summary>Reads and writes a Hugging Face model folder: config.json, model.safetensors, tokenizer.json.</summary>
public static class ModelFolder
{
    public const string TokenizerFileName = "tokenizer.json";

    public static ModelBundle Load(string dir, Device? device = null, ScalarType dtype = ScalarType.Float32, string? chatFormat = null)
    {
        if (!Directory.Exists(dir)) throw new SelGenException($"{dir}: no such model folder (it needs config.json, model.safetensors and tokenizer.json)");
        var tokenizerPath = Path.Combine(dir, TokenizerFileName);
        if (!File.Exists(tokenizerPath)) throw new SelGenException($"{tokenizerPath}: no such file (a model folder needs its tokenizer.json)");
        var tokenizer = TokenizerFile.Load(tokenizerPath);
        var model = HfCheckpoint.LoadModel(dir, device, dtype);
        if (tokenizer.VocabSize > model.Config.VocabSize)
            throw new SelGenException($"{dir}: tokenizer.json has {tokenizer.VocabSize} ids but config.json says vocab_size {model.Config.VocabSize}");
        return new ModelBundle(model, tokenizer, ChatFormats.For(tokenizer, chatFormat));
    }
}
