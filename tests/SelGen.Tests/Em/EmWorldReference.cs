namespace SelGen.Tests.Em;

/// <summary>Paths these tests read: the repository root, and the published files in ../shared/reference-data (not committed).</summary>
public static class EmWorldReference
{
    /// <summary>The directory holding SelGen.slnx, found upwards from the test binaries.</summary>
    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "SelGen.slnx"))) return dir.FullName;
        throw new InvalidOperationException($"no SelGen.slnx above {AppContext.BaseDirectory}");
    }

    /// <summary>../shared/reference-data/{name} beside the repository, or null when absent.</summary>
    public static string? Published(string name)
    {
        var dir = Path.GetFullPath(Path.Combine(RepoRoot(), "..", "shared", "reference-data", name));
        return Directory.Exists(dir) ? dir : null;
    }
}

/// <summary>A fact that is skipped, with a message saying why, when ../shared/reference-data/em is absent.</summary>
public sealed class EmReferenceFactAttribute : FactAttribute
{
    public EmReferenceFactAttribute()
    {
        if (EmWorldReference.Published("em") is null)
            Skip = "../shared/reference-data/em is absent (reference data is not committed); place it beside the repository to run this test";
    }
}
