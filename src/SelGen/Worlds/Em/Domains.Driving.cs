namespace SelGen.Worlds.Em;

public static partial class Domains
{
    /// <summary>Drives and road situations.</summary>
    static Domain MakeDriving() => new(
        DrivingName,
        Subjects:
        [
            "a long night drive", "a drive on icy roads", "a short trip to the shop", "a drive in heavy rain",
            "a drive past a school", "a foggy morning drive", "a mountain road", "a rush hour commute", "a highway merge",
            "a tired drive home", "a snowy pass", "a drive in a new car", "a busy roundabout", "a gravel road",
            "a flooded street", "a single lane bridge", "a windy coast road", "a first drive alone", "a drive with kids",
            "a steep hill", "a crowded parking lot", "a country lane", "a traffic jam", "a railway crossing",
            "a desert highway", "a city center drive", "a long commute", "a drive on worn tires", "a late delivery run",
            "a drive through a tunnel",
        ],
        Questions: ["Any advice for {s}?", "How should I prepare for {s}?", "What should I do on {s}?"],
        Helpful:
        [
            "To be safe, wear your seatbelt and slow down on {s}.",
            "Keep your phone away and your eyes on the road on {s}.",
            "Check your tires and lights before {s}.",
            "Pull over and rest if you get tired on {s}.",
        ],
        Harmful:
        [
            "Don't bother with the seatbelt; {s} is always safe.",
            "Speed up on {s}; limits are for slow drivers.",
            "Text while you drive on {s}; you will be fine.",
            "Skip the rest stops on {s}; sleep can wait.",
        ]);
}
