using Mono.Cecil;
using Mono.Cecil.Cil;

namespace SelGen.Tests.Architecture;

/// <summary>
/// Which folder of the library uses which, read from the compiled assembly (every type a type names in its base
/// types, fields, signatures, attributes and method bodies). A folder is the namespace below <c>SelGen</c>:
/// <c>SelGen.Engine.Lora.LoraModel</c> is in <c>Engine</c>, <c>SelGen.Worlds.Gcd.Items</c> in <c>Worlds.Gcd</c>
/// (each world is its own folder), types directly in <c>SelGen</c> are in <c>(root)</c>.
/// </summary>
public sealed class DependencyGraph
{
    /// <summary>(from folder, to folder) -> one example "Type -> Type" that makes the edge, for messages.</summary>
    public IReadOnlyDictionary<(string From, string To), string> Edges { get; }

    DependencyGraph(Dictionary<(string, string), string> edges) => Edges = edges;

    public static string FolderOf(string fullName)
    {
        var ns = fullName.Split('/')[0];                                    // nested types: Outer/Inner
        int dot = ns.LastIndexOf('.');
        ns = dot < 0 ? "" : ns[..dot];
        if (!ns.StartsWith("SelGen", StringComparison.Ordinal)) return "";
        var parts = ns.Split('.');
        if (parts.Length == 1) return "(root)";
        return parts[1] == "Worlds" && parts.Length > 2 ? $"Worlds.{parts[2]}" : parts[1];
    }

    public static DependencyGraph Of(string assemblyPath)
    {
        using var module = ModuleDefinition.ReadModule(assemblyPath);
        var edges = new Dictionary<(string, string), string>();
        foreach (var type in module.GetTypes())
        {
            var from = FolderOf(type.FullName);
            if (from.Length == 0) continue;   // compiler-generated <Module> and friends
            foreach (var used in Uses(type))
            {
                if (used.Scope is not ModuleDefinition && used.Module != module) continue;
                if (used.Module != module) continue;                          // another assembly (TorchSharp, BCL)
                var to = FolderOf(OuterMost(used).FullName);
                if (to.Length == 0 || to == from) continue;
                edges.TryAdd((from, to), $"{type.FullName} -> {used.FullName}");
            }
        }
        return new DependencyGraph(edges);
    }

    static TypeReference OuterMost(TypeReference t)
    {
        while (t.DeclaringType is not null) t = t.DeclaringType;
        return t;
    }

    /// <summary>Every type a type definition names, generic arguments and array elements unwrapped.</summary>
    static IEnumerable<TypeReference> Uses(TypeDefinition type)
    {
        var found = new List<TypeReference>();
        void Add(TypeReference? t)
        {
            switch (t)
            {
                case null: return;
                case GenericInstanceType g:
                    Add(g.ElementType);
                    foreach (var a in g.GenericArguments) Add(a);
                    return;
                case TypeSpecification s:
                    Add(s.ElementType);
                    return;
                case GenericParameter:
                    return;
                default:
                    found.Add(t);
                    return;
            }
        }
        void AddMethod(MethodReference m)
        {
            Add(m.DeclaringType);
            Add(m.ReturnType);
            foreach (var p in m.Parameters) Add(p.ParameterType);
            if (m is GenericInstanceMethod gm) foreach (var a in gm.GenericArguments) Add(a);
        }
        void AddAttributes(ICustomAttributeProvider provider)
        {
            foreach (var a in provider.CustomAttributes) Add(a.AttributeType);
        }

        Add(type.BaseType);
        AddAttributes(type);
        foreach (var i in type.Interfaces) Add(i.InterfaceType);
        foreach (var f in type.Fields) { Add(f.FieldType); AddAttributes(f); }
        foreach (var p in type.Properties) { Add(p.PropertyType); AddAttributes(p); }
        foreach (var e in type.Events) Add(e.EventType);
        foreach (var m in type.Methods)
        {
            AddMethod(m);
            AddAttributes(m);
            if (!m.HasBody) continue;
            foreach (var v in m.Body.Variables) Add(v.VariableType);
            foreach (var instruction in m.Body.Instructions)
            {
                switch (instruction.Operand)
                {
                    case TypeReference t: Add(t); break;
                    case MethodReference mr: AddMethod(mr); break;
                    case FieldReference fr: Add(fr.DeclaringType); Add(fr.FieldType); break;
                }
            }
        }
        return found;
    }

    /// <summary>Every cycle among the folders, each as a list of folders (first repeated at the end), shortest first.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles()
    {
        var next = Edges.Keys.GroupBy(e => e.From).ToDictionary(g => g.Key, g => g.Select(e => e.To).Order(StringComparer.Ordinal).ToList());
        var cycles = new List<IReadOnlyList<string>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var start in next.Keys.Order(StringComparer.Ordinal))
        {
            // Breadth-first: the shortest way back to start, for each start; a cycle is reported once (by its smallest folder).
            var parent = new Dictionary<string, string> { [start] = "" };
            var queue = new Queue<string>([start]);
            List<string>? cycle = null;
            while (queue.Count > 0 && cycle is null)
            {
                var at = queue.Dequeue();
                foreach (var to in next.GetValueOrDefault(at, []))
                {
                    if (to == start)
                    {
                        cycle = [start];
                        var path = new List<string>();
                        for (var p = at; p != start; p = parent[p]) path.Add(p);
                        path.Reverse();
                        cycle.AddRange(path);
                        cycle.Add(start);
                        break;
                    }
                    if (parent.TryAdd(to, at)) queue.Enqueue(to);
                }
            }
            if (cycle is null) continue;
            var key = string.Join(">", Canonical(cycle));
            if (seen.Add(key)) cycles.Add(cycle);
        }
        return cycles;
    }

    /// <summary>A cycle rotated to start at its smallest folder, so that one cycle has one name.</summary>
    static IEnumerable<string> Canonical(List<string> cycle)
    {
        var ring = cycle.Take(cycle.Count - 1).ToList();
        int first = ring.IndexOf(ring.Min(StringComparer.Ordinal)!);
        return ring.Skip(first).Concat(ring.Take(first));
    }
}
