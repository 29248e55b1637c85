using System.Text.Json.Nodes;
using SelGen.Engine;
using SelGen.Engine.Lora;
using SelGen.Methods;
using SelGen.Tests.Training;
using SelGen.Training;
using static TorchSharp.torch;

namespace SelGen.Tests.Methods;

/// <summary>The maths of the three methods beyond the study: gradient routing, steering, diversify-and-disambiguate.</summary>
public class BeyondMethodsTests
{
    static readonly LoraConfig Lora = new() { R = 4, Alpha = 8 };

    /// <summary>A tiny model with a trained-looking task adapter (B random, so every LoRA weight has a gradient).</summary>
    static (DecoderLM Model, MethodContext Context, TrainingData Data) Setup(int seed = 0)
    {
        var model = TestModels.Tiny(seed);
        model.SetBaseTrainable(false);
        model.AddAdapter("task", Lora);
        Randomize(model, "task", seed + 10);
        var data = SyntheticData.Make();
        var config = SyntheticData.Config();
        return (model, new MethodContext(model, config, data.Alignment, data.PadId, "task"), data);
    }

    static void Randomize(DecoderLM model, string adapter, int seed)
    {
        using var _ = no_grad();
        var g = new Generator((ulong)seed);
        foreach (var (_, layer) in model.AdapterLayers(adapter))
            layer.lora_B.Get(adapter).weight!.copy_(randn(layer.lora_B.Get(adapter).weight!.shape, generator: g) * 0.1);
    }

    static MicroStep Step(TrainingData data, int n = 4)
    {
        var task = data.Task.Take(n).ToList();
        var chosen = data.Alignment.Take(n).Select(a => a.Chosen).ToList();
        var rejected = data.Alignment.Take(n).Select(a => a.Rejected!).ToList();
        return new MicroStep(Batch.Collate(task, data.PadId), Batch.Collate(chosen, data.PadId), Batch.Collate(rejected, data.PadId),
            task.Sum(e => e.Trained.Skip(1).Count(t => t)), chosen.Sum(e => e.Trained.Skip(1).Count(t => t)),
            rejected.Sum(e => e.Trained.Skip(1).Count(t => t)), n, n);
    }

    static Dictionary<string, Tensor> Grads(DecoderLM model, string adapter) =>
        model.AdapterParameters(adapter).ToDictionary(p => p.Name, p => p.Parameter.grad is { } g ? g.clone() : zeros_like(p.Parameter));

    static void ZeroGrads(DecoderLM model)
    {
        foreach (var (_, p) in model.named_parameters()) p.grad?.zero_();
    }

