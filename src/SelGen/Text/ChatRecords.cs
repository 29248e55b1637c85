using System.Text.Json.Serialization;
using SelGen.IO;

namespace SelGen.Text;

/// <summary>A JSONL record that carries a conversation; the record type declares whichever other fields it allows.</summary>
public interface IChatRecord
{
    IReadOnlyList<ChatMessage> Messages { get; }
}

/// <summary>A record with only <c>messages</c>: any other field is an error.</summary>
public sealed record ChatRecord([property: JsonPropertyName("messages")] IReadOnlyList<ChatMessage> Messages) : IChatRecord;

/// <summary>Reads conversation files strictly: every problem names the file and line, and no record is skipped.</summary>
public static class ChatJsonl
{
    /// <param name="ending">what each conversation's last turn must be (assistant for training data, user for prompts).</param>
    public static IReadOnlyList<(int Line, T Record)> Read<T>(string path, Conversation.Ending ending = Conversation.Ending.Any) where T : IChatRecord
    {
        var records = new List<(int, T)>();
        foreach (var (line, record) in Jsonl.Read<T>(path))
        {
            if (record.Messages is null) throw new SelGenException($"{path}:{line}: required field 'messages' is missing");
            for (int i = 0; i < record.Messages.Count; i++)
                if (record.Messages[i] is null) throw new SelGenException($"{path}:{line}: messages[{i}] is null; expected {{\"role\": ..., \"content\": ...}}");
            Conversation.Validate(record.Messages, ending, $"{path}:{line}");
            records.Add((line, record));
        }
        return records;
    }

    public static IReadOnlyList<IReadOnlyList<ChatMessage>> ReadConversations(string path, Conversation.Ending ending = Conversation.Ending.Any) =>
        Read<ChatRecord>(path, ending).Select(r => r.Record.Messages).ToList();
}
