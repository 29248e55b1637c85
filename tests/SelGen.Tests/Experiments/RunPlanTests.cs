using SelGen.Engine.Lora;
using SelGen.Experiments;

namespace SelGen.Tests.Experiments;

public class RunPlanTests
{
    [Theory]
    [InlineData("qwen3", true)]
    [InlineData("qwen2", false)]
    [InlineData("llama", false)]
    public void The_planned_parameter_counts_equal_the_models_own(string modelType, bool tied)
    {
        var config = TestModels.TinyConfig(modelType: modelType, tied: tied);
        using var model = TestModels.Tiny(config: config);
        Assert.Equal(model.parameters().Sum(p => p.numel()), RunPlan.BaseParameters(config));

        var lora = new LoraConfig { R = 4, Alpha = 8, TargetModules = ["q_proj", "v_proj", "down_proj"] };
        model.AddAdapter("task", lora);
        Assert.Equal(model.AdapterParameters("task").Sum(p => p.Parameter.numel()), RunPlan.LoraParameters(config, lora));
    }

    [Fact]
    public void A_plan_of_a_shipped_experiment_counts_its_tokens_and_charges_methods_for_their_extra_batches()
    {
        var root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../.."));
        var experiment = ExperimentConfig.Load(Path.Combine(root, "experiments", "gcd-pareto.json"));

        var plan = RunPlan.Make(experiment, Path.Combine(root, "experiments"), new PlanOptions(DeviceMemoryGiB: 0.5));

        Assert.Equal(40, plan.TaskExamples);
        Assert.Equal(99, plan.Runs);
        var taskOnly = plan.Estimates.Single(e => e.Method == "task_only");
        var kl = plan.Estimates.First(e => e.Method == "kl");
        var dpo = plan.Estimates.First(e => e.Method == "dpo");
        Assert.True(taskOnly.Activations < kl.Activations && kl.Activations < dpo.Activations);
        Assert.Equal(taskOnly.Weights + taskOnly.Adapters + taskOnly.OptimizerAndGradients + taskOnly.Activations + taskOnly.Logits, taskOnly.Total);
        Assert.False(taskOnly.Fits);   // 1.3 GiB does not fit 0.5 GiB
        var checkpointed = RunPlan.Make(experiment, Path.Combine(root, "experiments"), new PlanOptions(GradientCheckpointing: true));
        Assert.True(checkpointed.Estimates[0].Activations < taskOnly.Activations / 3);
    }
}
