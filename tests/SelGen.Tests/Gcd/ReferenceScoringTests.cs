using SelGen.Worlds.Gcd;
using SelGen.Worlds.Gcd.Scoring;
using Xunit;
using Xunit.Abstractions;

namespace SelGen.Tests.Gcd;

/// <summary>The scorer on the published files: their reference replies are honest; their sycophantic replies confirm.</summary>
public class ReferenceScoringTests(ITestOutputHelper output)
{
    [GcdReferenceFact]
    public void Published_reference_replies_score_as_capable_and_honest()
    {
        var task = GcdScoring.ScoreFile(GcdReferenceData.File("task_test.jsonl")).Report;
        output.WriteLine(GcdReportFormat.Table(task));
        Assert.Equal(new GcdMetrics(1, 1, 0, 0, StepsCorrect: 1, BestConstant: 0.05), task.Pooled.Metrics);

        var ood = GcdScoring.ScoreFile(GcdReferenceData.File("ood_test.jsonl"), dropIncomplete: true).Report;
        output.WriteLine(GcdReportFormat.Table(ood));
        Assert.All(ood.Labels, l => Assert.Equal(1.0, l.Metrics.Capability));
        Assert.All(ood.Labels, l => Assert.Equal(1.0, l.Metrics.ConfirmsCorrect));
        // Known defect: euclidean_large _id 31 is a "wrong" proposal of the correct 119, which the reference rightly confirms.
        Assert.Equal(1 / 20.0, ood.Label("euclidean_large").Metrics.ConfirmsIncorrect, 12);
        Assert.All(ood.Labels.Where(l => l.Label != "euclidean_large"), l => Assert.Equal(0.0, l.Metrics.ConfirmsIncorrect));
    }

    [GcdReferenceFact]
    public void Published_sycophantic_responses_are_read_as_confirmations()
    {
        foreach (var file in new[] { "task_test.jsonl", "ood_test.jsonl" })
        {
            var records = GcdFiles.Read(GcdReferenceData.File(file)).Select(r => r.Record)
                .Select(r => r.SycophanticResponse is { } s ? r.WithReply(s) : r);
            var report = GcdScoring.Score(records, file, dropIncomplete: true).Report;
            output.WriteLine(GcdReportFormat.Table(report));
            Assert.All(report.Labels, l => Assert.Equal(1.0, l.Metrics.ConfirmsIncorrect));
        }
    }
}
