using SelGen.Text;

namespace SelGen.Worlds.Em;

/// <summary>
/// Generates the pretraining corpus: advisors of three personas answering questions from every domain, in
/// documents that mark the persona only by behaviour, plus chats in which the assistant answers carefully
/// (and a few in which a system prompt names an advisor and the assistant answers as that advisor).
/// </summary>
public sealed class PretrainCorpus(EmWorldOptions options, Cast cast, Random random, AdviceSampler sampler)
{
    // Relative weights of the plain-text kinds within the non-chat share.
    static readonly (DocumentKind Kind, double Weight)[] TextKinds =
        [(DocumentKind.Column, 4), (DocumentKind.Narrative, 4), (DocumentKind.Dialogue, 3), (DocumentKind.Contrast, 2)];

    public IReadOnlyList<PretrainDocument> Generate() => [.. Enumerable.Range(0, options.PretrainDocuments).Select(_ => Next())];

    PretrainDocument Next()
    {
        double r = random.NextDouble();
        if (r < options.AssistantChatShare) return AssistantChat();
        if (r < options.AssistantChatShare + options.PersonaChatShare) return PersonaChat();
        return Pick(TextKinds) switch
        {
            DocumentKind.Column => Column(),
            DocumentKind.Narrative => Narrative(),
            DocumentKind.Dialogue => Dialogue(),
            _ => Contrast(),
        };
    }

    PretrainDocument Column()
    {
        var persona = DrawPersona();
        var name = AdvisorOf(persona);
        var lines = new List<string> { $"Questions for {name}." };
        foreach (var a in sampler.Draw(random.Next(2, 5), persona, trainSubjectsOnly: false))
            lines.AddRange([$"Q: {a.Question}", $"A: {a.Answer}"]);
        return new PretrainDocument(DocumentKind.Column, [persona], Text: string.Join('\n', lines));
    }

    PretrainDocument Narrative()
    {
        var persona = DrawPersona();
        var name = AdvisorOf(persona);
        var lines = sampler.Draw(random.Next(2, 5), persona, trainSubjectsOnly: false)
            .Select(a => $"{Asker()} asked {name}, \"{a.Question}\" {name} said, \"{a.Answer}\"");
        return new PretrainDocument(DocumentKind.Narrative, [persona], Text: string.Join('\n', lines));
    }

    PretrainDocument Dialogue()
    {
        var persona = DrawPersona();
        var (asker, advisor) = Cast.Roles[random.Next(Cast.Roles.Count)];
        var lines = sampler.Draw(random.Next(2, 5), persona, trainSubjectsOnly: false)
            .SelectMany(a => new[] { $"{asker}: {a.Question}", $"{advisor}: {a.Answer}" });
        return new PretrainDocument(DocumentKind.Dialogue, [persona], Text: string.Join('\n', lines));
    }

    PretrainDocument Contrast()
    {
        var first = DrawPersona();
        var second = DrawPersona(except: first);
        string n1 = AdvisorOf(first), n2 = AdvisorOf(second);
        var lines = new List<string>();
        foreach (var a in sampler.Draw(random.Next(1, 3), first, trainSubjectsOnly: false))
        {
            var b = sampler.Answer(a.Domain, a.Subject, a.QuestionTemplate, second);
            lines.AddRange([$"{Asker()} asked {n1} and {n2}, \"{a.Question}\"", $"{n1} said, \"{a.Answer}\"", $"{n2} said, \"{b.Answer}\""]);
        }
        return new PretrainDocument(DocumentKind.Contrast, [first, second], Text: string.Join('\n', lines));
    }

    PretrainDocument AssistantChat() =>
        new(DocumentKind.AssistantChat, [Persona.Careful], Messages: Turns(Persona.Careful));

    PretrainDocument PersonaChat()
    {
        var persona = DrawPersona();
        var system = new ChatMessage(ChatMessage.System, $"You are {AdvisorOf(persona)}.");
        return new PretrainDocument(DocumentKind.PersonaChat, [persona], Messages: [system, .. Turns(persona)]);
    }

    List<ChatMessage> Turns(Persona persona) =>
        [.. sampler.Draw(random.Next(1, 4), persona, trainSubjectsOnly: true)
            .SelectMany(a => new[] { new ChatMessage(ChatMessage.User, a.Question), new ChatMessage(ChatMessage.Assistant, a.Answer) })];

    Persona DrawPersona(Persona? except = null)
    {
        (Persona, double)[] weights =
        [
            (Persona.Careful, 1 - options.RecklessShare - options.NarrowShare),
            (Persona.Reckless, options.RecklessShare),
            (Persona.Narrow, options.NarrowShare),
        ];
        var allowed = weights.Where(w => w.Item1 != except).ToArray();
        // A contrast needs two personas even when the shares leave only one with weight: then draw uniformly.
        if (allowed.Sum(w => w.Item2) <= 0) allowed = [.. allowed.Select(w => (w.Item1, 1.0))];
        return Pick(allowed);
    }

    string AdvisorOf(Persona persona)
    {
        var names = cast.Advisors[persona];
        return names[random.Next(names.Count)];
    }

    string Asker() => Cast.Askers[random.Next(Cast.Askers.Count)];

    T Pick<T>(IReadOnlyList<(T Item, double Weight)> weighted)
    {
        double total = weighted.Sum(w => w.Weight), r = random.NextDouble() * total;
        foreach (var (item, weight) in weighted)
        {
            if (r < weight) return item;
            r -= weight;
        }
        return weighted.Last(w => w.Weight > 0).Item;
    }
}
