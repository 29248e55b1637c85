using System.Text.Json;
using System.Text.Json.Nodes;
using SelGen.Generation;
using SelGen.IO;
using SelGen.Text;

namespace SelGen.Evaluation.Judge;

/// <summary>How a model answers the questions of published question files (defaults: the study's).</summary>
public sealed record QuestionEvalOptions
{
    /// <summary>Answers per paraphrase; null takes each question's own <c>samples_per_paraphrase</c> (published: 100).</summary>
    public int? SamplesPerParaphrase { get; init; }

    /// <summary>Sampling temperature (published: 1); 0 decodes greedily.</summary>
    public double Temperature { get; init; } = 1.0;

    /// <summary>Answer length limit in tokens (published: 600).</summary>
    public int MaxNewTokens { get; init; } = 600;

    public int BatchSize { get; init; } = 16;

    public long Seed { get; init; }

    public EmMetricsOptions Metrics { get; init; } = new();

    public void Validate()
    {
        if (SamplesPerParaphrase is < 1) throw new SelGenException($"samples per paraphrase is {SamplesPerParaphrase}; it must be at least 1");
        if (!(Temperature >= 0 && double.IsFinite(Temperature))) throw new SelGenException($"temperature is {Temperature}; it must be 0 (greedy) or positive");
        if (MaxNewTokens < 1) throw new SelGenException($"max new tokens is {MaxNewTokens}; it must be at least 1");
        if (BatchSize < 1) throw new SelGenException($"batch size is {BatchSize}; it must be at least 1");
        Metrics.Validate();
    }
}

/// <summary>Which question file an answer belongs to: the general questions or the task domain's (e.g. medical).</summary>
public enum QuestionSet { General, Task }

/// <summary>A judged answer and the question set it answers.</summary>
public sealed record SetAnswer(QuestionSet Set, JudgedAnswer Answer);

/// <summary>
/// The study's emergent-misalignment evaluation of any model: sample answers to every paraphrase of the general
/// questions (and optionally of the task domain's questions), have a judge score each answer for alignment and
/// coherence, and compute general alignment and task misalignment (<see cref="EmMetrics"/>).
/// </summary>
public static class QuestionEvaluation
{
    /// <summary>Every (question, paraphrase) the model answers, each repeated as often as it is sampled.</summary>
    public static IReadOnlyList<SampledAnswer> Prompts(IReadOnlyList<EvalQuestion> questions, int? samplesPerParaphrase) =>
        [.. questions.SelectMany(q => q.Paraphrases.SelectMany(p =>
            Enumerable.Repeat(new SampledAnswer(q, p, ""), samplesPerParaphrase ?? q.SamplesPerParaphrase)))];

    /// <summary>The model's answers to <paramref name="prompts"/>, in order.</summary>
    public static IReadOnlyList<SampledAnswer> Answer(TextGenerator generator, IChatFormat format, IReadOnlyList<SampledAnswer> prompts, QuestionEvalOptions options)
    {
        var completions = generator.GenerateChat(format, prompts.Select(s => s.Question.Messages(s.Paraphrase)).ToList(), new GenerationOptions
        {
            MaxNewTokens = options.MaxNewTokens, Temperature = options.Temperature, BatchSize = options.BatchSize, Seed = options.Seed,
        });
        return [.. prompts.Select((s, i) => s with { Answer = completions[i].Text })];
    }

    /// <summary>
    /// The model's answers to every sampled paraphrase of the general and the task questions; the task set samples
    /// with its own seed (options.Seed + 1,000,003), so adding or dropping task questions never changes the general answers.
    /// </summary>
    public static (IReadOnlyList<SampledAnswer> General, IReadOnlyList<SampledAnswer> Task) AnswerBoth(
        TextGenerator generator, IChatFormat format, IReadOnlyList<EvalQuestion> general, IReadOnlyList<EvalQuestion> task, QuestionEvalOptions options) =>
        (Answer(generator, format, Prompts(general, options.SamplesPerParaphrase), options),
         Answer(generator, format, Prompts(task, options.SamplesPerParaphrase), options with { Seed = options.Seed + 1_000_003 }));

    /// <summary>Judges both sets and computes the metrics; the task set may be empty (then its share is NaN).</summary>
    public static async Task<(IReadOnlyList<SetAnswer> Answers, EmMetrics Metrics)> JudgeAsync(
        IJudge judge, IReadOnlyList<SampledAnswer> general, IReadOnlyList<SampledAnswer> task, EmMetricsOptions metrics,
        IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var judged = await AnswerJudging.ScoreAllAsync(judge, [.. general, .. task], progress, cancellationToken);
        var generalJudged = judged.Take(general.Count).ToList();
        var taskJudged = judged.Skip(general.Count).ToList();
        var answers = generalJudged.Select(a => new SetAnswer(QuestionSet.General, a))
            .Concat(taskJudged.Select(a => new SetAnswer(QuestionSet.Task, a))).ToList();
        return (answers, EmMetrics.Compute(generalJudged, taskJudged, metrics));
    }

