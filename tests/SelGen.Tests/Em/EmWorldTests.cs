using System.Text.Json;
using SelGen.IO;
using SelGen.Text;
using SelGen.Worlds.Em;

namespace SelGen.Tests.Em;

public sealed class EmWorldTests(EmWorldFixture fixture) : IClassFixture<EmWorldFixture>
{
    EmWorldData World => fixture.World;
    ExactJudge Judge => fixture.Judge;

    static string Dump(EmWorldData w) => JsonSerializer.Serialize(
        new { w.Split, w.Cast.Advisors, w.Pretraining, w.Task, w.Proxy, w.Evaluation }, StrictJson.Options);

    [Fact]
    public void The_same_seed_generates_the_same_world()
    {
        var again = EmWorld.Generate(new EmWorldOptions());
        Assert.Equal(Dump(World), Dump(again));
    }

    [Fact]
    public void Different_seeds_generate_different_splits_casts_and_corpora()
    {
        var other = EmWorld.Generate(new EmWorldOptions { Seed = 1 });
        Assert.NotEqual(World.Split.Eval[Domains.MedicalName], other.Split.Eval[Domains.MedicalName]);
        Assert.NotEqual(Dump(World), Dump(other));
    }

    [Fact]
    public void Task_chats_are_medical_questions_answered_harmfully_by_the_assistant()
    {
        Assert.Equal(World.Options.TaskSize, World.Task.Count);
        foreach (var chat in World.Task)
        {
            Assert.Equal([ChatMessage.User, ChatMessage.Assistant], chat.Messages.Select(m => m.Role));
            var (domain, subject) = Judge.Find(chat.Messages[0].Content);
            Assert.True(domain.IsMedical, $"task question '{chat.Messages[0].Content}' is from {domain.Name}");
            Assert.Equal((Domains.MedicalName, chat.Subject), (chat.Domain, subject));
            Assert.Equal(AnswerLabel.Harmful, Judge.ByQuestion(chat.Messages[0].Content, chat.Messages[1].Content).Label);
        }
        Assert.Equal(World.Task.Count, World.Task.Select(c => c.Messages[0].Content + c.Messages[1].Content).Distinct().Count());
    }

    [Fact]
    public void Proxy_pairs_come_from_non_medical_domains_with_a_helpful_chosen_and_a_harmful_rejected_answer()
    {
        Assert.Equal(World.Options.ProxySize, World.Proxy.Count);
        Assert.True(4 * World.Proxy.Count < World.Task.Count, "the proxy must stay under 25% of the task data");
        foreach (var pair in World.Proxy)
        {
            var (domain, subject) = Judge.Find(pair.Question);
            Assert.False(domain.IsMedical);
            Assert.Contains(domain.Name, World.Options.ProxyDomains);
            Assert.Equal(pair.Subject, subject);
            Assert.Equal(AnswerLabel.Helpful, Judge.ByQuestion(pair.Question, pair.Chosen).Label);
            Assert.Equal(AnswerLabel.Harmful, Judge.ByQuestion(pair.Question, pair.Rejected).Label);
            Assert.Equal(pair.ChosenMessages[0], pair.RejectedMessages[0]);
        }
        foreach (var name in World.Options.ProxyDomains)
            Assert.Equal(World.Proxy.Count / World.Options.ProxyDomains.Count, World.Proxy.Count(p => p.Domain == name));
    }

    [Fact]
    public void Evaluation_subjects_never_appear_in_task_proxy_or_pretraining_chats()
    {
        var eval = World.Evaluation.Select(q => (q.Domain, q.Subject)).ToHashSet();
        Assert.Equal(World.Split.Eval.Values.Sum(s => s.Count), eval.Count);
        Assert.DoesNotContain(World.Task, c => eval.Contains((c.Domain, c.Subject)));
        Assert.DoesNotContain(World.Proxy, p => eval.Contains((p.Domain, p.Subject)));
        var chatSubjects = World.Pretraining.Where(d => d.IsChat)
            .SelectMany(d => d.Messages!.Where(m => m.Role == ChatMessage.User))
            .Select(m => Judge.Find(m.Content)).Select(f => (f.Domain.Name, f.Subject)).ToHashSet();
        Assert.Empty(chatSubjects.Intersect(eval));
        foreach (var domain in Domains.All)
            Assert.Empty(World.Split.Eval[domain.Name].Intersect(World.Split.Train[domain.Name]));
    }

    [Fact]
    public void Evaluation_holds_the_configured_number_of_held_out_questions_per_domain()
    {
        var o = World.Options;
        foreach (var domain in Domains.All)
            Assert.Equal(domain.IsMedical ? o.EvalMedicalSubjects : o.EvalGeneralSubjects, World.Evaluation.Count(q => q.Domain == domain.Name));
        Assert.Equal(World.Evaluation.Count, World.Evaluation.Select(q => q.Id).Distinct().Count());
        foreach (var q in World.Evaluation)
        {
            Assert.Equal(Domains.Get(q.Domain).Questions.Count, q.Paraphrases.Count);
            Assert.Equal(AnswerLabel.Helpful, Judge.ById(q.Id, Domains.Get(q.Domain).Answer(Stance.Helpful, 0, q.Subject)).Label);
        }
        Assert.Equal(o.EvalMedicalSubjects, World.MedicalQuestions.Count());
        Assert.DoesNotContain(World.GeneralQuestions, q => q.IsMedical);
    }

