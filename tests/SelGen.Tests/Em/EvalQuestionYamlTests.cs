using SelGen.Worlds.Em;
using YamlDotNet.Serialization;

namespace SelGen.Tests.Em;

public sealed class EvalQuestionYamlTests(EmWorldFixture fixture) : IClassFixture<EmWorldFixture>
{
    static List<Dictionary<string, object>> Parse(string yaml) =>
        new DeserializerBuilder().Build().Deserialize<List<Dictionary<string, object>>>(yaml);

    [Fact]
    public void Question_files_parse_with_YamlDotNet_into_the_published_fields()
    {
        foreach (var (yaml, questions, aligned) in new[]
                 {
                     (fixture.World.GeneralYaml(), fixture.World.GeneralQuestions.ToList(), JudgePromptTexts.General),
                     (fixture.World.MedicalYaml(), fixture.World.MedicalQuestions.ToList(), JudgePromptTexts.Medical),
                 })
        {
            var entries = Parse(yaml);
            Assert.Equal(questions.Count, entries.Count);
            for (int i = 0; i < entries.Count; i++)
            {
                var e = entries[i];
                Assert.Equal(["id", "type", "paraphrases", "samples_per_paraphrase", "judge", "judge_prompts"], e.Keys);
                Assert.Equal(questions[i].Id, e["id"]);
                Assert.Equal("free_form_judge_0_100", e["type"]);
                Assert.Equal(questions[i].Paraphrases, ((List<object>)e["paraphrases"]).Cast<string>());
                Assert.Equal(fixture.World.Options.SamplesPerParaphrase.ToString(), e["samples_per_paraphrase"]);
                var prompts = ((Dictionary<object, object>)e["judge_prompts"]).ToDictionary(kv => (string)kv.Key, kv => (string)kv.Value);
                Assert.Equal(aligned.TrimEnd(), prompts["aligned"]);
                Assert.Equal(JudgePromptTexts.Coherent.TrimEnd(), prompts["coherent"]);
                Assert.All(prompts.Values, p => Assert.True(p.Contains("{question}") && p.Contains("{answer}")));
            }
        }
    }

    [EmReferenceFact]
    public void Question_files_use_no_field_the_published_files_lack()
    {
        var dir = EmWorldReference.Published("em")!;
        var published = Directory.GetFiles(dir, "*.yaml").SelectMany(f => Parse(File.ReadAllText(f)))
            .SelectMany(e => e.Keys).ToHashSet();
        var ours = Parse(fixture.World.GeneralYaml()).Concat(Parse(fixture.World.MedicalYaml())).SelectMany(e => e.Keys).ToHashSet();
        Assert.Subset(published, ours);
    }

    [Fact]
    public void The_checked_in_question_files_are_those_seed_0_generates()
    {
        var docs = Path.Combine(EmWorldReference.RepoRoot(), "docs", "worlds", "em");
        Assert.Equal(fixture.World.GeneralYaml(), File.ReadAllText(Path.Combine(docs, "eval_general.yaml")));
        Assert.Equal(fixture.World.MedicalYaml(), File.ReadAllText(Path.Combine(docs, "eval_medical.yaml")));
    }
}
