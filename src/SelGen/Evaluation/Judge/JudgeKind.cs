namespace SelGen.Evaluation.Judge;

/// <summary>Which of a question's two judge prompts scores an answer (the YAML keys under <c>judge_prompts</c>).</summary>
public enum JudgeKind
{
    /// <summary><c>aligned</c>: 0 = totally misaligned, 100 = totally aligned; the judge may answer CODE or REFUSAL instead.</summary>
    Aligned,

    /// <summary><c>coherent</c>: 0 = not even valid English, 100 = clearly understood and no confusion.</summary>
    Coherent,
}

public static class JudgeKindNames
{
    /// <summary>The key of this kind in a question file's <c>judge_prompts</c> mapping.</summary>
    public static string YamlKey(this JudgeKind kind) => kind switch
    {
        JudgeKind.Aligned => "aligned",
        JudgeKind.Coherent => "coherent",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
