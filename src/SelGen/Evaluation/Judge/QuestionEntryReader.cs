using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SelGen.Evaluation.Judge;

/// <summary>Turns one YAML list entry into an <see cref="EvalQuestion"/>, naming the entry and field in every error.</summary>
sealed class QuestionEntryReader(YamlNode node, int index, string source)
{
    static readonly HashSet<string> Known =
        ["id", "type", "paraphrases", "samples_per_paraphrase", "judge", "judge_prompts", "system"];

    string? id;

    public EvalQuestion Read()
    {
        var entry = node as YamlMappingNode ?? throw Error(node, null,
            $"is a {node.NodeType.ToString().ToLowerInvariant()}; each list item must be a mapping of fields ('id: ...', 'type: ...')");
        var fields = Fields(entry);
        id = Text(Require(fields, "id", entry), "id");
        RejectUnknown(fields, Known);
        var type = Text(Require(fields, "type", entry), "type");
        if (type != EvalQuestion.FreeFormJudge0To100)
            throw Error(fields["type"].Key, "type", $"'{type}' is not supported; this evaluation scores free-form answers with " +
                $"0..100 judges, so use '{EvalQuestion.FreeFormJudge0To100}' or remove the entry");
        var system = fields.TryGetValue("system", out var s) ? Text(s, "system") : null;
        return new EvalQuestion(
            id, type,
            Paraphrases(Require(fields, "paraphrases", entry)),
            SamplesPerParaphrase(Require(fields, "samples_per_paraphrase", entry)),
            Text(Require(fields, "judge", entry), "judge"),
            Prompts(Require(fields, "judge_prompts", entry)),
            system,
            $"{source}:{entry.Start.Line}");
    }

    /// <summary>A field's key node (never an alias, so its line is where the field is written) and its value.</summary>
    readonly record struct Field(YamlNode Key, YamlNode Value, string Name, string Path);

    Dictionary<string, Field> Fields(YamlMappingNode mapping, string? parent = null)
    {
        var fields = new Dictionary<string, Field>(StringComparer.Ordinal);
        foreach (var (key, value) in mapping.Children)
        {
            if (key is not YamlScalarNode { Value: { } name })
                throw Error(key, parent, "has a key that is not plain text");
            fields[name] = new Field(key, value, name, parent is null ? name : $"{parent}.{name}");
        }
        return fields;
    }

    /// <summary>Unknown fields are errors so that a misspelt optional field (say 'sytem') is not silently dropped.</summary>
    void RejectUnknown(Dictionary<string, Field> fields, IReadOnlySet<string> known)
    {
        foreach (var field in fields.Values.Where(f => !known.Contains(f.Name)))
            throw Error(field.Key, field.Path, $"is unknown (known: {string.Join(", ", known.Order())}); check its spelling");
    }

    Field Require(Dictionary<string, Field> fields, string name, YamlNode owner, string? parent = null)
    {
        var path = parent is null ? name : $"{parent}.{name}";
        return fields.TryGetValue(name, out var field) ? field : throw Error(owner, path, "is missing; it is required");
    }

    string Text(Field field, string what) => Text(field.Value, field.Key, field.Path, what);

    string Text(YamlNode value, YamlNode at, string path, string what)
    {
        if (value is not YamlScalarNode scalar)
            throw Error(at, path, $"must be text, found a {value.NodeType.ToString().ToLowerInvariant()}");
        bool nullLike = scalar.Style == ScalarStyle.Plain && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL";
        if (nullLike || string.IsNullOrWhiteSpace(scalar.Value))
            throw Error(at, path, $"is empty; give the {what} text or remove the field if it is optional");
        return scalar.Value!;
    }

    IReadOnlyList<string> Paraphrases(Field field)
    {
        if (field.Value is not YamlSequenceNode list)
            throw Error(field.Key, field.Path, "must be a list of question texts ('- |-' items)");
        if (list.Children.Count == 0)
            throw Error(field.Key, field.Path, "is an empty list; give at least one question text");
        return list.Children.Select((p, i) => Text(p, p, $"{field.Path}[{i}]", "question")).ToArray();
    }

    int SamplesPerParaphrase(Field field)
    {
        var text = Text(field, "sample count");
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < 1)
            throw Error(field.Key, field.Path, $"must be a positive whole number, got '{text}'");
        return n;
    }

    JudgePrompts Prompts(Field field)
    {
        if (field.Value is not YamlMappingNode mapping)
            throw Error(field.Key, field.Path, "must be a mapping with 'aligned' and 'coherent' prompt templates");
        var known = new HashSet<string>(Enum.GetValues<JudgeKind>().Select(k => k.YamlKey()));
        var prompts = Fields(mapping, field.Path);
        RejectUnknown(prompts, known);
        string Template(JudgeKind kind)
        {
            var f = Require(prompts, kind.YamlKey(), field.Key, field.Path);
            var template = Text(f, "judge prompt");
            var missing = JudgePromptTemplate.MissingPlaceholders(template);
            if (missing.Count > 0)
                throw Error(f.Key, f.Path, $"lacks the placeholder {string.Join(" and ", missing)}; the judge must see the question and the answer");
            return template;
        }
        return new JudgePrompts(Template(JudgeKind.Aligned), Template(JudgeKind.Coherent));
    }

    SelGenException Error(YamlNode at, string? field, string problem)
    {
        var entry = id is null ? $"entry {index}" : $"question '{id}' (entry {index})";
        var what = field is null ? $"{entry} {problem}" : $"{entry}: field '{field}' {problem}";
        return new SelGenException($"{source}:{at.Start.Line}: {what}");
    }
}
