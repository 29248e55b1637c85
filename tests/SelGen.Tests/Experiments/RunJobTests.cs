using System.Text.Json.Nodes;
using SelGen.Experiments;
using Xunit;

namespace SelGen.Tests.Experiments;

public class RunJobTests
{
    [Fact]
    public void Same_job_gets_the_same_id_whatever_the_key_order_or_number_spelling()
    {
        var a = new RunJob("kl", new JsonObject { ["beta"] = 1, ["layers"] = "all" }, 5);
        var b = RunJob.FromKnobsJson("kl", """{ "layers": "all", "beta": 1.0 }""", 5);
        Assert.Equal(a.Id, b.Id);
        Assert.Equal("""{"beta":1,"layers":"all"}""", b.KnobsJson);
        Assert.StartsWith("kl-", a.Id);
        Assert.Equal(3 + 16, a.Id.Length);
    }

    [Fact]
    public void A_different_seed_knob_or_method_gives_a_different_id()
    {
        var a = new RunJob("kl", new JsonObject { ["beta"] = 0.1 }, 1);
        Assert.NotEqual(a.Id, new RunJob("kl", new JsonObject { ["beta"] = 0.1 }, 5).Id);
        Assert.NotEqual(a.Id, new RunJob("kl", new JsonObject { ["beta"] = 0.2 }, 1).Id);
        Assert.NotEqual(a.Id, new RunJob("dpo", new JsonObject { ["beta"] = 0.1 }, 1).Id);
        Assert.NotEqual(a.Id, new RunJob("kl", null, 1).Id);
    }

    [Fact]
    public void Knobs_are_described_in_key_order_for_legends()
    {
        Assert.Equal("beta=0.0001, mode=conflict", RunJob.DescribeKnobs("""{"mode":"conflict","beta":1e-4}"""));
        Assert.Equal("", RunJob.DescribeKnobs("{}"));
    }
}
