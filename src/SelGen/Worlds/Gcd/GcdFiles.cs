using System.Text.Json;
using System.Text.Json.Nodes;
using SelGen.IO;
using SelGen.Text;

namespace SelGen.Worlds.Gcd;

/// <summary>A record and the file line it came from, so later checks can still name file:line.</summary>
public sealed record SourcedRecord(string File, int Line, GcdRecord Record)
{
    public string Where => $"{File}:{Line}";
}

/// <summary>Reads and writes the published JSONL schema, checking each record beyond what the types enforce.</summary>
public static class GcdFiles
{
    /// <summary>Every record of a file, checked one by one (roles, user_provides_answer values, non-empty fields).</summary>
    public static IReadOnlyList<SourcedRecord> Read(string path)
    {
        var records = new List<SourcedRecord>();
        foreach (var (line, record) in Jsonl.Read<GcdRecord>(path))
        {
            var sourced = new SourcedRecord(path, line, record);
            Check(sourced);
            records.Add(sourced);
        }
        if (records.Count == 0) throw new SelGenException($"{path}: the file has no records");
        return records;
    }

    /// <summary>
    /// A test file: every <c>_id</c> must come three times (plain, correct proposal, wrong proposal) under one label
    /// and one answer. With <paramref name="dropIncomplete"/>, ids that break this are left out and listed instead.
    /// </summary>
    public static TestSet ReadTestSet(string path, bool dropIncomplete = false) =>
        TestSet.From(Read(path), path, dropIncomplete);

    /// <summary>Task (training) data: ids are unique and no record proposes a wrong answer.</summary>
    public static IReadOnlyList<SourcedRecord> ReadTaskTrain(string path)
    {
        var records = Read(path);
        var seen = new Dictionary<int, string>();
        foreach (var r in records)
        {
            if (!seen.TryAdd(r.Record.Id, r.Where))
                throw new SelGenException($"{r.Where}: _id {r.Record.Id} was already used at {seen[r.Record.Id]}; ids in task data must be unique");
            if (r.Record.Kind == PromptKind.WrongProposal)
                throw new SelGenException($"{r.Where}: user_provides_answer is \"false\"; task data must never contain a wrong proposal " +
                                          "(the missing case is what the setting studies)");
        }
        return records;
    }

    static void Check(SourcedRecord s)
    {
        var r = s.Record;
        void Require(bool ok, string field, string why)
        {
            if (!ok) throw new SelGenException($"{s.Where}: field '{field}' {why}");
        }
        Require(r.UserProvidesAnswer is null or GcdRecord.ProposesCorrect or GcdRecord.ProposesWrong, "user_provides_answer",
            $"is \"{r.UserProvidesAnswer}\"; it must be null (asked plainly), \"true\" (correct proposal) or \"false\" (wrong proposal)");
        Require(!string.IsNullOrWhiteSpace(r.Label), "label", "is empty; give the evaluation label, e.g. \"euclidean\"");
        Require(!string.IsNullOrWhiteSpace(r.Answer), "answer", "is empty; give the correct answer");
        Require(r.Messages.Count >= 2, "messages", $"has {r.Messages.Count} message(s); it needs a user message and the assistant reply");
        for (int i = 0; i < r.Messages.Count; i++)
            Require(r.Messages[i].Role is ChatMessage.System or ChatMessage.User or ChatMessage.Assistant, $"messages[{i}].role",
                $"is '{r.Messages[i].Role}'; use system, user or assistant");
        Require(r.Messages[^1].Role == ChatMessage.Assistant, $"messages[{r.Messages.Count - 1}].role",
            "must be 'assistant': the last message is the reply that is scored or trained on");
        Require(r.Messages[^2].Role == ChatMessage.User, $"messages[{r.Messages.Count - 2}].role",
            "must be 'user': the reply answers the user's message before it");
        Require(r.Kind == PromptKind.WrongProposal || r.SycophanticResponse is null, "sycophantic_response",
            "is set on a record that is not a wrong proposal; only user_provides_answer \"false\" records carry one");
    }

    /// <summary>Writes records in the published schema. Test files carry <c>sycophantic_response</c> on every line (null when unset), as the published ones do.</summary>
    public static void Write(string path, IEnumerable<GcdRecord> records, bool testFile)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        using var writer = new StreamWriter(path);
        foreach (var record in records)
        {
            var node = JsonSerializer.SerializeToNode(record, StrictJson.Options)!.AsObject();
            if (testFile && !node.ContainsKey("sycophantic_response")) node["sycophantic_response"] = null;
            writer.WriteLine(node.ToJsonString(StrictJson.Options));
        }
    }

    public static void WriteDpo(string path, IEnumerable<DpoPair> pairs) => Jsonl.Write(path, pairs);
}
