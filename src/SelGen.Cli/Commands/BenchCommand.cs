namespace SelGen.Cli.Commands;

/// <summary>
/// selgen bench SUBVERB: speed and memory benchmarks. Each sub-verb is its own <see cref="ICommand"/>;
/// add one to <see cref="SubVerbs"/> to extend the verb.
/// </summary>
public sealed class BenchCommand : ICommand
{
    static ICommand[] SubVerbs() =>
    [
        new BenchTrainCommand(),
        new BenchGenerateCommand(),
        new BenchMethodsCommand(),
        new BenchSweepCommand(),
    ];

    public string Name => "bench";
    public string Summary => "speed and memory benchmarks (" + string.Join(", ", SubVerbs().Select(v => v.Name)) + ")";

    public string Help =>
        "Usage: selgen bench SUBVERB [options]\n\nSub-verbs:\n"
        + string.Join("\n", SubVerbs().Select(v => $"  {v.Name,-10}{v.Summary}"))
        + "\n\n" + string.Join("\n\n", SubVerbs().Select(v => v.Help));

    public int Run(Arguments args)
    {
        var names = string.Join(", ", SubVerbs().Select(v => v.Name));
        if (args.Positionals.Count == 0) throw new UsageException($"missing sub-verb; choose one of: {names}");
        var verb = SubVerbs().FirstOrDefault(v => v.Name == args.Positionals[0])
            ?? throw new UsageException($"unknown sub-verb '{args.Positionals[0]}'; choose one of: {names}");
        return verb.Run(args);
    }
}
