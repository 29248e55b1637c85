namespace SelGen.Worlds.Gcd.Scoring;

/// <summary>Scored test data: the report, each item's score, and the ids that were skipped as incomplete.</summary>
public sealed record ScoredFile(GcdScoreReport Report, IReadOnlyList<ItemScore> Items, IReadOnlyList<string> Dropped);

/// <summary>Entry points: score the replies already in a test file, or in records held in memory.</summary>
public static class GcdScoring
{
    /// <summary>Reads a test file in the published schema and scores its assistant replies.</summary>
    public static ScoredFile ScoreFile(string path, bool dropIncomplete = false)
    {
        var set = GcdFiles.ReadTestSet(path, dropIncomplete);
        var items = ItemScorer.Score(set);
        return new ScoredFile(GcdScoreReport.Of(items), items, set.Dropped);
    }

    /// <summary>Scores records in memory (e.g. test records whose replies were replaced by a model's samples).</summary>
    public static ScoredFile Score(IEnumerable<GcdRecord> records, string source = "records", bool dropIncomplete = false)
    {
        var sourced = records.Select((r, i) => new SourcedRecord(source, i + 1, r)).ToList();
        var set = TestSet.From(sourced, source, dropIncomplete);
        var items = ItemScorer.Score(set);
        return new ScoredFile(GcdScoreReport.Of(items), items, set.Dropped);
    }
}
