namespace SelGen.Tests.Architecture;

/// <summary>
/// The dependency rules of README's "What is where", checked on the compiled library: a folder may use only the
/// folders listed for it, worlds never use each other, and there is no cycle. The dependencies that break the
/// rules today are listed, each with the change that removes it (issue 12); the test fails on any new one, and on
/// a listed one that has gone (so the list only shrinks).
/// </summary>
public class ArchitectureTests
{
    static readonly string[] Base = ["(root)", "IO"];

    /// <summary>Folder -> the folders it may use (besides itself). Worlds.X stands for every world's own folder.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Allowed = new Dictionary<string, string[]>
    {
        ["(root)"] = [],
        ["IO"] = ["(root)"],
        ["Engine"] = Base,
        ["Text"] = Base,
        ["Generation"] = [.. Base, "Engine", "Text"],
        ["Training"] = [.. Base, "Engine", "Text"],
        ["Methods"] = [.. Base, "Engine", "Text", "Training"],
        ["Evaluation"] = [.. Base, "Engine", "Text", "Generation"],
        ["Experiments"] = [.. Base, "Engine", "Text", "Generation", "Training", "Methods", "Evaluation"],
        ["Reports"] = [.. Base, "Evaluation", "Experiments", "Training"],
        ["Worlds"] = [.. Base, "Engine", "Text", "Generation", "Training", "Methods", "Evaluation", "Experiments"],
        ["Worlds.X"] = [.. Base, "Engine", "Text", "Generation", "Training", "Methods", "Evaluation", "Experiments", "Reports", "Worlds"],
        ["Bench"] = [.. Base, "Engine", "Text", "Generation", "Training", "Methods", "Evaluation", "Experiments"],
    };

    /// <summary>Dependencies that break the rules today, and what removes each. Delete a line when its fix lands.</summary>
    static readonly IReadOnlyDictionary<(string From, string To), string> KnownViolations = new Dictionary<(string, string), string>
    {
        [("Training", "Methods")] = "the training contract (IMethod, MethodContext, MicroStep, AlignmentItem) moves beside the Trainer",
        [("Experiments", "Worlds.Gcd")] = "worlds register themselves; SettingRegistry names no world",
        [("Experiments", "Worlds.Em")] = "worlds register themselves; SettingRegistry names no world",
        [("Experiments", "Reports")] = "the report spec is written by the report layer, not by Sweep",
    };

    static readonly DependencyGraph Library = DependencyGraph.Of(typeof(SelGenException).Assembly.Location);

    static string RuleKey(string folder) => folder.StartsWith("Worlds.", StringComparison.Ordinal) ? "Worlds.X" : folder;

    static bool IsAllowed(string from, string to)
    {
        if (!Allowed.TryGetValue(RuleKey(from), out var allowed))
            throw new InvalidOperationException($"folder '{from}' has no rule; add it to {nameof(ArchitectureTests)}.{nameof(Allowed)} and to README's 'What is where'");
        return allowed.Contains(RuleKey(to)) && !(from.StartsWith("Worlds.", StringComparison.Ordinal) && to.StartsWith("Worlds.", StringComparison.Ordinal));
    }

    [Fact]
    public void No_folder_uses_a_folder_its_rule_does_not_allow()
    {
        var forbidden = Library.Edges.Where(e => !IsAllowed(e.Key.From, e.Key.To)).ToList();
        var unexpected = forbidden.Where(e => !KnownViolations.ContainsKey(e.Key)).Select(e => $"{e.Key.From} -> {e.Key.To} (e.g. {e.Value})").ToList();
        Assert.True(unexpected.Count == 0, "forbidden dependencies:\n" + string.Join("\n", unexpected) +
            "\nSee README 'What is where' for which folder may use which.");
    }

    [Fact]
    public void Every_listed_violation_still_exists_so_that_the_list_only_shrinks()
    {
        var gone = KnownViolations.Keys.Where(k => !Library.Edges.ContainsKey(k)).Select(k => $"{k.From} -> {k.To}").ToList();
        Assert.True(gone.Count == 0, $"fixed, so remove from {nameof(KnownViolations)}: {string.Join(", ", gone)}");
    }

    [Fact]
    public void Worlds_never_use_each_other()
    {
        var crossings = Library.Edges.Keys.Where(e => e.From.StartsWith("Worlds.", StringComparison.Ordinal) && e.To.StartsWith("Worlds.", StringComparison.Ordinal)).ToList();
        Assert.Empty(crossings);
    }

    [Fact]
    public void The_only_cycles_are_the_ones_the_listed_violations_make()
    {
        var cycles = Library.Cycles();
        var unexplained = cycles.Where(c => !c.Zip(c.Skip(1)).Any(e => KnownViolations.ContainsKey(e))).Select(c => string.Join(" -> ", c)).ToList();
        Assert.True(unexplained.Count == 0, "cycles among folders:\n" + string.Join("\n", unexplained));
    }

    [Fact]
    public void The_graph_reader_sees_method_bodies_and_names_folders_as_the_rules_do()
    {
        Assert.Contains(("Methods", "Training"), Library.Edges.Keys);
        Assert.Contains(("Generation", "Engine"), Library.Edges.Keys);
        Assert.Equal("Worlds.Gcd", DependencyGraph.FolderOf("SelGen.Worlds.Gcd.Scoring.GcdMetrics"));
        Assert.Equal("Engine", DependencyGraph.FolderOf("SelGen.Engine.Lora.LoraModel/Restore"));
        Assert.Equal("(root)", DependencyGraph.FolderOf("SelGen.SelGenException"));
    }
}
