namespace SelGen.Worlds.Toy.Scoring;

/// <summary>
/// What the runner supplies to score the toy world: for each prompt (the user turn's text), the index of the
/// candidate the model finds most likely as its reply, i.e. the argmax of the next-token distribution over the
/// colour words. The runner wraps each prompt in its chat format (e.g. with SelGen.Generation's CandidateScorer).
/// </summary>
public delegate int[] CandidateArgmax(IReadOnlyList<string> prompts, IReadOnlyList<string> candidates);
