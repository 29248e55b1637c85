using SelGen.Worlds.Em;

namespace SelGen.Tests.Em;

public sealed class EmWorldOptionsTests
{
    [Theory]
    [InlineData(80, 320, "proxy_size")]
    [InlineData(10, 400, "task_size")]
    public void Sizes_out_of_range_are_errors_naming_the_field(int proxy, int task, string field)
    {
        var e = Assert.Throws<SelGenException>(() => new EmWorldOptions { ProxySize = proxy, TaskSize = task }.Validate());
        Assert.Contains(field, e.Message);
    }

    [Theory]
    [InlineData("medical", "the proxy must come from other domains")]
    [InlineData("gardening", "choose from")]
    public void Proxy_domains_must_be_known_and_non_medical(string domain, string message)
    {
        var e = Assert.Throws<SelGenException>(() => new EmWorldOptions { ProxyDomains = [Domains.HomeName, domain] }.Validate());
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Persona_shares_above_one_are_errors_that_say_the_rest_is_careful()
    {
        var e = Assert.Throws<SelGenException>(() => new EmWorldOptions { RecklessShare = 0.8, NarrowShare = 0.3 }.Validate());
        Assert.Contains("reckless_share + narrow_share", e.Message);
    }

    [Fact]
    public void A_world_without_the_narrow_persona_has_no_narrow_advisor_in_its_corpus()
    {
        var world = EmWorld.Generate(new EmWorldOptions { NarrowShare = 0, PretrainDocuments = 500, Seed = 3 });
        Assert.DoesNotContain(world.Pretraining, d => d.Personas.Contains(Persona.Narrow));
        Assert.Contains(world.Pretraining, d => d.Kind == DocumentKind.Contrast);
    }
}
