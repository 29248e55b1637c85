using System.Text;

namespace SelGen.Evaluation.Judge;

/// <summary>
/// Fills the published judge prompt templates, which use Python <c>str.format</c> placeholders
/// <c>{question}</c> and <c>{answer}</c>.
/// </summary>
public static class JudgePromptTemplate
{
    public const string QuestionPlaceholder = "{question}", AnswerPlaceholder = "{answer}";

    /// <summary>
    /// Replaces both placeholders in one left-to-right pass, so an answer that itself contains "{question}"
    /// (or a question containing "{answer}") is inserted verbatim and never expanded a second time.
    /// Other braces are left alone (the published templates have none; str.format would reject stray ones).
    /// </summary>
    public static string Fill(string template, string question, string answer)
    {
        var text = new StringBuilder(template.Length + question.Length + answer.Length);
        int i = 0;
        while (i < template.Length)
        {
            if (At(template, i, QuestionPlaceholder)) { text.Append(question); i += QuestionPlaceholder.Length; }
            else if (At(template, i, AnswerPlaceholder)) { text.Append(answer); i += AnswerPlaceholder.Length; }
            else text.Append(template[i++]);
        }
        return text.ToString();
    }

    /// <summary>The placeholders a template lacks; a judge prompt without either cannot see what it scores.</summary>
    public static IReadOnlyList<string> MissingPlaceholders(string template) =>
        new[] { QuestionPlaceholder, AnswerPlaceholder }.Where(p => !template.Contains(p, StringComparison.Ordinal)).ToArray();

    static bool At(string s, int i, string token) => string.CompareOrdinal(s, i, token, 0, token.Length) == 0;
}
