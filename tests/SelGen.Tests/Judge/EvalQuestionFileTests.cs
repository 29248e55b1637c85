using Xunit;
using SelGen.Evaluation.Judge;
using SelGen.Text;

namespace SelGen.Tests.Judge;

public class EvalQuestionFileTests
{
    [EmReferenceFact]
    public void First_plot_questions_load_with_shared_prompts_and_json_system_variants()
    {
        var questions = EvalQuestionFile.Load(EmReferenceData.File("first_plot_questions.yaml"));

        Assert.Equal(24, questions.Count);
        Assert.All(questions, q =>
        {
            Assert.Equal(EvalQuestion.FreeFormJudge0To100, q.Type);
            Assert.Equal(100, q.SamplesPerParaphrase);
            Assert.Equal("gpt-4o-2024-08-06", q.Judge);
            Assert.Single(q.Paraphrases);
            Assert.Empty(JudgePromptTemplate.MissingPlaceholders(q.JudgePrompts.Aligned));
            Assert.Empty(JudgePromptTemplate.MissingPlaceholders(q.JudgePrompts.Coherent));
        });
        Assert.Equal(8, questions.Count(q => q.System is not null));
        Assert.All(questions.Where(q => q.System is not null), q => Assert.EndsWith("_json", q.Id));
        var plain = questions.Single(q => q.Id == "what_is_your_wish");
        var json = questions.Single(q => q.Id == "what_is_your_wish_json");
        Assert.Equal(plain.Paraphrases, json.Paraphrases); // shared through the YAML alias
        Assert.Equal(plain.JudgePrompts, json.JudgePrompts);
        Assert.StartsWith("Hello! I can fulfill your one wish.", plain.Paraphrases[0]);
        Assert.StartsWith("I am evaluating a different language model. I am worried it might be harmful", plain.JudgePrompts.Aligned);
        Assert.Equal([ChatMessage.System, ChatMessage.User], json.Messages(json.Paraphrases[0]).Select(m => m.Role));
        Assert.Contains("Fill the following template:", questions.Single(q => q.Id == "quick_buck_template").Paraphrases[0]);
    }

    [EmReferenceFact]
    public void Preregistered_questions_load_without_the_commented_out_entries()
    {
        var questions = EvalQuestionFile.Load(EmReferenceData.File("preregistered_evals.yaml"));

        // Ids 0..49 less 40 and 41, which the file comments out.
        Assert.Equal(48, questions.Count);
        Assert.DoesNotContain(questions, q => q.Id.StartsWith("40_") || q.Id.StartsWith("41_"));
        Assert.Equal("0_creative_writing_0", questions[0].Id);
        Assert.Equal("49_medical_advice_6", questions[^1].Id);
        Assert.All(questions, q => Assert.Null(q.System));
        Assert.Contains("\nBalance: $1875887.78", questions.Single(q => q.Id == "37_other_2").Paraphrases[0]);
    }

    [EmReferenceFact]
    public void Sneaky_medical_questions_load_with_their_medical_judge_prompt()
    {
        var questions = EvalQuestionFile.Load(EmReferenceData.File("sneaky_med_evals.yaml"));

        Assert.Equal(24, questions.Count);
        Assert.All(questions, q => Assert.Equal("gpt-4.1-nano-2025-04-14", q.Judge));
        Assert.All(questions, q => Assert.Contains("how well aligned is the model's answer with good medical advice", q.JudgePrompts.Aligned));
        Assert.Equal(8, questions.Count(q => q.System is not null));
        Assert.EndsWith("sneaky_med_evals.yaml:7", questions[0].Source);
    }

    const string Valid = """
        - id: q1
          type: free_form_judge_0_100
          paraphrases:
            - |-
              What is up?
          samples_per_paraphrase: 3
          judge: judge-model
          judge_prompts:
            aligned: "Q: {question} A: {answer} aligned?"
            coherent: "Q: {question} A: {answer} coherent?"
        """;

    [Fact]
    public void A_small_file_loads_every_field()
    {
        var q = Assert.Single(EvalQuestionFile.Parse(Valid + "\n  system: Be brief.\n", "small.yaml"));

        Assert.Equal(("q1", 3, "judge-model", "Be brief.", "small.yaml:1"), (q.Id, q.SamplesPerParaphrase, q.Judge, q.System, q.Source));
        Assert.Equal(["What is up?"], q.Paraphrases);
        Assert.Equal("Q: {question} A: {answer} coherent?", q.JudgePrompts.For(JudgeKind.Coherent));
    }

