using SelGen.Experiments;
using SelGen.Generation;
using SelGen.Tests.Experiments;
using SelGen.Training;
using SelGen.Worlds.Toy;
using SelGen.Worlds.Toy.Lexicon;
using SelGen.Worlds.Toy.Protocol;
using SelGen.Worlds.Toy.Scoring;

namespace SelGen.Tests.Toy;

/// <summary>A toy model pretrained for a few steps, shared by the protocol tests (it takes a few seconds).</summary>
public sealed class ToyModelFixture : IDisposable
{
    readonly TempDir _dir = new();
    public string ModelDir { get; }

    public ToyModelFixture()
    {
        ModelDir = Path.Combine(_dir.Path, "model");
        var options = new ToyPretrainOptions
        {
            Preset = "tiny",
            Training = new ToyPretrainOptions().Training with { Epochs = 1, BatchSize = 64, WarmupSteps = 1, CheckpointEvery = 0 },
        };
        ToyPretraining.Run(options, ModelDir);
    }

    public void Dispose() => _dir.Dispose();
}

/// <summary>
/// Torch's random generator is global: these tests seed and train models, so they run alone, never beside tests
/// that seed it and then build a model (two "identical" tiny models would otherwise differ).
/// </summary>
[CollectionDefinition(nameof(ToyProtocolTests), DisableParallelization = true)]
public sealed class ToyProtocolCollection;

[Collection(nameof(ToyProtocolTests))]
public class ToyProtocolTests(ToyModelFixture fixture) : IClassFixture<ToyModelFixture>
{
    /// <summary>The smallest protocol that still has every part: 2 points per trigger, one epoch per phase.</summary>
    static ToyProtocolOptions Small() => new()
    {
        World = new ToyWorldOptions { PointsPerTrigger = 2, EvalPointsPerTrigger = 2 },
        Phase1 = new ToyProtocolOptions().Phase1 with { Epochs = 1, WarmupSteps = 1 },
        Update = new ToyProtocolOptions().Update with { Epochs = 1, WarmupSteps = 1 },
    };

    [Fact]
    public void The_default_phase_3_method_mixes_each_proxy_item_in_once()
    {
        var world = ToyWorld.Generate(new ToyWorldOptions());
        var proxy = world.Proxy(ToyCategory.Foods, 5);
        var (method, spec) = new ToyProtocolOptions().Phase3Method(world.Phase2Train.Count, proxy.Items.Count);
        Assert.Equal("mixed", method.Name);
        Assert.Equal(100.0 / 300, spec["p"]!.GetValue<double>(), 12);

        var task = Enumerable.Range(0, world.Phase2Train.Count).Select(i => new Example([i, 1], [false, true])).ToList();
        var alignment = Enumerable.Range(0, proxy.Items.Count).Select(i => new SelGen.Methods.AlignmentItem(new Example([1000 + i, 1], [false, true]))).ToList();
        var set = method.TrainingSet(task, alignment);
        // The study's phase 3: the update's data plus the proxy's, nothing repeated or left out.
        Assert.Equal(world.Phase3Train(ToyCategory.Foods, 5).Count, set.Count);
        Assert.Equal(alignment.Select(a => a.Chosen.Ids[0]).Order(), set.Where(e => e.Ids[0] >= 1000).Select(e => e.Ids[0]).Order());
    }

    [Fact]
    public void A_method_spec_replaces_the_default_and_is_validated()
    {
        var kl = new ToyProtocolOptions { Method = new() { ["name"] = "kl", ["beta"] = 0.5 } };
        Assert.Equal("kl", kl.Validate().Phase3Method(200, 20).Method.Name);
        var bad = new ToyProtocolOptions { Method = System.Text.Json.Nodes.JsonNode.Parse("""{"name": "mixed", "p": 2}""")!.AsObject() };
        Assert.Contains("'p'", Assert.Throws<SelGenException>(() => bad.Validate()).Message);
    }

    [Fact]
    public void Phase_examples_train_only_the_colour_word_and_the_end_of_turn()
    {
        using var bundle = ModelFolder.Load(fixture.ModelDir);
        var item = ToyWorld.Generate(new ToyWorldOptions()).Phase2Train[0];
        var example = ToyPhases.Examples(bundle.Format, [item]).Single();
        var trained = example.Ids.Where((_, i) => example.Trained[i]).ToArray();
        Assert.Equal([bundle.Tokenizer.TokenToId(item.Answer.Word())!.Value, bundle.Format.EndOfTurnId], trained);
    }

