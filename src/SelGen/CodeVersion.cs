using System.Reflection;

namespace SelGen;

/// <summary>The git commit this build was made from ("abc123def456", with "-dirty" if it had uncommitted changes).</summary>
public static class CodeVersion
{
    public static string Current { get; } = Read();

    static string Read()
    {
        var info = typeof(CodeVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "";
        int plus = info.IndexOf('+');
        return plus >= 0 ? info[(plus + 1)..] : "unknown";
    }
}
