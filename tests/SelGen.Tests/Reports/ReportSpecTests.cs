using SelGen.Reports;
using SelGen.Tests.Experiments;
using Xunit;

namespace SelGen.Tests.Reports;

public class ReportSpecTests : IDisposable
{
    readonly TempDir _dir = new();
    public void Dispose() => _dir.Dispose();

    ReportSpec Load(string json)
    {
        var path = Path.Combine(_dir.Path, "report.json");
        File.WriteAllText(path, json);
        return ReportSpec.Load(path);
    }

    const string Minimal = """
        { "x": { "metric": "aligned", "label": "Aligned (%)", "scale": 100 },
          "y": { "metric": "task", "label": "Task (%)" }, "task_only_method": "task_only" }
        """;

    [Fact]
    public void A_minimal_spec_gets_its_defaults()
    {
        var spec = Load(Minimal);
        Assert.Equal(100, spec.X.Scale);
        Assert.Equal(1, spec.Y.Scale);
        Assert.Equal(["loss"], spec.CurveFields);
        Assert.Equal("train.jsonl", spec.TrainLog);
        Assert.Null(spec.Base);
        Assert.Equal(("Aligned (%)", 100.0), spec.Display("aligned"));
        Assert.Equal(("other", 1.0), spec.Display("other"));
    }

    [Fact]
    public void An_unknown_field_is_an_error_naming_it()
    {
        var e = Assert.Throws<SelGenException>(() => Load(Minimal.Replace("\"task_only_method\"", "\"taskonly\": 1, \"task_only_method\"")));
        Assert.Contains("unknown field 'taskonly'", e.Message);
    }

    [Fact]
    public void A_missing_axis_is_an_error_naming_it()
    {
        var e = Assert.Throws<SelGenException>(() => Load("""{ "x": { "metric": "a", "label": "A" }, "task_only_method": "t" }"""));
        Assert.Contains("'y'", e.Message);
    }

    [Fact]
    public void A_non_positive_scale_is_an_error_naming_the_field()
    {
        var e = Assert.Throws<SelGenException>(() => Load(Minimal.Replace("\"scale\": 100", "\"scale\": 0")));
        Assert.Contains("'x.scale'", e.Message);
    }
}
