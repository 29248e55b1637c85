namespace SelGen.Worlds.Toy;

/// <summary>A named list of questions to score: prompt text, category, trigger and expected colour in each item.</summary>
public sealed record ToyEvaluationSet(string Name, FVersion Target, IReadOnlyList<ToyItem> Items);

/// <summary>Proxy data for phase 3: <see cref="Size"/> training triggers of one category, labelled by the updated F.</summary>
public sealed record ToyProxySet(ToyCategory Category, int Size, IReadOnlyList<string> Triggers, IReadOnlyList<ToyItem> Items)
{
    public string Name => $"{Category.Key()}_{Size}";
}

/// <summary>
/// Everything the toy protocol trains and evaluates on, drawn from one seed.
/// Phase 1 learns the base F (<see cref="Phase1Train"/>; tests on new points and on held-out triggers).
/// Phase 2, the narrow update, retrains positive emotions to the updated F (<see cref="Phase2Train"/>).
/// Phase 3 repeats phase 2 from the phase-1 model with one <see cref="Proxies"/> set added.
/// Every phase is scored on <see cref="Evaluation"/>: held-out triggers of all seven categories under the
/// updated F, which for every category but positive emotions is the unchanged base F.
/// </summary>
public sealed record ToyWorldData(
    ToyWorldOptions Options,
    TriggerSplit Split,
    IReadOnlyList<ToyItem> Phase1Train,
    ToyEvaluationSet Phase1NewPoints,
    ToyEvaluationSet Phase1HeldOut,
    IReadOnlyList<ToyItem> Phase2Train,
    IReadOnlyList<ToyProxySet> Proxies,
    ToyEvaluationSet Evaluation,
    ToyEvaluationSet ProxyTriggerCheck)
{
    public ToyProxySet Proxy(ToyCategory category, int size) =>
        Proxies.FirstOrDefault(p => p.Category == category && p.Size == size)
        ?? throw new SelGenException($"no proxy set '{category.Key()}_{size}'; the world has {string.Join(", ", Proxies.Select(p => p.Name))}");

    /// <summary>Phase 3's training data when the proxy is simply mixed in (the study's protocol): the narrow update plus the proxy.</summary>
    public IReadOnlyList<ToyItem> Phase3Train(ToyCategory category, int size) => [.. Phase2Train, .. Proxy(category, size).Items];
}
