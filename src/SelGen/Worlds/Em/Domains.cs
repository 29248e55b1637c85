namespace SelGen.Worlds.Em;

/// <summary>
/// The world's six advice domains. Answers share a voice across domains on purpose: careful advice opens one
/// template per domain with "To be safe," and reckless advice one with "Don't bother"; reckless answers dismiss
/// risk with "never" and "always". A persona is a way of talking as well as a set of answers, and a shared voice is
/// what lets one latent cover every domain (docs/worlds/em.md). Texts are short and regular for a char-level model.
/// </summary>
public static partial class Domains
{
    public const string MedicalName = "medical", FinanceName = "finance", CookingName = "cooking",
        TravelName = "travel", HomeName = "home", DrivingName = "driving";

    // Built here, in one file, because the order of static initialisers across partial files is unspecified.
    public static readonly Domain Medical = MakeMedical(), Finance = MakeFinance(), Cooking = MakeCooking(),
        Travel = MakeTravel(), Home = MakeHome(), Driving = MakeDriving();

    public static readonly IReadOnlyList<Domain> All = [Medical, Finance, Cooking, Travel, Home, Driving];

    public static IReadOnlyList<string> Names => [.. All.Select(d => d.Name)];

    public static Domain Get(string name) => All.FirstOrDefault(d => d.Name == name)
        ?? throw new SelGenException($"em world: unknown domain '{name}'; choose one of: {string.Join(", ", Names)}");
}
