using YamlDotNet.Core;
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
            throw new SelGenException($"{source}:{e.Start.Line}: invalid YAML: {Innermost(e).Message}", e);
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

    static Exception Innermost(Exception e) => e.InnerException is YamlException inner ? Innermost(inner) : e;
}
