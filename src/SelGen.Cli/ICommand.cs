namespace SelGen.Cli;

/// <summary>One verb of the CLI. A command only turns options into a request for the library and prints the answer.</summary>
public interface ICommand
{
    /// <summary>The verb as typed, e.g. "bench" or "generate".</summary>
    string Name { get; }

    /// <summary>One line for the command list.</summary>
    string Summary { get; }

    /// <summary>Full help text: usage line and every option with its default.</summary>
    string Help { get; }

    int Run(Arguments args);
}