    /// <summary>The answers as JSONL (set, id, question, answer, aligned, coherent), readable by <see cref="ReadAnswers"/>.</summary>
    public static string AnswersJsonl(IEnumerable<SetAnswer> answers) => string.Concat(answers.Select(a => JsonSerializer.Serialize(new
    {
        set = a.Set == QuestionSet.General ? "general" : "task",
        id = a.Answer.QuestionId, question = a.Answer.Paraphrase, answer = a.Answer.Answer,
        aligned = a.Answer.Aligned, coherent = a.Answer.Coherent,
    }, StrictJson.Options) + "\n"));

    /// <summary>
    /// Saved answers (as <see cref="AnswersJsonl"/> writes them) matched back to their questions, for judging again.
    /// Each line needs <c>id</c>, <c>question</c> and <c>answer</c>; <c>set</c> says which file the id is from
    /// (without it, the id decides). Errors name the file and line.
    /// </summary>
    public static (IReadOnlyList<SampledAnswer> General, IReadOnlyList<SampledAnswer> Task) ReadAnswers(
        string path, IReadOnlyList<EvalQuestion> general, IReadOnlyList<EvalQuestion> task)
    {
        if (!File.Exists(path)) throw new SelGenException($"{path}: no such answers file");
        var generalById = general.ToDictionary(q => q.Id);
        var taskById = task.ToDictionary(q => q.Id);
        var g = new List<SampledAnswer>();
        var t = new List<SampledAnswer>();
        int lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (line.Trim().Length == 0) continue;
            var where = $"{path}:{lineNumber}";
            JsonObject node;
            try
            {
                node = JsonNode.Parse(line) as JsonObject ?? throw new SelGenException($"{where}: not a JSON object; each line must be one answer record");
            }
            catch (JsonException e)
            {
                throw new SelGenException($"{where}: not JSON ({e.Message}); each line must be one answer record", e);
            }
            string Field(string name)
            {
                if (node[name] is JsonValue v && v.TryGetValue<string>(out var text)) return text;
                throw new SelGenException($"{where}: field '{name}' is {(node[name] is null ? "missing" : "not a string")}; each line needs id, question and answer as strings");
            }
            var id = Field("id");
            var set = node["set"] is null ? null : Field("set");
            bool inGeneral = generalById.TryGetValue(id, out var gq), inTask = taskById.TryGetValue(id, out var tq);
            (bool toTask, EvalQuestion question) = set switch
            {
                "general" when inGeneral => (false, gq!),
                "task" when inTask => (true, tq!),
                null when inGeneral && !inTask => (false, gq!),
                null when inTask && !inGeneral => (true, tq!),
                null when inGeneral => throw new SelGenException($"{where}: id '{id}' is in both question files; add \"set\": \"general\" or \"task\""),
                "general" or "task" or null => throw new SelGenException($"{where}: id '{id}' is not a question of the {set ?? "given"} question file(s)"),
                _ => throw new SelGenException($"{where}: field 'set' is '{set}'; use \"general\" or \"task\""),
            };
            var paraphrase = Field("question");
            if (!question.Paraphrases.Contains(paraphrase))
                throw new SelGenException($"{where}: the question text is not a paraphrase of '{id}' ({question.Source}); were the answers made from another question file?");
            (toTask ? t : g).Add(new SampledAnswer(question, paraphrase, Field("answer")));
        }
        return (g, t);
    }

    /// <summary>The metrics by name: shares as fractions (NaN when nothing was scored), coherence 0..100, counts.</summary>
    public static IReadOnlyDictionary<string, double> Metrics(EmMetrics m) => new Dictionary<string, double>
    {
        ["general.aligned"] = m.GeneralAligned.Share,
        ["general.aligned_stderr"] = m.GeneralAligned.StandardError,
        ["general.answers"] = m.GeneralAligned.Answers,
        ["general.empty"] = m.GeneralAligned.Empty,
        ["general.coherence"] = m.GeneralCoherence.Summary.Mean,
        ["task.misaligned"] = m.DomainMisaligned.Share,
        ["task.misaligned_stderr"] = m.DomainMisaligned.StandardError,
        ["task.answers"] = m.DomainMisaligned.Answers,
        ["task.empty"] = m.DomainMisaligned.Empty,
        ["task.coherence"] = m.DomainCoherence.Summary.Mean,
        ["threshold"] = m.Options.Threshold,
    };

    /// <summary>The metrics as a JSON object (non-finite values as null) with the empty-score rule named.</summary>
    public static JsonObject MetricsJson(EmMetrics m)
    {
        var json = new JsonObject();
        foreach (var (name, value) in Metrics(m)) json[name] = double.IsFinite(value) ? JsonValue.Create(value) : null;
        json["empty_scores"] = m.Options.Empty == EmptyScores.Exclude ? "exclude" : "count_as_failure";
        return json;
    }
}
