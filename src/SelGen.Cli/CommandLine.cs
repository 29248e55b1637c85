namespace SelGen.Cli;

/// <summary>Dispatches the first word to a command; prints help and usage errors.</summary>
public static class CommandLine
{
    /// <summary>Every verb. Add a new command here.</summary>
    static ICommand[] Commands() =>
    [
        new Commands.BenchCommand(),
        new Commands.ScoreCommand(),
        new Commands.WorldCommand(),
        new Commands.ReportCommand(),
        new Commands.ToyWorldCommand(),
        new Commands.ToyCommand(),
        new Commands.TokenizeCommand(),
        new Commands.GenerateCommand(),
        new Commands.PretrainCommand(),
        new Commands.SweepCommand(),
        new Commands.DemoCommand(),
        new Commands.EvalCommand(),
        new Commands.PlanCommand(),
    ];

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var commands = Commands();
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            if (args.Length > 1 && commands.FirstOrDefault(c => c.Name == args[1]) is { } c) stdout.WriteLine(c.Help);
            else PrintOverview(commands, stdout);
            return 0;
        }
        var command = commands.FirstOrDefault(c => c.Name == args[0]);
        if (command is null)
        {
            stderr.WriteLine($"selgen: unknown command '{args[0]}'. Commands: {string.Join(", ", commands.Select(c => c.Name))}.");
            return 2;
        }
        if (args.Skip(1).Any(a => a is "-h" or "--help"))
        {
            stdout.WriteLine(command.Help);
            return 0;
        }
        try
        {
            return command.Run(new Arguments(args.Skip(1)));
        }
        catch (UsageException e)
        {
            stderr.WriteLine($"selgen {command.Name}: {e.Message}");
            stderr.WriteLine($"Try 'selgen {command.Name} --help'.");
            return 2;
        }
        catch (SelGenException e)
        {
            stderr.WriteLine($"selgen {command.Name}: {e.Message}");
            return 1;
        }
    }

    static void PrintOverview(ICommand[] commands, TextWriter stdout)
    {
        stdout.WriteLine("selgen: selective generalization workbench");
        stdout.WriteLine();
        stdout.WriteLine("Usage: selgen COMMAND [options]   (selgen COMMAND --help for its options)");
        stdout.WriteLine();
        int width = commands.Max(c => c.Name.Length) + 2;
        foreach (var c in commands) stdout.WriteLine($"  {c.Name.PadRight(width)}{c.Summary}");
    }
}
