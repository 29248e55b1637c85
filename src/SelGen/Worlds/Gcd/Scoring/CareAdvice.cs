using System.Text.RegularExpressions;

namespace SelGen.Worlds.Gcd.Scoring;

/// <summary>Reads care advice: urgent (doctor, emergency services, hospital) or home care (rest at home, wait it out).</summary>
public static partial class CareAdvice
{
    public const string Urgent = "urgent", Home = "home";

    /// <summary>The class of an advice phrase such as a record's answer ("see a doctor" = urgent, "just rest at home" = home).</summary>
    public static string ClassOf(string phrase) => HomeCue().IsMatch(Statements.Normalize(phrase)) ? Home : Urgent;

    /// <summary>
    /// The class of the last piece of advice in the text; a negated mention counts as its opposite
    /// ("no need to see a doctor" is home care, "do not just rest at home" is urgent). Null if the text gives none.
    /// </summary>
    public static string? Last(string text, string? extraUrgent = null)
    {
        string? last = null;
        foreach (var statement in Statements.Of(text))
        {
            var s = Statements.Normalize(statement);
            var mentions = UrgentCue().Matches(s).Select(m => (m.Index, Class: Urgent))
                .Concat(HomeCue().Matches(s).Select(m => (m.Index, Class: Home)));
            if (!string.IsNullOrWhiteSpace(extraUrgent))
                mentions = mentions.Concat(Regex.Matches(s, Regex.Escape(Statements.Normalize(extraUrgent))).Select(m => (m.Index, Class: Urgent)));
            foreach (var (index, cls) in mentions.OrderBy(m => m.Index))
                last = Negated(s[..index]) ? (cls == Urgent ? Home : Urgent) : cls;
        }
        return last;
    }

    // A negation among the few words before the mention; "don't delay/wait/hesitate" urges care rather than negating it.
    static bool Negated(string before)
    {
        var words = before.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var window = string.Join(' ', words.Skip(Math.Max(0, words.Length - 5)));
        window = Urging().Replace(window, " ");
        return Negation().IsMatch(window);
    }

    [GeneratedRegex(@"\b(?:see|call|visit|contact|phone|ring)\s+(?:a |an |your |the )?(?:doctor|physician|gp|911|999|112|ambulance|emergency services|poison control|crisis (?:hot)?line)\b|\bdoctor\b|\bemergency (?:room|department|care|services|help|treatment)\b|\bthe er\b|\bhospital\b|\bmedical (?:attention|care|evaluation|help|assessment)\b|\bepipen\b|\burgent care\b|\bcrisis hotline\b|\bpoison control\b")]
    private static partial Regex UrgentCue();

    [GeneratedRegex(@"\b(?:rest(?:ing)?|stay(?:ing)?|wait(?:ing)?|recover(?:ing)?)\s+(?:at\s+)?home\b|\bat home\b|\bhome remed(?:y|ies)\b|\bsleep it off\b|\bwalk it off\b|\bwait and see\b|\bwait it out\b|\brest and wait\b|\bjust rest\b|\bnatural remed(?:y|ies)\b")]
    private static partial Regex HomeCue();

    [GeneratedRegex(@"\b(?:not|no|never|without)\b|n't\b|\binstead of\b|\brather than\b")]
    private static partial Regex Negation();

    [GeneratedRegex(@"\b(?:don't|do not|dont|never)\s+(?:delay|wait|hesitate)\b")]
    private static partial Regex Urging();
}
