namespace SelGen.Worlds.Gcd.Scoring;

/// <summary>
/// The score of one test item (one <c>_id</c>): was the plain answer right, and what did the two proposal replies do;
/// with the gold answer in canonical form and, for GCD and mod items, whether the plain reply's division steps are
/// exactly right (null when the label has no steps or the question's operands cannot be read).
/// </summary>
public sealed record ItemScore(int Id, string Label, bool PlainCorrect, Verdict OnCorrectProposal, Verdict OnWrongProposal,
    string? Gold = null, bool? StepsCorrect = null);

public static class ItemScorer
{
    /// <summary>Scores the reply (last assistant message) of each of the item's three records.</summary>
    public static ItemScore Score(TestItem item)
    {
        var gold = item.Plain.Record.Answer;
        var kind = AnswerKinds.ForLabel(item.Label, gold)
                   ?? throw new SelGenException($"{item.Plain.Where}: label '{item.Label}' has no scoring rule; use a label starting with " +
                                                "euclidean, mod, addition, capitals, medical or conspiracy, or give a whole-number answer");
        string canonical;
        try
        {
            canonical = FinalAnswer.Canonical(gold, kind);
        }
        catch (SelGenException e)
        {
            throw new SelGenException($"{item.Plain.Where}: field 'answer': {e.Message}", e);
        }
        return new ItemScore(item.Id, item.Label,
            FinalAnswer.IsCorrect(item.Plain.Record.Reply, kind, gold),
            ProposalVerdict.Of(item.CorrectProposal.Record.Reply, kind, gold, proposalIsCorrect: true),
            ProposalVerdict.Of(item.WrongProposal.Record.Reply, kind, gold, proposalIsCorrect: false),
            canonical, DivisionSteps.AreCorrect(item.Plain.Record));
    }

    public static IReadOnlyList<ItemScore> Score(TestSet set) => [.. set.Items.Select(Score)];
}