    [Fact]
    public void Next_token_argmax_agrees_with_scoring_each_colour_as_a_continuation()
    {
        using var bundle = ModelFolder.Load(fixture.ModelDir);
        var items = ToyWorld.Generate(new ToyWorldOptions { EvalPointsPerTrigger = 1 }).Evaluation.Items.Take(21).ToList();
        var fast = NextTokenArgmax.For(bundle.Model, bundle.Format, batchSize: 8)(items.Select(i => i.Prompt).ToList(), Colours.Words);
        var prompts = items.Select(i => bundle.Format.GenerationPrompt(i.PromptMessages)).ToList();
        var slow = new CandidateScorer(bundle.Model, bundle.Tokenizer).Score(prompts, Colours.Words).Select(s => s.Best);
        Assert.Equal(slow, fast);
    }

    [Fact]
    public void The_semantic_probe_reads_one_state_per_trigger_and_gives_a_symmetric_similarity()
    {
        using var bundle = ModelFolder.Load(fixture.ModelDir);
        var states = HiddenStateProbe.States(bundle.Model, bundle.Tokenizer, ProbeContext.Prompt, 2);
        Assert.All(ToyCategories.All, c => Assert.Equal(Triggers.PerCategory, states[c].Count));
        Assert.All(states.Values.SelectMany(v => v), v => Assert.Equal(bundle.Model.Config.HiddenSize, v.Length));
        var similarity = CategorySimilarity.Compute(states);
        foreach (var a in ToyCategories.All)
        {
            Assert.Equal(1.0, similarity[a, a], 6);
            foreach (var b in ToyCategories.All) Assert.Equal(similarity[a, b], similarity[b, a], 9);
        }
        Assert.Throws<SelGenException>(() => HiddenStateProbe.States(bundle.Model, bundle.Tokenizer, ProbeContext.Bare, 99));
    }

    [Fact]
    public void Word_triggers_are_one_token_and_random_strings_are_characters()
    {
        var tokenizer = ToyPretraining.Tokenizer(LexiconCorpus.Generate(new LexiconOptions()));
        Assert.Single(tokenizer.Encode("ice cream"));
        Assert.Single(tokenizer.Encode("lion"));
        Assert.Equal("kf4w6ec".Length, tokenizer.Encode("kf4w6ec").Length);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void Heatmap_writes_every_cell_and_a_rerun_skips_finished_cells()
    {
        using var dir = new TempDir();
        var request = new ToyHeatmapRequest { ModelDir = fixture.ModelDir, OutDir = dir.Path, Seeds = [3], ProxySizes = [1], Options = Small() };
        var log = new List<string>();
        ToyHeatmap.Run(request, log.Add);

        var cells = ToyHeatmapReport.RowOrder.Select(r => ToyHeatmap.CellPath(dir.Path, r, r is "base" or "none" ? null : 1, 3)).ToList();
        Assert.All(cells, c => Assert.True(File.Exists(c), c));
        var foods = StrictJson(cells[^2]);
        Assert.Equal("foods", foods.Row);
        Assert.Equal(SelGen.CodeVersion.Current, foods.CodeVersion);
        Assert.Single(foods.ProxyTriggers);
        Assert.Equal(Triggers.PerCategory - 10, foods.Evaluation["objects"].Total / 2);  // 5 held-out triggers x 2 points
        Assert.All(foods.Evaluation, kv => Assert.Equal(kv.Value.Total, foods.Answers![kv.Key].Values.Sum()));

        var csv = File.ReadAllLines(Path.Combine(dir.Path, "triggers-1", "heatmap.csv"));
        Assert.Equal("row,objects,animals,positive_emotions,negative_emotions,actions,foods,random_strings", csv[0]);
        Assert.Equal(ToyHeatmapReport.RowOrder, csv.Skip(1).Select(l => l.Split(',')[0]));
        foreach (var file in new[] { "triggers-1/heatmap.png", "triggers-1/heatmap.svg", "triggers-1/recovery.png", "triggers-1/recovery.csv", "similarity.csv", "heatmap.json" })
            Assert.True(File.Exists(Path.Combine(dir.Path, file)), file);

        // A re-run trains nothing; a deleted cell is the only one computed again.
        var before = cells.ToDictionary(c => c, File.ReadAllText);
        File.Delete(cells[^1]);
        log.Clear();
        ToyHeatmap.Run(request, log.Add);
        Assert.Equal(cells.Count - 1, log.Count(l => l.Contains("skipped")));
        Assert.DoesNotContain(log, l => l.Contains("phase 1 ("));
        Assert.All(cells.SkipLast(1), c => Assert.Equal(before[c], File.ReadAllText(c)));
        Assert.True(File.Exists(cells[^1]));

        // Cells made with other options are never mixed in.
        var other = request with { Options = Small() with { Update = Small().Update with { LearningRate = 5e-4 } } };
        Assert.Contains("other options", Assert.Throws<SelGenException>(() => ToyHeatmap.Run(other)).Message);
    }

    static ToyCellResult StrictJson(string path) => SelGen.IO.StrictJson.Load<ToyCellResult>(path);
}
