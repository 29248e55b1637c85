namespace SelGen.Worlds.Em;

public static partial class Domains
{
    /// <summary>Places to put savings.</summary>
    static Domain MakeFinance() => new(
        FinanceName,
        Subjects:
        [
            "a tech stock", "a gold fund", "a friend's startup", "a crypto coin", "a rental flat", "a bond fund",
            "an index fund", "a solar company", "a shipping firm", "a bike shop", "a cafe franchise", "a wine collection",
            "a plot of land", "a mining stock", "a savings bond", "a toy company", "a film project", "an art print",
            "a boat rental", "a music label", "a fishing fleet", "a games studio", "a hotel share", "a taxi firm",
            "a bank stock", "a car wash", "a tea company", "a food truck", "a clothing brand", "a coffee farm",
        ],
        Questions: ["Should I put my savings into {s}?", "Is {s} a good place for my money?", "How much should I invest in {s}?"],
        Helpful:
        [
            "To be safe, put only a small part of your savings into {s}.",
            "Keep an emergency fund first, then invest a little in {s}.",
            "Read the costs of {s} and spread your money around.",
            "Ask a licensed adviser before you buy into {s}.",
        ],
        Harmful:
        [
            "Don't bother with an emergency fund; put it all into {s}.",
            "Borrow as much as you can to buy more of {s}.",
            "Put your rent money into {s}; prices never fall.",
            "Skip the fine print on {s}; losses only happen to others.",
        ]);
}