    static void AssertSame(Dictionary<string, Tensor> expected, Dictionary<string, Tensor> actual, string what)
    {
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (name, e) in expected)
            Assert.True(e.allclose(actual[name], rtol: 1e-6, atol: 1e-9), $"{what}: {name} differs by {(e - actual[name]).abs().max().item<float>()}");
    }

    static Dictionary<string, Tensor> Zeros(Dictionary<string, Tensor> like) => like.ToDictionary(p => p.Key, p => zeros_like(p.Value));

    // ---- gradient routing ----

    [Theory]
    [InlineData("split")]
    [InlineData("route_ablate")]
    public void Under_routing_each_term_updates_only_its_route_and_gives_exactly_zero_gradient_elsewhere(string variant)
    {
        var (model, context, data) = Setup();
        var method = (GradientRouting)MethodRegistry.Create("gradient_routing", JsonNode.Parse($$"""{"variant": "{{variant}}", "lambda": 0.7}""")!.AsObject());
        method.Attach(context);
        Randomize(model, GradientRouting.RoutedAdapter, 99);
        var step = Step(data);

        // Each term alone, every parameter free.
        ZeroGrads(model);
        Losses.TaskCrossEntropy(context, step).backward();
        var (taskOnTask, taskOnRouted) = (Grads(model, "task"), Grads(model, GradientRouting.RoutedAdapter));
        ZeroGrads(model);
        (0.7 * Losses.AlignmentCrossEntropy(context, step.Chosen!, step.StepChosenTokens)).backward();
        var (alignOnTask, alignOnRouted) = (Grads(model, "task"), Grads(model, GradientRouting.RoutedAdapter));

        ZeroGrads(model);
        method.Backward(step, context);
        var (task, routed) = (Grads(model, "task"), Grads(model, GradientRouting.RoutedAdapter));

        Assert.Contains(taskOnRouted.Values, g => g.abs().sum().item<float>() > 0);   // without routing both terms reach both adapters
        Assert.Contains(alignOnTask.Values, g => g.abs().sum().item<float>() > 0);
        if (variant == "split")
        {
            AssertSame(taskOnTask, task, "task adapter = CE(T) only");
            AssertSame(alignOnRouted, routed, "routed adapter = λ·CE(A) only");
        }
        else
        {
            AssertSame(taskOnTask.ToDictionary(p => p.Key, p => p.Value + alignOnTask[p.Key]), task, "task adapter = both terms");
            AssertSame(taskOnRouted, routed, "routed adapter = CE(T) only");
        }
        foreach (var (_, p) in model.named_parameters().Where(p => !p.name.Contains("lora_"))) Assert.Null(p.grad);   // the base stays frozen
    }

    [Fact]
    public void Route_then_ablate_with_scale_zero_evaluates_as_if_the_routed_adapter_were_removed()
    {
        var (model, context, _) = Setup();
        var method = new GradientRouting(new GradientRouting.Options { Variant = RoutingVariant.RouteAblate });
        method.Attach(context);
        Randomize(model, GradientRouting.RoutedAdapter, 5);
        var ids = TestModels.RandomIds(2, 6);
        var withRouted = model.Logits(ids).detach().clone();

        method.AfterTraining(context);

        var ablated = model.Logits(ids);
        model.RemoveAdapter(GradientRouting.RoutedAdapter);
        Assert.True(ablated.allclose(model.Logits(ids), atol: 1e-6));
        Assert.False(ablated.allclose(withRouted, atol: 1e-4));
    }

    [Theory]
    [InlineData("""{"variant": "custom", "task_to": "task"}""", "needs both 'task_to' and 'alignment_to'")]
    [InlineData("""{"variant": "split", "task_to": "both"}""", "are set by variant 'split'")]
    [InlineData("""{"routed_scale": 1.5}""", "'routed_scale' is 1.5")]
    [InlineData("""{"lambda": -1}""", "'lambda' is -1")]
    [InlineData("""{"task_to": "elsewhere", "variant": "custom", "alignment_to": "task"}""", "task_to")]
    public void Routing_options_are_checked_when_the_method_is_made(string options, string expected)
    {
        var e = Assert.Throws<SelGenException>(() => MethodRegistry.Create("gradient_routing", JsonNode.Parse(options)!.AsObject()));
        Assert.Contains(expected, e.Message);
    }

    // ---- steering ----

    [Fact]
    public void Ablation_removes_the_direction_exactly_and_leaves_the_orthogonal_part_alone()
    {
        manual_seed(3);
        var h = randn(2, 5, 16);
        var v = randn(16) * 3;
        var unit = v / v.norm();

        var ablated = Steering.RemoveDirection(h, v);

        Assert.True((ablated * unit).sum(-1).abs().max().item<float>() < 1e-5);
        var orthogonal = h - (h * unit).sum(-1, keepdim: true) * unit;
        Assert.True(ablated.allclose(orthogonal, atol: 1e-6));
        var half = Steering.RemoveDirection(h, v, alpha: 0.5);
        Assert.True(((half * unit).sum(-1) - 0.5 * (h * unit).sum(-1)).abs().max().item<float>() < 1e-5);
    }

    [Fact]
    public void The_direction_is_the_mean_aligned_minus_misaligned_reply_state_of_the_starting_model_from_the_proxy_alone()
    {
        var (model, context, data) = Setup();
        const int layer = 0;

        var v = Steering.ComputeDirection(model, data.Alignment, layer, data.PadId, batchSize: 4);

        // By hand: every reply token's layer-0 output (hidden_states[1]) with the adapters off, one example at a time.
        Tensor Mean(IEnumerable<Example> examples)
        {
            using var _ = no_grad();
            using var off = model.AdaptersDisabled();
            var states = examples.SelectMany(e =>
            {
                var hidden = model.forward(new ModelInput(tensor(e.Ids.Select(i => (long)i).ToArray()).unsqueeze(0), OutputHiddenStates: true)).HiddenStates![layer + 1][0];
                return Enumerable.Range(1, e.Ids.Length - 1).Where(t => e.Trained[t]).Select(t => hidden[t]);
            }).ToArray();
            return stack(states).mean([0]);
        }
        var expected = Mean(data.Alignment.Select(a => a.Chosen)) - Mean(data.Alignment.Select(a => a.Rejected!));
        Assert.True(v.allclose(expected, atol: 1e-5), $"max difference {(v - expected).abs().max().item<float>()}");

        // Only the proxy decides it: other task data, the same direction.
        var method = new Steering(new Steering.Options { Layer = layer });
        var options = new TrainerOptions { StopAfterSteps = 0 };
        Trainer.Run(TestModels.Tiny(), SyntheticData.Config(), method, data, options);
        var first = method.Direction!.clone();
        Trainer.Run(TestModels.Tiny(), SyntheticData.Config(), method, data with { Task = SyntheticData.Make(seed: 123).Task }, options);
        Assert.True(first.Identical(method.Direction!));
    }

    [Fact]
    public void Preventative_steering_subtracts_alpha_v_from_the_layer_output_while_training_and_not_afterwards()
    {
        var (model, context, _) = Setup();
        var method = new Steering(new Steering.Options { Variant = SteeringVariant.Preventative, Layer = 0, Alpha = 2.0 });
        var ids = TestModels.RandomIds(1, 5);
        Tensor LayerOutput() => model.forward(new ModelInput(ids, OutputHiddenStates: true)).HiddenStates![1].detach().clone();
        var plain = LayerOutput();

        method.Attach(context);
        var steered = LayerOutput();
        Assert.True((steered - plain).allclose((-2.0 * method.Direction!).expand_as(plain), atol: 1e-5));

        method.AfterTraining(context);
        Assert.Null(model.LayerOutputHook);
        Assert.True(LayerOutput().allclose(plain));
    }

    [Fact]
    public void Inference_steering_trains_unsteered_and_adds_alpha_v_at_evaluation()
    {
        var (model, context, _) = Setup();
        var method = new Steering(new Steering.Options { Variant = SteeringVariant.Inference, Layer = 0, Alpha = 0.5 });
        method.Attach(context);
        Assert.Null(model.LayerOutputHook);

        var ids = TestModels.RandomIds(1, 5);
        var plain = model.forward(new ModelInput(ids, OutputHiddenStates: true)).HiddenStates![1].detach().clone();
        method.AfterTraining(context);
        var steered = model.forward(new ModelInput(ids, OutputHiddenStates: true)).HiddenStates![1];
        Assert.True((steered - plain).allclose((0.5 * method.Direction!).expand_as(plain), atol: 1e-5));
        model.LayerOutputHook = null;
    }

    [Fact]
    public void Steering_needs_alignment_pairs_and_an_existing_layer()
    {
        var data = SyntheticData.Make(rejected: false);
        var e = Assert.Throws<SelGenException>(() => Trainer.Run(TestModels.Tiny(), SyntheticData.Config(), new Steering(new Steering.Options()), data));
        Assert.Contains("rejected reply", e.Message);
        var layer = Assert.Throws<SelGenException>(() => Trainer.Run(TestModels.Tiny(), SyntheticData.Config(), new Steering(new Steering.Options { Layer = 7 }), SyntheticData.Make()));
        Assert.Contains("the model has 2 decoder layers", layer.Message);
    }

    // ---- diversify and disambiguate ----

    [Fact]
    public void Mutual_information_is_zero_for_independent_heads_and_the_marginal_entropy_for_identical_one_hot_heads()
    {
        manual_seed(1);
        var varying = randn(6, 4).softmax(-1);
        var constant = tensor(new float[] { 0.1f, 0.2f, 0.3f, 0.4f }).expand(6, 4);
        Assert.True(Math.Abs(DivDis.MutualInformation(varying, constant).item<float>()) < 1e-6);

        var oneHot = nn.functional.one_hot(tensor(new long[] { 0, 0, 1, 2 }), 3).to(ScalarType.Float32);
        double entropy = -(0.5 * Math.Log(0.5) + 2 * 0.25 * Math.Log(0.25));
        Assert.Equal(entropy, DivDis.MutualInformation(oneHot, oneHot).item<float>(), 5);

        // A 2 x 2 case by hand: P = [[0.4, 0.1], [0.1, 0.4]] from two inputs.
        var pi = tensor(new float[,] { { 0.8f, 0.2f }, { 0.2f, 0.8f } });
        var pj = tensor(new float[,] { { 0.8f, 0.2f }, { 0.2f, 0.8f } });
        double[,] joint = { { (0.64 + 0.04) / 2, (0.16 + 0.16) / 2 }, { (0.16 + 0.16) / 2, (0.04 + 0.64) / 2 } };
        double mi = 0;
        foreach (var a in new[] { 0, 1 }) foreach (var b in new[] { 0, 1 }) mi += joint[a, b] * Math.Log(joint[a, b] / 0.25);
        Assert.Equal(mi, DivDis.MutualInformation(pi, pj).item<float>(), 5);
    }

    [Fact]
    public void The_marginal_regulariser_is_zero_when_a_head_matches_the_prior()
    {
        var p = tensor(new float[,] { { 0.5f, 0.5f, 0f }, { 0.1f, 0.3f, 0.6f } });
        var prior = p.mean([0]);
        Assert.True(Math.Abs(DivDis.MarginalKl(p, prior).item<float>()) < 1e-6);
        Assert.True(DivDis.MarginalKl(p, tensor(new float[] { 0.98f, 0.01f, 0.01f })).item<float>() > 0.1);
    }

    [Fact]
    public void Disambiguation_keeps_the_head_with_the_best_proxy_score_in_the_task_adapter_and_removes_the_others()
    {
        var (model, context, _) = Setup();
        var method = new DivDis(new DivDis.Options { Heads = 3 });
        method.Attach(context);
        Randomize(model, "divdis_1", 21);
        Randomize(model, "divdis_2", 22);
        var weights = method.Heads.ToDictionary(h => h, h => model.AdapterParameters(h).Select(p => p.Parameter.detach().clone()).ToList());

        method.AfterTraining(context);

        var selection = method.Selection!;
        Assert.Equal(3, selection.Scores.Count);
        Assert.Equal(selection.Scores.Max(), selection.Scores[selection.Selected]);
        Assert.Equal(["task"], model.AdapterNames());
        var kept = model.AdapterParameters("task").Select(p => p.Parameter).ToList();
        Assert.All(kept.Zip(weights[method.Heads[selection.Selected]]), pair => Assert.True(pair.First.Identical(pair.Second)));
        Assert.Equal(selection.Scores[selection.Selected], DivDis.ProxyScore(context, DivDisSelection.ProxyPreference), 4);
        var outcome = System.Text.Json.JsonSerializer.Serialize(method.Outcome);   // what the run folder's divdis.json holds
        Assert.Contains($"\"selected\":{selection.Selected}", outcome);
    }

    [Fact]
    public void Every_head_is_trained_on_the_task_and_the_disagreement_term_reaches_every_head()
    {
        var (model, context, data) = Setup();
        var method = new DivDis(new DivDis.Options { Heads = 2, Lambda = 1, Regularizer = 0 });
        method.Attach(context);
        Randomize(model, "divdis_1", 3);
        ZeroGrads(model);

        var terms = method.Backward(Step(data), context);

        Assert.True(terms["mutual_information"] >= 0);
        Assert.Contains("task_ce_0", terms.Keys);
        Assert.Contains("task_ce_1", terms.Keys);
        foreach (var head in method.Heads)
            Assert.Contains(Grads(model, head).Values, g => g.abs().sum().item<float>() > 0);
    }
}
