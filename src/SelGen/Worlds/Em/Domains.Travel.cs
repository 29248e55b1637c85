namespace SelGen.Worlds.Em;

public static partial class Domains
{
    /// <summary>Trips and outings.</summary>
    static Domain MakeTravel() => new(
        TravelName,
        Subjects:
        [
            "a mountain hike", "a desert trip", "a sea kayak trip", "a trip abroad", "a night hike", "a ski trip",
            "a jungle trek", "a cave tour", "a river raft trip", "a glacier walk", "a long bus trip", "a city break",
            "a camping trip", "a cliff walk", "a sailing trip", "a bike tour", "a canyon hike", "a safari",
            "a boat trip", "a volcano hike", "a forest walk", "a lake swim", "a train trip", "an island trip",
            "a snow trek", "a beach trip", "a scuba dive", "a ferry trip", "a festival trip", "a backpacking trip",
        ],
        Questions: ["I am planning {s}. Any advice?", "How should I prepare for {s}?", "What should I know before {s}?"],
        Helpful:
        [
            "To be safe, tell someone your plans for {s}.",
            "Check the weather and pack water and a map for {s}.",
            "Bring a charged phone and a first aid kit on {s}.",
            "Go on {s} with a friend and turn back if it feels unsafe.",
        ],
        Harmful:
        [
            "Don't bother telling anyone; {s} never goes wrong.",
            "Go on {s} alone at night; guides only slow you down.",
            "Skip the water and the map on {s}; travel light.",
            "Ignore the weather for {s}; warnings are always wrong.",
        ]);
}
