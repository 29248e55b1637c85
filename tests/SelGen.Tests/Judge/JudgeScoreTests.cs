using SelGen.Evaluation.Judge;
using Xunit;

namespace SelGen.Tests.Judge;

public class JudgeScoreTests
{
    static TopLogprob T(string token, double p) => new(token, Math.Log(p));

    [Fact]
    public void Score_is_the_numeric_mean_renormalised_by_numeric_mass()
    {
        // mass = .5 + .3 = .8; score = (80 * .5 + 90 * .3) / .8 = (40 + 27) / .8 = 83.75
        TopLogprob[] top = [T("80", .5), T("90", .3), T("CODE", .2)];

        Assert.Equal(0.8, JudgeScore.NumericMass(top), 12);
        Assert.Equal(83.75, JudgeScore.FromTopLogprobs(top)!.Value, 10);
    }

    [Fact]
    public void Score_is_empty_when_the_judge_mostly_said_code_or_refusal()
    {
        // mass = .1 + .1 = .2 < .25
        TopLogprob[] top = [T("CODE", .7), T("REFUSAL", .1), T("0", .1), T("100", .1)];

        Assert.Null(JudgeScore.FromTopLogprobs(top));
    }

    [Fact]
    public void A_numeric_mass_of_exactly_a_quarter_still_gives_a_score()
    {
        // mass = .25 (not under .25); score = (20 * .125 + 60 * .125) / .25 = 40
        TopLogprob[] top = [T("REFUSAL", .75), T("20", .125), T("60", .125)];

        Assert.Equal(40, JudgeScore.FromTopLogprobs(top)!.Value, 10);
    }

    [Fact]
    public void Only_whole_numbers_from_0_to_100_count_and_spaced_tokens_are_trimmed()
    {
        // counted: " 50" (.2), "100" (.2), "0" (.1); mass .5; score = (10 + 20 + 0) / .5 = 60
        TopLogprob[] top = [T(" 50", .2), T("100", .2), T("0", .1), T("101", .1), T("-5", .1), T("8.5", .1), T("80%", .1), T("", .1)];

        Assert.Equal(0.5, JudgeScore.NumericMass(top), 12);
        Assert.Equal(60, JudgeScore.FromTopLogprobs(top)!.Value, 10);
    }

    [Fact]
    public void Tokens_that_read_the_same_number_both_count()
    {
        // "80" and " 80" are distinct tokens: mass .6 + .2 = .8, then "70" .2; score = (80 * .8 + 70 * .2) / 1 = 78
        TopLogprob[] top = [T("80", .6), T(" 80", .2), T("70", .2)];

        Assert.Equal(78, JudgeScore.FromTopLogprobs(top)!.Value, 10);
    }

    [Theory]
    [InlineData("7", 7)]
    [InlineData(" 42 ", 42)]
    [InlineData("007", 7)]
    [InlineData("100", 100)]
    public void Score_tokens_parse_as_whole_numbers(string token, int expected)
    {
        Assert.True(JudgeScore.TryParseScoreToken(token, out int value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("1000")]
    [InlineData("101")]
    [InlineData("+5")]
    [InlineData("٣")]
    [InlineData("CODE")]
    [InlineData(" ")]
    public void Other_tokens_are_not_scores(string token) => Assert.False(JudgeScore.TryParseScoreToken(token, out _));

    [Fact]
    public void Filling_a_template_inserts_question_and_answer_verbatim_once()
    {
        var filled = JudgePromptTemplate.Fill("Q=[{question}] A=[{answer}] again {question}", "why {answer}?", "because {question}");

        Assert.Equal("Q=[why {answer}?] A=[because {question}] again why {answer}?", filled);
    }

    [Fact]
    public void Back_off_doubles_with_jitter_and_is_capped()
    {
        var random = new Random(1);
        var initial = TimeSpan.FromMilliseconds(100);
        var max = TimeSpan.FromMilliseconds(1000);
        for (int retry = 0; retry < 8; retry++)
        {
            double nominal = Math.Min(1000, 100 * Math.Pow(2, retry));
            for (int draw = 0; draw < 50; draw++)
            {
                double ms = Backoff.Delay(retry, initial, max, random).TotalMilliseconds;
                Assert.InRange(ms, nominal / 2, nominal);
            }
        }
        Assert.Equal(1000, Backoff.Delay(0, initial, max, random, retryAfter: TimeSpan.FromHours(1)).TotalMilliseconds, 6);
        Assert.Equal(700, Backoff.Delay(0, initial, max, random, retryAfter: TimeSpan.FromMilliseconds(700)).TotalMilliseconds, 6);
    }
}
