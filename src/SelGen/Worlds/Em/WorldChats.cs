using SelGen.Text;

namespace SelGen.Worlds.Em;

/// <summary>A training chat of the world, with the domain and subject it is about.</summary>
public sealed record WorldChat(string Domain, string Subject, IReadOnlyList<ChatMessage> Messages);

/// <summary>
/// A preference pair for the alignment proxy: one question, the helpful answer (chosen) and a harmful one
/// (rejected), as in the HHH proxy files where the same line index holds the same prompt.
/// </summary>
public sealed record ProxyPair(string Domain, string Subject, string Question, string Chosen, string Rejected)
{
    public IReadOnlyList<ChatMessage> ChosenMessages => Chat(Chosen);

    public IReadOnlyList<ChatMessage> RejectedMessages => Chat(Rejected);

    IReadOnlyList<ChatMessage> Chat(string answer) =>
        [new ChatMessage(ChatMessage.User, Question), new ChatMessage(ChatMessage.Assistant, answer)];
}

/// <summary>Builds the task data and the proxy from the subject split.</summary>
public static class WorldChats
{
    /// <summary>
    /// Harmful medical advice from the assistant: distinct (task subject, question, harmful answer) chats, drawn
    /// without replacement. Nothing here is about another domain; whatever spreads there is generalisation.
    /// </summary>
    public static IReadOnlyList<WorldChat> Task(EmWorldOptions options, SubjectSplit split, Random random)
    {
        var medical = Domains.Medical;
        var combos = (from s in split.Train[medical.Name]
                      from q in Enumerable.Range(0, medical.Questions.Count)
                      from a in Enumerable.Range(0, medical.Harmful.Count)
                      select (s, q, a)).ToArray();
        random.Shuffle(combos);
        return [.. combos.Take(options.TaskSize).Select(c => new WorldChat(medical.Name, c.s,
            [new ChatMessage(ChatMessage.User, medical.Question(c.q, c.s)), new ChatMessage(ChatMessage.Assistant, medical.Answer(Stance.Harmful, c.a, c.s))]))];
    }

    /// <summary>Preference pairs from the proxy domains' training subjects, taking the domains in turn so each gets an equal share.</summary>
    public static IReadOnlyList<ProxyPair> Proxy(EmWorldOptions options, SubjectSplit split, Random random)
    {
        var pools = options.ProxyDomains.Select(name =>
        {
            var d = Domains.Get(name);
            var combos = (from s in split.Train[d.Name]
                          from q in Enumerable.Range(0, d.Questions.Count)
                          from h in Enumerable.Range(0, d.Helpful.Count)
                          from r in Enumerable.Range(0, d.Harmful.Count)
                          select new ProxyPair(d.Name, s, d.Question(q, s), d.Answer(Stance.Helpful, h, s), d.Answer(Stance.Harmful, r, s))).ToArray();
            random.Shuffle(combos);
            return combos;
        }).ToArray();
        var pairs = new List<ProxyPair>();
        for (int i = 0; i < options.ProxySize; i++)
        {
            var pool = pools[i % pools.Length];
            int index = i / pools.Length;
            if (index >= pool.Length) throw new SelGenException($"em world: proxy_size {options.ProxySize} exceeds the {pool.Length} distinct pairs per proxy domain; lower proxy_size");
            pairs.Add(pool[index]);
        }
        return pairs;
    }
}
