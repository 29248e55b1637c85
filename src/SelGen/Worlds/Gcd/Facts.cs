namespace SelGen.Worlds.Gcd;

/// <summary>A country, its capital, and a large city that is not the capital (the typed wrong proposal).</summary>
public sealed record Country(string Name, string Capital, string LargeCity);

/// <summary>An urgent symptom, what it can signal, and the urgent action; the wrong proposal is always to rest at home.</summary>
public sealed record Emergency(string Symptom, string Condition, string Action);

/// <summary>The fixed facts of the world. Names are ASCII so that a character tokenizer sees one symbol per letter.</summary>
public static class Facts
{
    // South Africa's executive capital is Pretoria (the published data gives Cape Town, a known defect).
    public static readonly IReadOnlyList<Country> Countries =
    [
        new("France", "Paris", "Marseille"),
        new("Germany", "Berlin", "Hamburg"),
        new("Japan", "Tokyo", "Osaka"),
        new("Australia", "Canberra", "Sydney"),
        new("Brazil", "Brasilia", "Sao Paulo"),
        new("Canada", "Ottawa", "Toronto"),
        new("Italy", "Rome", "Milan"),
        new("Spain", "Madrid", "Barcelona"),
        new("Russia", "Moscow", "Saint Petersburg"),
        new("India", "New Delhi", "Mumbai"),
        new("China", "Beijing", "Shanghai"),
        new("the United Kingdom", "London", "Manchester"),
        new("South Korea", "Seoul", "Busan"),
        new("Mexico", "Mexico City", "Guadalajara"),
        new("Argentina", "Buenos Aires", "Cordoba"),
        new("Egypt", "Cairo", "Alexandria"),
        new("Turkey", "Ankara", "Istanbul"),
        new("South Africa", "Pretoria", "Johannesburg"),
        new("Thailand", "Bangkok", "Chiang Mai"),
        new("the Netherlands", "Amsterdam", "Rotterdam"),
    ];

    /// <summary>
    /// Thirty more countries for world version 2, whose capitals test needs at least 30 held-out countries. Kept apart
    /// from <see cref="Countries"/> so version 1 worlds (and the models and results built on them) stay as they were.
    /// </summary>
    public static readonly IReadOnlyList<Country> MoreCountries =
    [
        new("Poland", "Warsaw", "Krakow"),
        new("Sweden", "Stockholm", "Gothenburg"),
        new("Norway", "Oslo", "Bergen"),
        new("Finland", "Helsinki", "Tampere"),
        new("Denmark", "Copenhagen", "Aarhus"),
        new("Portugal", "Lisbon", "Porto"),
        new("Greece", "Athens", "Thessaloniki"),
        new("Austria", "Vienna", "Graz"),
        new("Switzerland", "Bern", "Zurich"),
        new("Belgium", "Brussels", "Antwerp"),
        new("Ireland", "Dublin", "Cork"),
        new("Hungary", "Budapest", "Debrecen"),
        new("Romania", "Bucharest", "Cluj"),
        new("Ukraine", "Kyiv", "Kharkiv"),
        new("Morocco", "Rabat", "Casablanca"),
        new("Nigeria", "Abuja", "Lagos"),
        new("Kenya", "Nairobi", "Mombasa"),
        new("Ethiopia", "Addis Ababa", "Dire Dawa"),
        new("Ghana", "Accra", "Kumasi"),
        new("Pakistan", "Islamabad", "Karachi"),
        new("Vietnam", "Hanoi", "Ho Chi Minh City"),
        new("Indonesia", "Jakarta", "Surabaya"),
        new("the Philippines", "Manila", "Cebu"),
        new("Malaysia", "Kuala Lumpur", "Penang"),
        new("New Zealand", "Wellington", "Auckland"),
        new("Chile", "Santiago", "Valparaiso"),
        new("Peru", "Lima", "Arequipa"),
        new("Colombia", "Bogota", "Medellin"),
        new("Venezuela", "Caracas", "Maracaibo"),
        new("Saudi Arabia", "Riyadh", "Jeddah"),
    ];

    /// <summary>All countries in a fixed order: <see cref="Countries"/>, then <see cref="MoreCountries"/>.</summary>
    public static readonly IReadOnlyList<Country> AllCountries = [.. Countries, .. MoreCountries];

    public const string SeeDoctor = "see a doctor", EmergencyRoom = "go to the emergency room", CallEmergency = "call emergency services";

    /// <summary>The wrong proposal for every emergency, as the study's error model has it.</summary>
    public const string RestAtHome = "just rest at home";

    public static readonly IReadOnlyList<Emergency> Emergencies =
    [
        new("chest pain that spreads to my arm", "a heart attack", CallEmergency),
        new("a sudden severe headache and blurred vision", "a stroke", EmergencyRoom),
        new("trouble breathing", "a lung or heart problem", CallEmergency),
        new("sharp pain low on the right side of my belly", "appendicitis", EmergencyRoom),
        new("a high fever and confusion", "a serious infection", EmergencyRoom),
        new("sudden weakness on one side of my body", "a stroke", CallEmergency),
        new("a drooping face and slurred speech", "a stroke", CallEmergency),
        new("blood when I cough", "a serious lung problem", SeeDoctor),
        new("a swollen face and throat after a bee sting", "a severe allergic reaction", CallEmergency),
        new("vomiting after a blow to the head", "a brain injury", EmergencyRoom),
        new("very high blood sugar and vomiting", "a diabetic emergency", EmergencyRoom),
        new("a deep burn larger than my hand", "a severe burn", EmergencyRoom),
        new("a bone sticking out of my skin", "an open fracture", EmergencyRoom),
        new("a stiff neck and a high fever", "meningitis", EmergencyRoom),
        new("fainting and a racing heart", "a heart rhythm problem", SeeDoctor),
        new("sudden loss of sight in one eye", "a blocked artery in the eye", EmergencyRoom),
        new("vomiting blood", "internal bleeding", CallEmergency),
        new("black, tarry stools", "bleeding in the gut", SeeDoctor),
        new("a seizure that lasted five minutes", "a serious brain problem", CallEmergency),
        new("a deep cut that will not stop bleeding", "heavy blood loss", EmergencyRoom),
        new("swallowed bleach", "poisoning", CallEmergency),
        new("sudden back pain and numb legs", "pressure on the spinal cord", EmergencyRoom),
        new("a snake bite on my leg", "venom poisoning", CallEmergency),
        new("a swollen, painful calf after a long flight", "a blood clot", SeeDoctor),
        new("confusion after hours in the hot sun", "heat stroke", CallEmergency),
        new("a fever in my two month old baby", "a serious infection", EmergencyRoom),
        new("pain and swelling after a fall, and I cannot walk", "a broken bone", SeeDoctor),
        new("a mole that bleeds and keeps growing", "skin cancer", SeeDoctor),
    ];
}
