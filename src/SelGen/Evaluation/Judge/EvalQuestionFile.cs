using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace SelGen.Evaluation.Judge;

/// <summary>
/// Reads evaluation question files in the published YAML format: a list of entries with <c>id</c>, <c>type</c>,
/// <c>paraphrases</c>, <c>samples_per_paraphrase</c>, <c>judge</c>, <c>judge_prompts</c> (<c>aligned</c>,
/// <c>coherent</c>) and optional <c>system</c>. Anchors and aliases (which the files use to share the judge prompts)
/// are resolved. Any defect is a <see cref="SelGenException"/> naming the file, line, entry and field.
/// </summary>
public static class EvalQuestionFile
{
    public static IReadOnlyList<EvalQuestion> Load(string path)
    {
        if (!File.Exists(path)) throw new SelGenException($"{path}: no such question file");
        return Parse(File.ReadAllText(path), path);
    }

    /// <param name="source">The name used in error messages and in <see cref="EvalQuestion.Source"/>.</param>
    public static IReadOnlyList<EvalQuestion> Parse(string yaml, string source)
    {
        var root = ReadRoot(yaml, source);
        var questions = new List<EvalQuestion>();
        var firstSeen = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < root.Children.Count; i++)
        {
            var question = new QuestionEntryReader(root.Children[i], i + 1, source).Read();
            if (!firstSeen.TryAdd(question.Id, question.Source))
                throw new SelGenException($"{question.Source}: question '{question.Id}' (entry {i + 1}): field 'id' repeats the id of " +
                    $"the entry at {firstSeen[question.Id]}; ids must be unique because results are reported per id");
            questions.Add(question);
        }
        return questions;
    }

    static YamlSequenceNode ReadRoot(string yaml, string source)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            var cause = Innermost(e);
            var line = cause is AnchorNotFoundException ? UndefinedAliasLine(yaml) ?? cause.Start.Line : cause.Start.Line;
            throw new SelGenException($"{source}:{line}: invalid YAML: {cause.Message}", e);
        }
        if (stream.Documents.Count == 0)
            throw new SelGenException($"{source}: the file holds no YAML document; expected a list of questions ('- id: ...')");
        if (stream.Documents.Count > 1)
            throw new SelGenException($"{source}:{stream.Documents[1].RootNode.Start.Line}: a second YAML document ('---') starts here; " +
                "put all questions in one list");
        var top = stream.Documents[0].RootNode;
        return top as YamlSequenceNode ?? throw new SelGenException(
            $"{source}:{top.Start.Line}: the top level must be a list of questions ('- id: ...'), found a {top.NodeType.ToString().ToLowerInvariant()}");
    }

    /// <summary>
    /// Where the first alias to an undefined anchor is: YamlStream reports such an alias without a position, so
    /// the events are read again, remembering anchors as they are defined (YAML allows no forward references).
    /// </summary>
    static long? UndefinedAliasLine(string yaml)
    {
        var defined = new HashSet<string>(StringComparer.Ordinal);
        var parser = new Parser(new StringReader(yaml));
        while (parser.MoveNext())
        {
            switch (parser.Current)
            {
                case AnchorAlias alias when !defined.Contains(alias.Value.Value):
                    return alias.Start.Line;
                case NodeEvent { Anchor.IsEmpty: false } node:
                    defined.Add(node.Anchor.Value);
                    break;
            }
        }
        return null;
    }

    static YamlException Innermost(YamlException e) => e.InnerException is YamlException inner ? Innermost(inner) : e;
}
