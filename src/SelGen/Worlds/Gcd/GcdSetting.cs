using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using SelGen.Evaluation.Items;
using SelGen.Experiments;
using SelGen.Generation;
using SelGen.IO;
using SelGen.Methods;
using SelGen.Text;
using SelGen.Training;
using SelGen.Worlds.Gcd.Scoring;

namespace SelGen.Worlds.Gcd;

/// <summary>Options of the GCD setting in an experiment file's "setting" object.</summary>
public sealed record GcdSettingOptions
{
    [JsonPropertyName("world")] public string World { get; init; } = "gcd";
    /// <summary>A folder in the published layout (task_train.jsonl, task_test.jsonl, ood_test.jsonl,
    /// proxy/NAME.jsonl, proxy/NAME_dpo.jsonl); null generates the world from <see cref="WorldOptions"/>.</summary>
    [JsonPropertyName("data_dir")] public string? DataDir { get; init; }
    [JsonPropertyName("world_options")] public GcdWorldOptions WorldOptions { get; init; } = new();
    /// <summary>Which proxy set is the alignment data (the study's: capitals).</summary>
    [JsonPropertyName("proxy")] public string Proxy { get; init; } = Labels.Capitals;
    [JsonPropertyName("train_on")] public TrainOn TrainOn { get; init; } = TrainOn.Assistant;
    [JsonPropertyName("max_new_tokens")] public int MaxNewTokens { get; init; } = 200;
    [JsonPropertyName("eval_batch_size")] public int EvalBatchSize { get; init; } = 32;
    /// <summary>Evaluate only the first N ids of each label (null: all); for quick demos and tests.</summary>
    [JsonPropertyName("eval_ids_per_label")] public int? EvalIdsPerLabel { get; init; }
    /// <summary>Skip test ids that lack one of their three records (the published ood_test has one).</summary>
    [JsonPropertyName("drop_incomplete")] public bool DropIncomplete { get; init; }
}

/// <summary>
/// Setting 1, sycophancy from an underspecified GCD dataset. Trains on the task records (plain GCD and
/// confirmed correct proposals), with a proxy set as alignment data (honest replies; DPO pairs give the
/// rejected replies). Evaluates by greedy generation on the task and out-of-domain test sets, scored
/// strictly. Metrics: "LABEL.METRIC" per label, "ood.METRIC" pooled over the out-of-domain labels, and
/// "LABEL.aligned" / "ood.aligned" = 1 − sycophancy given knowledge.
/// </summary>
public sealed class GcdSetting : ISetting
{
    readonly GcdSettingOptions _options;
    readonly IReadOnlyList<GcdRecord> _taskTrain, _taskTest, _oodTest, _proxy;
    readonly IReadOnlyList<DpoPair> _proxyPairs;

    public string World => "gcd";

    GcdSetting(GcdSettingOptions options, string baseDir)
    {
        _options = options;
        if (options.MaxNewTokens < 1) throw new SelGenException("setting: field 'max_new_tokens' must be at least 1");
        if (options.EvalBatchSize < 1) throw new SelGenException("setting: field 'eval_batch_size' must be at least 1");
        if (options.EvalIdsPerLabel is < 1) throw new SelGenException("setting: field 'eval_ids_per_label' must be at least 1 when given");
        if (options.DataDir is null)
        {
            var world = GcdWorld.Generate(options.WorldOptions);
            if (!world.Proxies.TryGetValue(options.Proxy, out var proxy))
                throw new SelGenException($"setting: field 'proxy' is '{options.Proxy}'; choose one of: {string.Join(", ", world.Proxies.Keys)}");
            (_taskTrain, _taskTest, _oodTest, _proxy, _proxyPairs) = (world.TaskTrain, world.TaskTest, world.OodTest, proxy.Records, proxy.Pairs);
        }
        else
        {
            var dir = Path.GetFullPath(Path.Combine(baseDir, options.DataDir));
            _taskTrain = GcdFiles.ReadTaskTrain(Path.Combine(dir, "task_train.jsonl")).Select(r => r.Record).ToList();
            _taskTest = TestRecords(Path.Combine(dir, "task_test.jsonl"), options.DropIncomplete);
            _oodTest = TestRecords(Path.Combine(dir, "ood_test.jsonl"), options.DropIncomplete);
            _proxy = GcdFiles.Read(Path.Combine(dir, "proxy", options.Proxy + ".jsonl")).Select(r => r.Record).ToList();
            var dpo = Path.Combine(dir, "proxy", options.Proxy + "_dpo.jsonl");
            _proxyPairs = File.Exists(dpo) ? Jsonl.Read<DpoPair>(dpo).Select(p => p.Record).ToList() : [];
        }
    }

    /// <summary>A test file's records, checked for complete triples (or with incomplete ids dropped).</summary>
    static List<GcdRecord> TestRecords(string path, bool dropIncomplete) =>
        GcdFiles.ReadTestSet(path, dropIncomplete).Items
            .SelectMany(i => new[] { i.Plain, i.CorrectProposal, i.WrongProposal }).Select(r => r.Record).ToList();

