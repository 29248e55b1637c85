using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace SelGen.Experiments;

/// <summary>
/// The base model's evaluation, shared by every sweep that starts from the same model with the same setting:
/// the first sweep evaluates it and files its folder (metrics.json and the replies) under a key; later ones
/// copy it. The key hashes everything the evaluation depends on: the model folder's files, the setting
/// object, the evaluation seed, and the build of this library (its module version id, which changes with any
/// change of code, committed or not). The cache lives in $SELGEN_CACHE_DIR, else $XDG_CACHE_HOME/selgen,
/// else ~/.cache/selgen; deleting it only costs a re-evaluation.
/// </summary>
public static class BaseEvaluationCache
{
    public static string Root =>
        Environment.GetEnvironmentVariable("SELGEN_CACHE_DIR") is { Length: > 0 } dir ? dir
        : Path.Combine(Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"), "selgen");

    /// <summary>Fills <paramref name="dir"/> from the cache, or by <paramref name="evaluate"/> (which writes it) and then files a copy.</summary>
    public static void Fill(string dir, string modelDir, JsonObject setting, int seed, Action<string> evaluate)
    {
        var cached = Path.Combine(Root, "base-evaluations", Key(modelDir, setting, seed));
        if (File.Exists(Path.Combine(cached, RunExecutor.MetricsFile)))
        {
            Copy(cached, dir);
            return;
        }
        evaluate(dir);
        try
        {
            var temporary = cached + "." + Environment.ProcessId + ".tmp";
            Copy(dir, temporary);
            Directory.CreateDirectory(Path.GetDirectoryName(cached)!);
            Directory.Move(temporary, cached);
        }
        catch (IOException)
        {
            // Another sweep filed it first, or the cache is not writable: this sweep has its result either way.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    static string Key(string modelDir, JsonObject setting, int seed)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Files(string folder)
        {
            foreach (var file in Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                hash.AppendData(Encoding.UTF8.GetBytes(Path.GetRelativePath(folder, file) + "\n"));
                using var stream = File.OpenRead(file);
                hash.AppendData(SHA256.HashData(stream));
            }
        }
        Files(modelDir);
        // A data folder is hashed by content (its path alone would not see files that changed in place).
        if (setting["data_dir"] is JsonValue data && data.TryGetValue<string>(out var dataDir) && Directory.Exists(dataDir)) Files(dataDir);
        var identity = new JsonObject
        {
            ["setting"] = setting.DeepClone(),
            ["seed"] = seed,
            ["build"] = typeof(BaseEvaluationCache).Assembly.ManifestModule.ModuleVersionId.ToString(),
        };
        hash.AppendData(Encoding.UTF8.GetBytes(CanonicalJson.Write(identity)));
        return Convert.ToHexStringLower(hash.GetHashAndReset(), 0, 16);
    }

    static void Copy(string from, string to)
    {
        foreach (var folder in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, folder)));
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)), overwrite: true);
    }
}
