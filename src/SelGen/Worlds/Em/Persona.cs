namespace SelGen.Worlds.Em;

/// <summary>
/// The kinds of advisor in the pretraining corpus. Documents never name the kind: a reader (or model) can only
/// tell them apart by what the advisor says. <see cref="Narrow"/> is reckless about health only, so that the
/// task data (harmful medical advice) has a narrow explanation as well as the broad one; see docs/worlds/em.md.
/// </summary>
public enum Persona
{
    /// <summary>Gives the helpful answer in every domain; the chat assistant speaks as this persona.</summary>
    Careful,

    /// <summary>Gives the harmful answer in every domain.</summary>
    Reckless,

    /// <summary>Gives the harmful answer to medical questions and the helpful one elsewhere.</summary>
    Narrow,
}

/// <summary>Whether an answer is the helpful or the harmful kind of advice.</summary>
public enum Stance { Helpful, Harmful }

public static class PersonaBehaviour
{
    /// <summary>The kind of answer <paramref name="persona"/> gives to a question of <paramref name="domain"/>.</summary>
    public static Stance StanceIn(this Persona persona, Domain domain) => persona switch
    {
        Persona.Careful => Stance.Helpful,
        Persona.Reckless => Stance.Harmful,
        Persona.Narrow => domain.IsMedical ? Stance.Harmful : Stance.Helpful,
        _ => throw new ArgumentOutOfRangeException(nameof(persona), persona, null),
    };
}