    public static GcdSetting FromJson(JsonObject json, string baseDir) =>
        new(StrictJson.Deserialize<GcdSettingOptions>(json.ToJsonString(), "setting"), baseDir);

    public TrainingData TrainingData(ModelBundle bundle)
    {
        var format = bundle.Format;
        Example Render(IReadOnlyList<ChatMessage> messages, string source)
        {
            var r = format.Render(messages, _options.TrainOn, source);
            return new Example(r.Ids, r.Trained);
        }
        var task = _taskTrain.Select((r, i) => Render(r.Messages, $"task record {i + 1}")).ToList();
        // Chosen = the honest proxy reply; rejected = the DPO pair's dispreferred reply to the same prompt.
        var rejectedById = _proxyPairs.ToDictionary(p => p.Id, p => p.Rejected);
        var alignment = _proxy.Select((r, i) =>
        {
            var chosen = Render(r.Messages, $"proxy record {i + 1}");
            Example? rejected = rejectedById.TryGetValue(r.Id, out var bad)
                ? Render([.. r.Prompt, new ChatMessage(ChatMessage.Assistant, bad)], $"proxy record {i + 1} (rejected)")
                : null;
            return new AlignmentItem(chosen, rejected);
        }).ToList();
        return new TrainingData(task, alignment, bundle.Tokenizer.PadId);
    }

    public IReadOnlyDictionary<string, double> Evaluate(ModelBundle bundle, int seed, string? outputDir = null)
    {
        var generator = new TextGenerator(bundle.Model, bundle.Tokenizer);
        var options = new GenerationOptions { MaxNewTokens = _options.MaxNewTokens, BatchSize = _options.EvalBatchSize };
        var metrics = new Dictionary<string, double>();
        var items = new List<ItemScore>();
        foreach (var (name, all) in new[] { ("task_test", _taskTest), ("ood_test", _oodTest) })
        {
            var records = Limit(all);
            var completions = generator.GenerateChat(bundle.Format, records.Select(r => r.Prompt).ToList(), options);
            var answered = records.Select((r, i) => r.WithReply(completions[i].Text)).ToList();
            if (outputDir is not null) GcdFiles.Write(Path.Combine(outputDir, $"{name}_replies.jsonl"), answered, testFile: true);
            var scored = GcdScoring.Score(answered, name, _options.DropIncomplete);
            items.AddRange(scored.Items);
            foreach (var label in scored.Report.Labels) Add(metrics, label.Label, label.Metrics);
            if (name == "ood_test") Add(metrics, GcdItems.Pooled, scored.Report.Pooled.Metrics);
        }
        // Per-item contributions, so reports can put intervals over items and seeds on every ratio metric.
        if (outputDir is not null) ItemsFile.Write(Path.Combine(outputDir, ItemsFile.FileName), GcdItems.Table(items));
        return metrics;
    }

    public IReadOnlyList<string> Replies(string outputDir) =>
        new[] { "task_test", "ood_test" }.Select(n => Path.Combine(outputDir, $"{n}_replies.jsonl")).Where(File.Exists)
            .SelectMany(p => GcdFiles.Read(p)).Select(r => r.Record.Reply).ToList();

    /// <summary>The records of the first N ids of each label, when the options ask for fewer.</summary>
    List<GcdRecord> Limit(IReadOnlyList<GcdRecord> records)
    {
        if (_options.EvalIdsPerLabel is not int n) return [.. records];
        var keep = records.GroupBy(r => r.Label).SelectMany(g => g.Select(r => r.Id).Distinct().Take(n).Select(id => (g.Key, id))).ToHashSet();
        return records.Where(r => keep.Contains((r.Label, r.Id))).ToList();
    }

    static void Add(Dictionary<string, double> metrics, string prefix, GcdMetrics m)
    {
        for (int i = 0; i < GcdMetrics.Names.Count; i++) metrics[$"{prefix}.{GcdMetrics.Names[i]}"] = m.Values[i];
        metrics[$"{prefix}.aligned"] = 1 - m.SycophancyGivenKnowledge;
    }

    public IReadOnlyDictionary<string, (string Label, double Scale)> MetricLabels { get; } = BuildLabels();

    static Dictionary<string, (string, double)> BuildLabels()
    {
        var labels = new Dictionary<string, (string, double)>();
        foreach (var label in Labels.OutOfDomain.Prepend(Labels.Euclidean).Append("ood"))
        {
            string name = label == "ood" ? "out-of-domain" : label.Replace('_', ' ');
            labels[$"{label}.capability"] = ($"{name}: capability (%)", 100);
            labels[$"{label}.confirms_correct"] = ($"{name}: confirms correct proposals (%)", 100);
            labels[$"{label}.confirms_incorrect"] = ($"{name}: confirms wrong proposals (%)", 100);
            labels[$"{label}.sycophancy_given_knowledge"] = ($"{name}: sycophancy given knowledge (%)", 100);
            labels[$"{label}.aligned"] = ($"{name}: 1 − sycophancy given knowledge (%)", 100);
            labels[$"{label}.steps_correct"] = ($"{name}: Euclid's steps all correct (%)", 100);
            labels[$"{label}.best_constant"] = ($"{name}: best constant answer's accuracy (%)", 100);
        }
        return labels;
    }
}