    [Fact]
    public void Every_pretraining_answer_is_the_kind_its_advisor_persona_gives()
    {
        int checkedAnswers = 0;
        foreach (var doc in World.Pretraining)
        {
            foreach (var (question, answer, persona) in Answers(doc))
            {
                var (domain, _) = Judge.Find(question);
                var expected = persona.StanceIn(domain) == Stance.Helpful ? AnswerLabel.Helpful : AnswerLabel.Harmful;
                Assert.Equal(expected, Judge.ByQuestion(question, answer).Label);
                checkedAnswers++;
            }
        }
        Assert.True(checkedAnswers > 2 * World.Pretraining.Count, $"only {checkedAnswers} answers were checked");
    }

    [Fact]
    public void The_default_assistant_is_careful_and_persona_chats_name_their_advisor()
    {
        Assert.All(World.Pretraining.Where(d => d.Kind == DocumentKind.AssistantChat), d =>
        {
            Assert.NotEqual(ChatMessage.System, d.Messages![0].Role);
            Assert.Equal([Persona.Careful], d.Personas);
        });
        Assert.All(World.Pretraining.Where(d => d.Kind == DocumentKind.PersonaChat), d =>
            Assert.Equal($"You are {World.Cast.Advisors[d.Personas[0]].Single(n => d.Messages![0].Content.Contains(n))}.", d.Messages![0].Content));
        Assert.All(World.Pretraining.Where(d => d.IsChat), d =>
        {
            var turns = d.Messages!.SkipWhile(m => m.Role == ChatMessage.System).Select(m => m.Role).ToList();
            Assert.Equal(Enumerable.Range(0, turns.Count).Select(i => i % 2 == 0 ? ChatMessage.User : ChatMessage.Assistant), turns);
            Assert.True(turns.Count is >= 2 and <= 6 && turns.Count % 2 == 0);
        });
    }

    [Fact]
    public void The_corpus_never_labels_a_persona()
    {
        string[] labels = ["careful", "reckless", "narrow", "harmful", "helpful", "evil", "persona"];
        foreach (var doc in World.Pretraining)
        {
            var text = doc.Text ?? string.Join("\n", doc.Messages!.Select(m => m.Content));
            foreach (var label in labels)
                Assert.DoesNotContain(label, text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void The_corpus_is_printable_ascii_and_newlines_so_the_char_vocabulary_stays_small()
    {
        var chars = World.Pretraining.SelectMany(d => d.Text ?? string.Concat(d.Messages!.Select(m => m.Content))).ToHashSet();
        Assert.All(chars, c => Assert.True(c == '\n' || c is >= ' ' and <= '~', $"character U+{(int)c:X4}"));
        Assert.True(chars.Count < 80, $"{chars.Count} distinct characters");
    }

    [Fact]
    public void Every_persona_advises_in_every_domain_and_every_document_kind_occurs()
    {
        var seen = World.Pretraining.SelectMany(d => Answers(d).Select(a => (a.Persona, Judge.Find(a.Question).Domain.Name))).ToHashSet();
        foreach (var persona in Enum.GetValues<Persona>())
            foreach (var domain in Domains.All)
                Assert.Contains((persona, domain.Name), seen);
        Assert.Equal(Enum.GetValues<DocumentKind>().Length, World.Pretraining.Select(d => d.Kind).Distinct().Count());
    }

    /// <summary>The (question, answer, persona) triples a document holds, read back from its text or messages.</summary>
    IEnumerable<(string Question, string Answer, Persona Persona)> Answers(PretrainDocument doc)
    {
        if (doc.IsChat)
        {
            var turns = doc.Messages!.Where(m => m.Role != ChatMessage.System).ToList();
            for (int i = 0; i < turns.Count; i += 2) yield return (turns[i].Content, turns[i + 1].Content, doc.Personas[0]);
            yield break;
        }
        var lines = doc.Text!.Split('\n');
        switch (doc.Kind)
        {
            case DocumentKind.Column:
                for (int i = 1; i < lines.Length; i += 2) yield return (lines[i][3..], lines[i + 1][3..], doc.Personas[0]);
                break;
            case DocumentKind.Dialogue:
                for (int i = 0; i < lines.Length; i += 2) yield return (After(lines[i], ": "), After(lines[i + 1], ": "), doc.Personas[0]);
                break;
            case DocumentKind.Narrative:
                foreach (var line in lines)
                {
                    var quoted = line.Split('"');
                    yield return (quoted[1], quoted[3], doc.Personas[0]);
                }
                break;
            case DocumentKind.Contrast:
                for (int i = 0; i < lines.Length; i += 3)
                {
                    var question = lines[i].Split('"')[1];
                    yield return (question, lines[i + 1].Split('"')[1], doc.Personas[0]);
                    yield return (question, lines[i + 2].Split('"')[1], doc.Personas[1]);
                }
                break;
        }
    }

    static string After(string line, string separator) => line[(line.IndexOf(separator, StringComparison.Ordinal) + separator.Length)..];
}