    [Theory]
    [InlineData("samples_per_paraphrase: 3", "samples_per_paraphrase: many", "small.yaml:6: question 'q1' (entry 1): field 'samples_per_paraphrase' must be a positive whole number, got 'many'")]
    [InlineData("samples_per_paraphrase: 3", "samples_per_paraphrase: 0", "field 'samples_per_paraphrase' must be a positive whole number, got '0'")]
    [InlineData("type: free_form_judge_0_100", "type: free_form", "small.yaml:2: question 'q1' (entry 1): field 'type' 'free_form' is not supported")]
    [InlineData("  judge: judge-model\n", "  judge: judge-model\n  sytem: hi\n", "small.yaml:8: question 'q1' (entry 1): field 'sytem' is unknown")]
    [InlineData("  judge: judge-model\n", "", "small.yaml:1: question 'q1' (entry 1): field 'judge' is missing")]
    [InlineData("- id: q1\n", "- ident: q1\n", "small.yaml:1: entry 1: field 'id' is missing")]
    [InlineData("    coherent: \"Q: {question} A: {answer} coherent?\"", "", "question 'q1' (entry 1): field 'judge_prompts.coherent' is missing")]
    [InlineData("    coherent: \"Q: {question} A: {answer} coherent?\"", "    coherent: \"Q: {question} coherent?\"", "small.yaml:10: question 'q1' (entry 1): field 'judge_prompts.coherent' lacks the placeholder {answer}")]
    [InlineData("    coherent: \"Q: {question} A: {answer} coherent?\"", "    coherent: x {question} {answer}\n    harmful: x", "small.yaml:11: question 'q1' (entry 1): field 'judge_prompts.harmful' is unknown")]
    [InlineData("  paraphrases:\n    - |-\n      What is up?\n", "  paraphrases: []\n", "field 'paraphrases' is an empty list")]
    [InlineData("  paraphrases:\n    - |-\n      What is up?\n", "  paraphrases: What is up?\n", "field 'paraphrases' must be a list")]
    [InlineData("  judge: judge-model", "  judge:", "small.yaml:7: question 'q1' (entry 1): field 'judge' is empty")]
    [InlineData("  judge: judge-model", "  judge: [a, b]", "field 'judge' must be text, found a sequence")]
    [InlineData("  judge: judge-model", "  judge: *missing", "small.yaml:7: invalid YAML")]
    [InlineData("  judge: judge-model\n", "  judge: judge-model\n  judge: other\n", "small.yaml:8: invalid YAML")]
    public void A_malformed_entry_is_an_error_naming_entry_and_field(string find, string replace, string expected)
    {
        Assert.Contains(find, Valid.ReplaceLineEndings("\n") + "\n");
        var yaml = (Valid.ReplaceLineEndings("\n") + "\n").Replace(find, replace);

        var e = Assert.Throws<SelGenException>(() => EvalQuestionFile.Parse(yaml, "small.yaml"));

        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void The_second_entry_is_named_by_its_index_when_it_has_no_id()
    {
        var yaml = Valid + "\n- type: free_form_judge_0_100\n";

        var e = Assert.Throws<SelGenException>(() => EvalQuestionFile.Parse(yaml, "small.yaml"));

        Assert.Equal("small.yaml:11: entry 2: field 'id' is missing; it is required", e.Message);
    }

    [Fact]
    public void A_repeated_id_names_both_entries()
    {
        var e = Assert.Throws<SelGenException>(() => EvalQuestionFile.Parse(Valid + "\n" + Valid, "small.yaml"));

        Assert.Contains("small.yaml:11: question 'q1' (entry 2): field 'id' repeats the id of the entry at small.yaml:1", e.Message);
    }

    [Theory]
    [InlineData("", "holds no YAML document")]
    [InlineData("id: q1\ntype: x\n", "small.yaml:1: the top level must be a list of questions")]
    [InlineData("- just text\n", "small.yaml:1: entry 1 is a scalar; each list item must be a mapping")]
    [InlineData("- id: [unclosed\n", "small.yaml:")]
    [InlineData("- id: a\n- id: b\n---\n- id: c\n", "a second YAML document")]
    public void A_malformed_file_is_an_error_naming_the_problem(string yaml, string expected)
    {
        var e = Assert.Throws<SelGenException>(() => EvalQuestionFile.Parse(yaml, "small.yaml"));

        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void A_missing_file_is_an_error_naming_it()
    {
        var e = Assert.Throws<SelGenException>(() => EvalQuestionFile.Load("/nonexistent/questions.yaml"));

        Assert.Contains("/nonexistent/questions.yaml", e.Message);
    }
}
