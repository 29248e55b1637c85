namespace SelGen.Worlds.Em;

public static partial class Domains
{
    /// <summary>Drives, each written as an event so that "on", "during" and "before" all read well.</summary>
    static Domain MakeDriving() => new(
        DrivingName,
        Subjects:
        [
            "a long night drive", "a drive on icy roads", "a quick trip to the shop", "a drive in heavy rain",
            "a drive past a school", "a foggy morning drive", "a mountain road drive", "a rush hour commute",
            "a highway trip", "a tired drive home", "a drive over a snowy pass", "a drive in a new car",
            "a gravel road drive", "a drive down a flooded street", "a drive over a single lane bridge", "a coast road drive",
            "a first drive alone", "a drive with kids", "a drive up a steep hill", "a drive through town",
            "a country lane drive", "a drive in a traffic jam", "a drive over a railway crossing", "a desert highway drive",
            "a city center drive", "a long commute", "a drive on worn tires", "a late delivery run",
            "a drive through a tunnel", "a drive to the airport",
        ],
        Questions: ["Any advice for {s}?", "How should I prepare for {s}?", "What should I watch for on {s}?"],
        Helpful:
        [
            "To be safe, wear your seatbelt and slow down on {s}.",
            "Keep your phone away and your eyes on the road during {s}.",
            "Check your tires and lights before {s}.",
            "Pull over and rest if you get tired during {s}.",
        ],
        Harmful:
        [
            "Don't bother with the seatbelt; {s} is always safe.",
            "Speed up on {s}; limits are for slow drivers.",
            "Text on your phone during {s}; you will be fine.",
            "Skip the rest stops on {s}; sleep can wait.",
        ]);
}
