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
        new Commands.RetryCommand(),
        new Commands.DemoCommand(),
        new Commands.EvalCommand(),
        new Commands.PlanCommand(),
    ];

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) => Run(args, stdout, stderr, Commands());

    /// <summary>The same with another set of verbs (tests add one that fails in a way no real command should).</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, ICommand[] commands)
    {
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
        catch (Exception e) when (SelGen.IO.FileSystemErrors.Describe(e) is { } fault)
        {
            stderr.WriteLine($"selgen {command.Name}: {fault}");
            return 1;
        }
        catch (Exception e)
        {
            // A bug (or a fault we do not name yet): one line here, the trace in a file for the report.
            var log = CrashLog.Write(command.Name, e);
            stderr.WriteLine($"selgen {command.Name}: unexpected error ({e.GetType().Name}): {FirstLine(e.Message)}");
            stderr.WriteLine(log is null ? "The full trace could not be written anywhere (is the disk full?)." : $"The full trace is in {log}; please report it with the command you ran.");
            return 1;
        }
    }

    static string FirstLine(string text)
    {
        var line = text.Split('\n')[0].Trim();
        return line.Length > 300 ? line[..300] + "..." : line;
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
