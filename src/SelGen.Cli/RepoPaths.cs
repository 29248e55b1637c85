namespace SelGen.Cli;

/// <summary>Files that ship in the repository (the demo experiment, the pretrained base models).</summary>
public static class RepoPaths
{
    /// <summary>The repository root: the nearest folder above the program that holds experiments/demo.json.</summary>
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "experiments", "demo.json"))) return dir.FullName;
        throw new SelGenException("cannot find the SelGen repository (experiments/demo.json) above the program; run it through ./selgen in a checkout");
    }
}
