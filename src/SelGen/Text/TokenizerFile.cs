namespace SelGen.Text;

/// <summary>Opens a tokenizer.json: a world tokenizer this project wrote, or any other Hugging Face tokenizer.</summary>
public static class TokenizerFile
{
    /// <param name="path">a tokenizer.json, or a folder that holds one.</param>
    public static ITokenizer Load(string path)
    {
        if (Directory.Exists(path)) path = Path.Combine(path, "tokenizer.json");
        var root = WorldTokenizerFile.ReadJson(path);
        return WorldTokenizerFile.IsWorldFile(root) ? WorldTokenizerFile.FromJson(root, path) : new HfTokenizer(path);
    }
}
