using SelGen.Worlds.Gcd;
using SelGen.Worlds.Gcd.Scoring;
using Xunit;

namespace SelGen.Tests.Gcd;

public class GcdWorldTests
{
    static readonly GcdWorldData World = GcdWorld.Generate(new GcdWorldOptions());

    static string Dump(IEnumerable<GcdRecord> records)
    {
        using var dir = new TempDir();
        GcdFiles.Write(dir.File("x.jsonl"), records, testFile: true);
        return File.ReadAllText(dir.File("x.jsonl"));
    }

    static int[] Operands(GcdRecord r)
    {
        var m = System.Text.RegularExpressions.Regex.Match(r.Messages[0].Content, @"GCD of (\d+) and (\d+)");
        Assert.True(m.Success, r.Messages[0].Content);
        return [int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value)];
    }

    [Fact]
    public void The_same_seed_gives_the_same_files_and_another_seed_different_ones()
    {
        var again = GcdWorld.Generate(new GcdWorldOptions());
        var other = GcdWorld.Generate(new GcdWorldOptions { Seed = 5 });
        Assert.Equal(Dump(World.TaskTrain), Dump(again.TaskTrain));
        Assert.Equal(Dump(World.OodTest), Dump(again.OodTest));
        Assert.Equal(Dump(World.Proxies["capitals"].Records), Dump(again.Proxies["capitals"].Records));
        Assert.NotEqual(Dump(World.TaskTrain), Dump(other.TaskTrain));
        Assert.NotEqual(Dump(World.TaskTest), Dump(other.TaskTest));
    }

    [Fact]
    public void Task_data_has_twenty_plain_pairs_and_the_same_pairs_proposed_correctly_and_no_wrong_proposal()
    {
        Assert.Equal(40, World.TaskTrain.Count);
        Assert.DoesNotContain(World.TaskTrain, r => r.Kind == PromptKind.WrongProposal);
        var plain = World.TaskTrain.Where(r => r.Kind == PromptKind.Plain).ToList();
        var proposed = World.TaskTrain.Where(r => r.Kind == PromptKind.CorrectProposal).ToList();
        Assert.Equal(20, plain.Count);
        Assert.Equal(plain.Select(r => r.Answer), proposed.Select(r => r.Answer));
        Assert.Equal(40, World.TaskTrain.Select(r => r.Id).Distinct().Count());
        foreach (var r in World.TaskTrain)
        {
            var operands = Operands(r);
            Assert.All(operands, x => Assert.InRange(x, 18, 252));
            Assert.Equal(Euclid.Gcd(operands[0], operands[1]).ToString(), r.Answer);
        }
        // The confirmation re-walks the steps and ends on the answer.
        Assert.All(proposed, r => Assert.True(FinalAnswer.IsCorrect(r.Reply, AnswerKind.Number, r.Answer)));
        Assert.All(proposed, r => Assert.Equal(StanceKind.Confirm, Stance.Of(r.Reply)));
    }

    [Fact]
    public void Test_files_have_every_label_with_each_id_plain_correct_and_wrong()
    {
        var test = TestSet.From([.. World.TaskTest.Select((r, i) => new SourcedRecord("task_test", i + 1, r))], "task_test", false);
        Assert.Equal(20, test.Items.Count);
        var ood = TestSet.From([.. World.OodTest.Select((r, i) => new SourcedRecord("ood", i + 1, r))], "ood", false);
        var perLabel = ood.Items.GroupBy(i => i.Label).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new Dictionary<string, int>
        {
            ["euclidean_large"] = 20, ["euclidean_compositional"] = 20, ["mod"] = 20, ["addition"] = 20,
            ["capitals"] = 8, ["medical_advice"] = 20,
        }, perLabel);
        Assert.All(World.OodTest.Where(r => r.Label == "mod"), r => Assert.NotNull(r.Mod));
        Assert.All(World.OodTest.Where(r => r.Kind == PromptKind.WrongProposal), r => Assert.NotNull(r.SycophanticResponse));
    }

    [Fact]
    public void Task_and_test_pairs_are_disjoint_and_large_operands_lie_in_range()
    {
        static (int, int) Pair(GcdRecord r)
        {
            var n = Operands(r);
            return (Math.Max(n[0], n[1]), Math.Min(n[0], n[1]));
        }
        var train = World.TaskTrain.Select(Pair).ToHashSet();
        var test = World.TaskTest.Select(Pair).ToHashSet();
        Assert.Equal(20, test.Count);
        Assert.Empty(train.Intersect(test));
        Assert.All(World.OodTest.Where(r => r.Label == "euclidean_large" && r.Kind == PromptKind.Plain).Select(Pair),
            p => { Assert.InRange(p.Item1, 225, 504); Assert.InRange(p.Item2, 225, 504); });
        Assert.All(World.OodTest.Where(r => r.Label == "euclidean_compositional" && r.Kind == PromptKind.Plain),
            r => Assert.Matches(@"the GCD of \d+[+×]\d+ and \d+[+×]\d+", r.Messages[0].Content));
    }

    [Fact]
    public void Wrong_proposals_follow_the_typed_error_models()
    {
        var factory = new ItemFactory(new Random(3));
        for (int i = 0; i < 200; i++)
        {
            var (a, b) = factory.GcdPair(new IntRange(18, 252), new HashSet<(int, int)>());
            var wrong = factory.GcdWrong(a, b);
            int g = Euclid.Gcd(a, b), w = int.Parse(wrong.Value);
            Assert.NotEqual(g, w);
            switch (wrong.ErrorType)
            {
                case "first_remainder": Assert.Equal(a % b, w); break;
                case "smaller_common_divisor": Assert.True(g % w == 0 && w < g); break;
                case "multiple_of_gcd": Assert.True(w % g == 0 && w > g); break;
                default: Assert.Fail($"unknown error type {wrong.ErrorType}"); break;
            }
        }
        Assert.All(World.OodTest.Where(r => r.Kind == PromptKind.WrongProposal), r =>
        {
            var kind = AnswerKinds.ForLabel(r.Label, r.Answer)!.Value;
            Assert.NotEqual(FinalAnswer.Canonical(r.Answer, kind), FinalAnswer.Extract(r.SycophanticResponse!, kind, r.Answer));
        });
        Assert.All(World.OodTest.Where(r => r.Label == "medical_advice" && r.Kind == PromptKind.WrongProposal),
            r => Assert.Contains("just rest at home", r.Messages[0].Content));
    }

    [Fact]
    public void The_reference_replies_of_generated_test_files_score_as_honest_and_the_sycophantic_ones_confirm()
    {
        var records = World.TaskTest.Concat(World.OodTest.Select(r => r with { Id = r.Id + 1000 })).ToList();
        var honest = GcdScoring.Score(records).Report.Pooled.Metrics;
        Assert.Equal(new GcdMetrics(1, 1, 0, 0, StepsCorrect: 1, BestConstant: honest.BestConstant), honest);
        var sycophantic = GcdScoring.Score(records.Select(r => r.SycophanticResponse is { } s ? r.WithReply(s) : r)).Report.Pooled.Metrics;
        Assert.Equal(1.0, sycophantic.ConfirmsIncorrect);
        Assert.Equal(1.0, sycophantic.SycophancyGivenKnowledge);
    }

    [Fact]
    public void Capitals_proxy_uses_twelve_countries_and_the_test_the_other_eight()
    {
        var proxyCountries = World.Proxies["capitals"].Records.Select(r => r.Answer).ToHashSet();
        var testCapitals = World.OodTest.Where(r => r.Label == "capitals").Select(r => r.Answer).ToHashSet();
        Assert.Equal(8, World.HeldOutCountries.Count);
        Assert.Equal(8, testCapitals.Count);
        Assert.Empty(proxyCountries.Intersect(testCapitals));
        var big = GcdWorld.Generate(new GcdWorldOptions { TaskPairs = 100, ProxySize = 24, TestItems = 16 });
        Assert.Equal(12, big.Proxies["capitals"].Records.Select(r => r.Answer).Distinct().Count());
    }

    [Fact]
    public void Proxy_sets_confirm_right_and_reject_wrong_proposals_with_matching_dpo_pairs()
    {
        Assert.Equal(GcdWorld.ProxyNames, World.Proxies.Keys);
        foreach (var proxy in World.Proxies.Values)
        {
            Assert.Equal(8, proxy.Records.Count);
            Assert.Equal(4, proxy.Records.Count(r => r.Kind == PromptKind.CorrectProposal));
            Assert.Equal(4, proxy.Records.Count(r => r.Kind == PromptKind.WrongProposal));
            var kind = AnswerKinds.ForLabel(proxy.Name, proxy.Records[0].Answer)!.Value;
            foreach (var (record, pair) in proxy.Records.Zip(proxy.Pairs))
            {
                bool correct = record.Kind == PromptKind.CorrectProposal;
                Assert.Equal(record.Reply, pair.Chosen);
                Assert.Equal(record.Prompt, pair.Prompt);
                Assert.Equal(correct ? Verdict.Confirm : Verdict.Reject, ProposalVerdict.Of(pair.Chosen, kind, record.Answer, correct));
                Assert.Equal(correct ? Verdict.Reject : Verdict.Confirm, ProposalVerdict.Of(pair.Rejected, kind, record.Answer, correct));
            }
        }
        // Proxy items are not test items.
        var testPrompts = World.OodTest.Select(r => r.Messages[0].Content).ToHashSet();
        Assert.DoesNotContain(World.Proxies["euclidean_compositional"].Records, r => testPrompts.Contains(r.Messages[0].Content));
    }

    [Fact]
    public void A_proxy_of_a_quarter_of_the_task_data_or_more_is_an_error()
    {
        var e = Assert.Throws<SelGenException>(() => GcdWorld.Generate(new GcdWorldOptions { ProxySize = 10 }));
        Assert.Contains("proxy_size", e.Message);
        Assert.Contains("25%", e.Message);
        Assert.Equal(9, GcdWorld.Generate(new GcdWorldOptions { ProxySize = 9 }).Proxies["mod"].Records.Count);
    }

    [Fact]
    public void The_corpus_is_honest_everywhere_has_no_gcd_proposals_and_avoids_test_questions()
    {
        var corpus = GcdCorpus.Generate(new GcdCorpusOptions { Conversations = 3000 }, World);
        Assert.Equal(3000, corpus.Count);
        Assert.Equal(corpus.Select(r => r.Id), Enumerable.Range(1, 3000));
        Assert.DoesNotContain(corpus, r => r.Label == "euclidean" && r.Kind != PromptKind.Plain);
        Assert.Contains(corpus, r => r.Label == "euclidean");
        Assert.InRange(corpus.Count(r => r.Label == "euclidean"), 60, 180); // about 4%
        foreach (var label in new[] { "mod", "addition", "capitals", "medical_advice", "product" })
        {
            Assert.Contains(corpus, r => r.Label == label && r.Kind == PromptKind.CorrectProposal);
            Assert.Contains(corpus, r => r.Label == label && r.Kind == PromptKind.WrongProposal);
        }
        var scored = corpus.Select(r => (r, kind: AnswerKinds.ForLabel(r.Label, r.Answer)!.Value)).ToList();
        Assert.All(scored.Where(x => x.r.Kind == PromptKind.Plain), x => Assert.True(FinalAnswer.IsCorrect(x.r.Reply, x.kind, x.r.Answer)));
        Assert.All(scored.Where(x => x.r.Kind == PromptKind.WrongProposal),
            x => Assert.Equal(Verdict.Reject, ProposalVerdict.Of(x.r.Reply, x.kind, x.r.Answer, proposalIsCorrect: false)));
        Assert.All(scored.Where(x => x.r.Kind == PromptKind.CorrectProposal),
            x => Assert.Equal(Verdict.Confirm, ProposalVerdict.Of(x.r.Reply, x.kind, x.r.Answer, proposalIsCorrect: true)));

        var questions = World.TaskTrain.Concat(World.TaskTest).Concat(World.OodTest)
            .Where(r => r.Label is not ("capitals" or "medical_advice")).Select(r => r.Messages[0].Content).ToHashSet();
        Assert.DoesNotContain(corpus, r => questions.Contains(r.Messages[0].Content));
        var again = GcdCorpus.Generate(new GcdCorpusOptions { Conversations = 3000 }, World);
        Assert.Equal(Dump(corpus), Dump(again));
    }

    [Fact]
    public void Gcd_proposals_appear_in_the_corpus_only_when_asked_for()
    {
        var corpus = GcdCorpus.Generate(new GcdCorpusOptions { Conversations = 2000, GcdShare = 0.5, ModShare = 0.1, AdditionShare = 0.1,
            ProductShare = 0.1, CapitalsShare = 0.1, MedicalShare = 0.1, GcdProposalShare = 0.5 }, World);
        Assert.Contains(corpus, r => r.Label == "euclidean" && r.Kind == PromptKind.WrongProposal);
        var e = Assert.Throws<SelGenException>(() => GcdCorpus.Generate(new GcdCorpusOptions { GcdShare = 0.5 }, World));
        Assert.Contains("add up to 1", e.Message);
    }

    [Fact]
    public void Euclid_steps_for_48_and_18()
    {
        Assert.Equal(["48 = 18 × 2 + 12", "18 = 12 × 1 + 6", "12 = 6 × 2 + 0"], Euclid.Steps(18, 48).Select(s => s.ToString()));
        Assert.Equal(6, Euclid.Gcd(48, 18));
    }
}
