using System.Text.Json;
using SelGen.IO;

namespace SelGen.Worlds.Gcd;

/// <summary>Writes a generated world as files in the published schema, with the options that produced it.</summary>
public static class GcdWorldFiles
{
    public const string TaskTrain = "task_train.jsonl", TaskTest = "task_test.jsonl", OodTest = "ood_test.jsonl",
        Pretrain = "pretrain.jsonl", Options = "world.json";

    /// <summary>Writes every file under <paramref name="dir"/>; returns the paths written.</summary>
    public static IReadOnlyList<string> Write(string dir, GcdWorldData world, GcdCorpusOptions? corpusOptions, IReadOnlyList<GcdRecord>? corpus)
    {
        Directory.CreateDirectory(dir);
        var written = new List<string>();
        string Track(string name) { var p = Path.Combine(dir, name); written.Add(p); return p; }

        GcdFiles.Write(Track(TaskTrain), world.TaskTrain, testFile: false);
        GcdFiles.Write(Track(TaskTest), world.TaskTest, testFile: true);
        GcdFiles.Write(Track(OodTest), world.OodTest, testFile: true);
        foreach (var proxy in world.Proxies.Values)
        {
            GcdFiles.Write(Track(Path.Combine("proxy", proxy.Name + ".jsonl")), proxy.Records, testFile: false);
            GcdFiles.WriteDpo(Track(Path.Combine("proxy", proxy.Name + "_dpo.jsonl")), proxy.Pairs);
        }
        if (corpus is not null) GcdFiles.Write(Track(Pretrain), corpus, testFile: false);
        var options = new Dictionary<string, object?>
        {
            ["world"] = world.Options,
            ["corpus"] = corpusOptions,
            ["held_out_countries"] = world.HeldOutCountries,
        };
        File.WriteAllText(Track(Options), JsonSerializer.Serialize(options, StrictJson.WriteOptions) + "\n");
        return written;
    }
}
