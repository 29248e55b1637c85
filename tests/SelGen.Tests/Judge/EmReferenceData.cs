using Xunit;
namespace SelGen.Tests.Judge;

/// <summary>The published question files in ../shared/reference-data/em, which are not committed with the code.</summary>
static class EmReferenceData
{
    public static string? Directory { get; } = Find();

    public static string File(string name) => Path.Combine(Directory ?? throw new InvalidOperationException("no reference data"), name);

    static string? Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!System.IO.File.Exists(Path.Combine(dir.FullName, "SelGen.slnx"))) continue;
            var em = Path.Combine(dir.FullName, "..", "shared", "reference-data", "em");
            return System.IO.Directory.Exists(em) ? Path.GetFullPath(em) : null;
        }
        return null;
    }
}

/// <summary>A test that reads the published question files; skipped, saying why, when they are absent.</summary>
sealed class EmReferenceFactAttribute : FactAttribute
{
    public EmReferenceFactAttribute()
    {
        if (EmReferenceData.Directory is null)
            Skip = "../shared/reference-data/em is absent (reference data is not committed); place it beside the repository to run this test";
    }
}
