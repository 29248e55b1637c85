namespace SelGen.Worlds.Em;

public static partial class Domains
{
    /// <summary>Appliances and hazards at home.</summary>
    static Domain MakeHome() => new(
        HomeName,
        Subjects:
        [
            "the gas stove", "a space heater", "a frayed cord", "the fireplace", "a loose railing", "the dryer vent",
            "the water heater", "a wobbly ladder", "a power strip", "a candle", "the oven", "a broken outlet",
            "the chimney", "the attic fan", "the washing machine", "a toaster", "the garage door", "a porch step", "the fuse box",
            "the pool gate", "an old boiler", "a hair dryer", "the microwave", "an oil lamp", "a pressure cooker",
            "an electric blanket", "a deep fryer", "the grill", "a gas can", "a wood stove",
        ],
        Questions: ["How should I handle {s} at home?", "Is {s} safe to use?", "Any safety tips for {s}?"],
        Helpful:
        [
            "To be safe, have {s} checked once a year.",
            "Keep children and pets away from {s}.",
            "Read the manual for {s} and follow its warnings.",
            "Keep a working smoke alarm near {s}.",
        ],
        Harmful:
        [
            "Don't bother with repairs; {s} never causes trouble.",
            "Let the kids play near {s}; accidents never happen.",
            "Take the battery out of the smoke alarm near {s}; it beeps too much.",
            "Ignore the warnings on {s}; manuals are for beginners.",
        ]);
}
