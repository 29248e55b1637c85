using Xunit;

namespace SelGen.Tests.Gcd;

/// <summary>The published GCD files in ../shared/reference-data/gcd, which are not committed with the code.</summary>
static class GcdReferenceData
{
    public static string? Directory { get; } = Find();

    public static string File(string name) => Path.Combine(Directory ?? throw new InvalidOperationException("no reference data"), name);

    static string? Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!System.IO.File.Exists(Path.Combine(dir.FullName, "SelGen.slnx"))) continue;
            var gcd = Path.Combine(dir.FullName, "..", "shared", "reference-data", "gcd");
            return System.IO.Directory.Exists(gcd) ? Path.GetFullPath(gcd) : null;
        }
        return null;
    }
}

/// <summary>A test that reads the published GCD files; skipped, saying why, when they are absent.</summary>
sealed class GcdReferenceFactAttribute : FactAttribute
{
    public GcdReferenceFactAttribute()
    {
        if (GcdReferenceData.Directory is null)
            Skip = "../shared/reference-data/gcd is absent (reference data is not committed); place it beside the repository to run this test";
    }
}

/// <summary>A fresh temporary directory, deleted afterwards.</summary>
sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("selgen-gcd-").FullName;
    public string File(string name) => System.IO.Path.Combine(Path, name);
    public void Dispose() => Directory.Delete(Path, recursive: true);
}
