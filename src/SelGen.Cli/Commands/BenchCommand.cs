namespace SelGen.Cli.Commands;

/// <summary>selgen bench: speed and memory benchmarks (filled in by the engine issue).</summary>
public sealed class BenchCommand : ICommand
{
    public string Name => "bench";
    public string Summary => "speed and memory benchmarks";
    public string Help => "Usage: selgen bench train --preset NAME";

    public int Run(Arguments args) => throw new UsageException("not implemented yet");
}
