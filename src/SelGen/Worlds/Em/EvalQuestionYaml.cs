using System.Text;

namespace SelGen.Worlds.Em;

/// <summary>
/// Writes evaluation questions in the published question-file layout (a YAML list of entries with id, type,
/// paraphrases, samples_per_paraphrase, judge, judge_prompts), so the same loader and judges read both.
/// Strings go in literal block scalars ("|-"), which need no escaping; judge prompts are written once and
/// referred to by alias, as the published files do.
/// </summary>
public static class EvalQuestionYaml
{
    public const string Type = "free_form_judge_0_100";

    public static string Write(IEnumerable<EmEvalQuestion> questions, string aligned, string header)
    {
        var sb = new StringBuilder();
        foreach (var line in header.Split('\n')) sb.Append("# ").Append(line).Append('\n');
        bool first = true;
        foreach (var q in questions)
        {
            sb.Append('\n').Append($"- id: {q.Id}\n");
            sb.Append($"  # domain: {q.Domain}; subject: {q.Subject}\n");
            sb.Append($"  type: {Type}\n");
            sb.Append("  paraphrases:\n");
            foreach (var p in q.Paraphrases) Block(sb, "    - ", p, "      ");
            sb.Append($"  samples_per_paraphrase: {q.SamplesPerParaphrase}\n");
            sb.Append($"  judge: {ExactJudge.Name}\n");
            if (first)
            {
                sb.Append("  judge_prompts: &judge_prompts\n");
                Block(sb, "    aligned: ", aligned, "      ");
                Block(sb, "    coherent: ", JudgePromptTexts.Coherent, "      ");
                first = false;
            }
            else sb.Append("  judge_prompts: *judge_prompts\n");
        }
        return sb.ToString();
    }

    static void Block(StringBuilder sb, string key, string text, string indent)
    {
        if (text.Length > 0 && char.IsWhiteSpace(text[0])) throw new ArgumentException($"a block scalar cannot start with whitespace: '{text}'");
        sb.Append(key).Append("|-\n");
        foreach (var line in text.Replace("\r\n", "\n").Split('\n'))
            sb.Append(line.Length == 0 ? "" : indent + line).Append('\n');
    }
}
