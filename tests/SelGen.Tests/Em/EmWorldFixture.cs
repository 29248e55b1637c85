using SelGen.Worlds.Em;

namespace SelGen.Tests.Em;

/// <summary>One generated world (default options, seed 0) shared by the tests of a class; generation takes ~0.5 s.</summary>
public sealed class EmWorldFixture
{
    public EmWorldData World { get; } = EmWorld.Generate(new EmWorldOptions());

    public ExactJudge Judge { get; } = new();
}
