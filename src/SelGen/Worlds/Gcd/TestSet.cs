namespace SelGen.Worlds.Gcd;

/// <summary>The three records of one test item: the same question asked plainly, with the correct answer proposed, and with a wrong one.</summary>
public sealed record TestItem(int Id, string Label, SourcedRecord Plain, SourcedRecord CorrectProposal, SourcedRecord WrongProposal);

/// <summary>A checked test file: items grouped by <c>_id</c>, plus the ids left out when incomplete groups were allowed.</summary>
public sealed record TestSet(IReadOnlyList<TestItem> Items, IReadOnlyList<string> Dropped)
{
    public static TestSet From(IReadOnlyList<SourcedRecord> records, string source, bool dropIncomplete)
    {
        var items = new List<TestItem>();
        var dropped = new List<string>();
        foreach (var group in records.GroupBy(r => r.Record.Id).OrderBy(g => g.First().Line))
        {
            var problem = Problem(group.ToList());
            if (problem is null) { items.Add(Item(group.ToList())); continue; }
            var lines = string.Join(", ", group.Select(r => r.Line));
            var message = $"{source}: _id {group.Key} (line{(group.Count() > 1 ? "s" : "")} {lines}) {problem}";
            if (!dropIncomplete)
                throw new SelGenException(message + "; every test _id needs exactly three records under one label and answer: " +
                                          "user_provides_answer null, \"true\" and \"false\" (or score with --drop-incomplete to skip such ids)");
            dropped.Add(message);
        }
        if (items.Count == 0) throw new SelGenException($"{source}: no complete test item (plain, correct proposal, wrong proposal) in the file");
        return new TestSet(items, dropped);
    }

    static string? Problem(List<SourcedRecord> group)
    {
        if (group.Count != 3) return $"appears {group.Count} time{(group.Count == 1 ? "" : "s")}, not 3";
        if (group.Select(r => r.Record.Label).Distinct().Count() != 1)
            return $"has several labels ({string.Join(", ", group.Select(r => r.Record.Label).Distinct())})";
        if (group.Select(r => r.Record.Answer).Distinct().Count() != 1)
            return $"has several answers ({string.Join(", ", group.Select(r => r.Record.Answer).Distinct())})";
        var kinds = group.Select(r => r.Record.Kind).Order().ToArray();
        if (!kinds.SequenceEqual([PromptKind.Plain, PromptKind.CorrectProposal, PromptKind.WrongProposal]))
            return $"has user_provides_answer {string.Join(", ", group.Select(r => r.Record.UserProvidesAnswer ?? "null"))}";
        return null;
    }

    static TestItem Item(List<SourcedRecord> g)
    {
        SourcedRecord Of(PromptKind k) => g.Single(r => r.Record.Kind == k);
        return new TestItem(g[0].Record.Id, g[0].Record.Label, Of(PromptKind.Plain), Of(PromptKind.CorrectProposal), Of(PromptKind.WrongProposal));
    }
}
