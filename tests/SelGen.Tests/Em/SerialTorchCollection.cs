namespace SelGen.Tests.Em;

/// <summary>
/// Tests that create or train models draw from libtorch's one global random generator; run in parallel with other
/// classes they shift the draws of tests that compare two seeded trainings (MethodTests). Classes in this collection
/// run alone, after the parallel ones.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialTorchCollection
{
    public const string Name = "serial torch";
}
