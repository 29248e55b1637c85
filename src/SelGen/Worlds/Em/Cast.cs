namespace SelGen.Worlds.Em;

/// <summary>
/// The people of the corpus. Advisor names are dealt to personas by the data seed, so nothing in a name (its
/// letters, its position in a list) says which persona it is; only the advice it gives does.
/// </summary>
public sealed record Cast(IReadOnlyDictionary<Persona, IReadOnlyList<string>> Advisors)
{
    public static readonly IReadOnlyList<string> AdvisorNames = ["Rowan", "Quill", "Edda", "Brax", "Milo", "Juno", "Tessa", "Vance", "Orla"];

    public static readonly IReadOnlyList<string> Askers =
        ["Ada", "Ben", "Cora", "Dev", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jin", "Kai", "Lena", "Max", "Nia", "Oli", "Pia"];

    /// <summary>Neutral role pairs (asker, answerer) for dialogues whose advisor has no name at all.</summary>
    public static readonly IReadOnlyList<(string Asker, string Advisor)> Roles = [("Caller", "Host"), ("Guest", "Neighbor"), ("Visitor", "Clerk")];

    public static Cast Deal(Random random)
    {
        var names = AdvisorNames.ToArray();
        random.Shuffle(names);
        var personas = Enum.GetValues<Persona>();
        int each = names.Length / personas.Length;
        var advisors = new Dictionary<Persona, IReadOnlyList<string>>();
        for (int i = 0; i < personas.Length; i++) advisors[personas[i]] = names[(i * each)..((i + 1) * each)];
        return new Cast(advisors);
    }
}
