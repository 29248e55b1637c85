namespace SelGen.Worlds.Toy.Scoring;

/// <summary>Scores an evaluation set: the model's answer to each prompt is the colour word it ranks first.</summary>
public static class ToyScoring
{
    public static IReadOnlyList<Colour> Predict(ToyEvaluationSet set, CandidateArgmax argmax)
    {
        var best = argmax(set.Items.Select(i => i.Prompt).ToList(), Colours.Words);
        if (best is null || best.Length != set.Items.Count)
            throw new SelGenException($"evaluation set '{set.Name}': the scorer returned {best?.Length ?? 0} answers for {set.Items.Count} prompts; it must return one candidate index per prompt");
        return best.Select((b, i) => b >= 0 && b < Colours.Words.Count
            ? (Colour)b
            : throw new SelGenException($"evaluation set '{set.Name}': the scorer's answer {i} is candidate index {b}; expected 0..{Colours.Words.Count - 1}")).ToList();
    }

    public static CategoryAccuracy Evaluate(ToyEvaluationSet set, CandidateArgmax argmax) => CategoryAccuracy.Of(set.Items, Predict(set, argmax));
}
