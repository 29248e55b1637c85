using SelGen.Training;
using static TorchSharp.torch;

namespace SelGen.Tests.Training;

public class TokenMathTests
{
    [Fact]
    public void Kl_is_zero_when_policy_equals_reference()
    {
        using var scope = NewDisposeScope();
        var logits = randn(2, 5, 7);
        Assert.True(TokenMath.KlPerPosition(logits, logits.clone()).abs().max().item<float>() < 1e-7);
    }

    [Fact]
    public void Kl_equals_a_hand_computed_value_on_a_three_word_vocabulary()
    {
        using var scope = NewDisposeScope();
        // p = softmax(log [0.5, 0.3, 0.2]) = [0.5, 0.3, 0.2]; q = [0.25, 0.25, 0.5].
        // KL(p‖q) = 0.5 ln 2 + 0.3 ln 1.2 + 0.2 ln 0.4 = 0.346574 + 0.054696 − 0.183258 = 0.218012
        var p = tensor(new[] { 0.5f, 0.3f, 0.2f }).log().view(1, 1, 3);
        var q = tensor(new[] { 0.25f, 0.25f, 0.5f }).log().view(1, 1, 3);
        var logitsP = cat([p, zeros(1, 1, 3)], dim: 1);   // the last position predicts nothing and is dropped
        var logitsQ = cat([q, zeros(1, 1, 3)], dim: 1);
        Assert.Equal(0.218012, TokenMath.KlPerPosition(logitsP, logitsQ).item<float>(), 5);
    }

    [Fact]
    public void Kl_gradient_matches_a_finite_difference()
    {
        using var scope = NewDisposeScope();
        var g = new Generator(5);
        var policy = randn([1, 3, 4], generator: g, dtype: ScalarType.Float64).requires_grad_();
        var reference = randn([1, 3, 4], generator: g, dtype: ScalarType.Float64);
        TokenMath.KlPerPosition(policy, reference).sum().backward();
        var analytic = policy.grad!.clone();
        const double h = 1e-6;
        using var _ = no_grad();
        for (int t = 0; t < 2; t++)
            for (int v = 0; v < 4; v++)
            {
                var plus = policy.clone(); plus[0, t, v] += h;
                var minus = policy.clone(); minus[0, t, v] -= h;
                double numeric = (TokenMath.KlPerPosition(plus, reference).sum().item<double>() - TokenMath.KlPerPosition(minus, reference).sum().item<double>()) / (2 * h);
                Assert.Equal(numeric, analytic[0, t, v].item<double>(), 6);
            }
    }

    [Fact]
    public void Cross_entropy_averages_over_trained_tokens_only()
    {
        using var scope = NewDisposeScope();
        // Two sequences; uniform logits over 4 words give −log(1/4) per trained token whatever is masked.
        var batch = Batch.Collate([new Example([1, 2, 3], [false, false, true]), new Example([1, 2], [false, true])], padId: 0);
        var logits = zeros(2, 3, 4);
        Assert.Equal(Math.Log(4), TokenMath.CrossEntropy(logits, batch).item<float>(), 5);
        Assert.Equal([0f, 1f, 1f, 0f], batch.TargetMask.flatten().data<float>().ToArray());
    }

    [Fact]
    public void Collation_pads_on_the_right_and_never_trains_padding_or_the_first_token()
    {
        using var scope = NewDisposeScope();
        using var batch = Batch.Collate([new Example([5, 6, 7], [true, true, true]), new Example([8, 9], [false, true])], padId: 0);
        Assert.Equal([2L, 3L], batch.InputIds.shape);
        Assert.Equal([5L, 6, 7, 8, 9, 0], batch.InputIds.data<long>().ToArray());
        Assert.Equal([1f, 1, 1, 1, 1, 0], batch.AttentionMask.data<float>().ToArray());
        Assert.Equal([1f, 1, 1, 0], batch.TargetMask.data<float>().ToArray());   // (B, T-1): tokens 1..T-1
    }

    [Fact]
    public void Dpo_loss_is_log_two_when_policy_equals_reference()
    {
        using var scope = NewDisposeScope();
        var chosen = tensor(new[] { -3.0f, -1.5f });
        var rejected = tensor(new[] { -2.0f, -4.0f });
        Assert.Equal(Math.Log(2), TokenMath.DpoLoss(chosen, rejected, chosen, rejected, 0.1).item<float>(), 6);
    }

    [Fact]
    public void Projected_gradient_is_orthogonal_to_the_alignment_gradient()
    {
        using var scope = NewDisposeScope();
        var g = new Generator(2);
        var task = randn([1000], generator: g);
        var align = randn([1000], generator: g);
        var projected = TokenMath.Project(task, align, onlyOnConflict: false);
        double relative = (projected * align).sum().item<float>() / (projected.norm().item<float>() * align.norm().item<float>());
        Assert.True(Math.Abs(relative) < 1e-6, $"relative dot {relative}");
    }

    [Fact]
    public void Pcgrad_mode_leaves_non_conflicting_gradients_untouched()
    {
        using var scope = NewDisposeScope();
        var task = tensor(new[] { 1.0f, 2.0f });
        var agreeing = tensor(new[] { 1.0f, 0.0f });
        Assert.True(task.Identical(TokenMath.Project(task, agreeing, onlyOnConflict: true)));
        var conflicting = tensor(new[] { -1.0f, 0.0f });
        var projected = TokenMath.Project(task, conflicting, onlyOnConflict: true);
        Assert.Equal([0f, 2f], projected.data<float>().ToArray());
    }

    [Fact]
    public void Linear_schedule_warms_up_then_decays_to_near_zero()
    {
        var c = new TrainingConfig { LearningRate = 1.0, WarmupSteps = 4 };
        Assert.Equal(0.2, c.LearningRateAt(0, 20), 10);
        Assert.Equal(1.0, c.LearningRateAt(4, 20), 10);
        Assert.Equal(1.0 / 16, c.LearningRateAt(19, 20), 10);
        var cosine = c with { Schedule = LrSchedule.Cosine };
        Assert.Equal(0.5, cosine.LearningRateAt(12, 20), 10);
    }
}
