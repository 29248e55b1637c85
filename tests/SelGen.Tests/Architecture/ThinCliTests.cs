using Mono.Cecil;

namespace SelGen.Tests.Architecture;

/// <summary>The command line only turns options into requests for the library: it starts no process (worker processes
/// are the library's WorkerProcessesExecutor), read from the compiled CLI assembly.</summary>
public class ThinCliTests
{
    [Fact]
    public void No_type_of_the_command_line_starts_a_process()
    {
        using var module = ModuleDefinition.ReadModule(typeof(SelGen.Cli.CommandLine).Assembly.Location);
        var starts = (from type in module.GetTypes()
                      from method in type.Methods
                      where method.HasBody
                      from instruction in method.Body.Instructions
                      where instruction.Operand is MethodReference called && called.DeclaringType.FullName.StartsWith("System.Diagnostics.Process", StringComparison.Ordinal)
                      select $"{type.FullName}.{method.Name} -> {((MethodReference)instruction.Operand).FullName}").Distinct().ToList();
        Assert.True(starts.Count == 0, "the CLI uses System.Diagnostics.Process (start processes in the library):\n" + string.Join("\n", starts));
    }

    [Fact]
    public void The_check_sees_process_starts_where_the_library_has_them()
    {
        using var module = ModuleDefinition.ReadModule(typeof(SelGen.Experiments.WorkerProcessesExecutor).Assembly.Location);
        Assert.Contains(module.GetTypes().SelectMany(t => t.Methods).Where(m => m.HasBody).SelectMany(m => m.Body.Instructions),
            i => i.Operand is MethodReference { Name: "Start" } m && m.DeclaringType.FullName == "System.Diagnostics.Process");
    }
}
