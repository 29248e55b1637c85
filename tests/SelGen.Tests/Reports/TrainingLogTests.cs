using SelGen.Reports;
using SelGen.Tests.Experiments;
using Xunit;

namespace SelGen.Tests.Reports;

public class TrainingLogTests : IDisposable
{
    readonly TempDir _dir = new();
    public void Dispose() => _dir.Dispose();

    string Write(params string[] lines)
    {
        var path = Path.Combine(_dir.Path, "train.jsonl");
        File.WriteAllLines(path, lines);
        return path;
    }

    [Fact]
    public void Numeric_fields_become_series_by_step_and_other_values_are_ignored()
    {
        var log = TrainingLog.Read(Write(
            """{"step": 0, "loss": 2.5, "kl": 0.0, "phase": "train"}""",
            "",
            """{"step": 1, "loss": 2.0, "note": null}""",
            """{"step": 2, "loss": 1.5, "kl": 0.2}"""));
        var (steps, loss) = log.Series("loss");
        Assert.Equal([0.0, 1, 2], steps);
        Assert.Equal([2.5, 2.0, 1.5], loss);
        var (klSteps, kl) = log.Series("kl");
        Assert.Equal([0.0, 2], klSteps);
        Assert.Equal([0.0, 0.2], kl);
        Assert.Empty(log.Series("absent").Steps);
        Assert.DoesNotContain("phase", log.Fields);
    }

    [Fact]
    public void A_line_without_loss_is_an_error_naming_file_and_line()
    {
        var path = Write("""{"step": 0, "loss": 2.5}""", """{"step": 1}""");
        var e = Assert.Throws<SelGenException>(() => TrainingLog.Read(path));
        Assert.Contains($"{path}:2", e.Message);
        Assert.Contains("'loss'", e.Message);
    }

    [Fact]
    public void A_fractional_step_is_an_error()
    {
        var e = Assert.Throws<SelGenException>(() => TrainingLog.Read(Write("""{"step": 1.5, "loss": 2.5}""")));
        Assert.Contains("field 'step' must be a whole number", e.Message);
    }

    [Fact]
    public void Bad_json_is_an_error_naming_the_line()
    {
        var path = Write("""{"step": 0, "loss": 2.5}""", """{"step": 1, "loss": NaN}""");
        var e = Assert.Throws<SelGenException>(() => TrainingLog.Read(path));
        Assert.Contains($"{path}:2", e.Message);
    }
}
