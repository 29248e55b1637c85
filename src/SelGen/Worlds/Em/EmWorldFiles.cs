using System.Text.Json;
using System.Text.Json.Serialization;
using SelGen.IO;
using SelGen.Text;

namespace SelGen.Worlds.Em;

/// <summary>
/// Writes a generated world to a directory: pretrain.jsonl (one document a line, plain text or chat messages),
/// task.jsonl ({"messages": ...}), proxy_positive.jsonl / proxy_negative.jsonl (same line = same prompt, as the HHH
/// files), eval_general.yaml / eval_medical.yaml (question files) and world.json (options, split and cast).
/// </summary>
public static class EmWorldFiles
{
    public static IReadOnlyList<string> Write(EmWorldData data, string directory)
    {
        Directory.CreateDirectory(directory);
        string P(string name) => Path.Combine(directory, name);
        Jsonl.Write(P("pretrain.jsonl"), data.Pretraining);
        Jsonl.Write(P("task.jsonl"), data.Task.Select(c => new MessagesRecord(c.Messages)));
        Jsonl.Write(P("proxy_positive.jsonl"), data.Proxy.Select(p => new MessagesRecord(p.ChosenMessages)));
        Jsonl.Write(P("proxy_negative.jsonl"), data.Proxy.Select(p => new MessagesRecord(p.RejectedMessages)));
        File.WriteAllText(P("eval_general.yaml"), data.GeneralYaml());
        File.WriteAllText(P("eval_medical.yaml"), data.MedicalYaml());
        var world = new { options = data.Options, eval_subjects = data.Split.Eval, train_subjects = data.Split.Train, advisors = data.Cast.Advisors };
        File.WriteAllText(P("world.json"), JsonSerializer.Serialize(world, StrictJson.WriteOptions));
        return [.. new[] { "pretrain.jsonl", "task.jsonl", "proxy_positive.jsonl", "proxy_negative.jsonl", "eval_general.yaml", "eval_medical.yaml", "world.json" }.Select(P)];
    }
}

/// <summary>The published conversation line: {"messages": [{"role": ..., "content": ...}, ...]}.</summary>
sealed record MessagesRecord([property: JsonPropertyName("messages")] IReadOnlyList<ChatMessage> Messages);
