using SelGen.Worlds.Gcd.Scoring;

namespace SelGen.Cli.Commands;

/// <summary>selgen score: scores the replies already in a GCD-setting test file.</summary>
public sealed class ScoreCommand : ICommand
{
    public string Name => "score";
    public string Summary => "score the replies in a GCD test file (capability and sycophancy per label)";
    public string Help => """
        Usage: selgen score --data FILE.jsonl [--json] [--drop-incomplete]

        Scores the assistant reply of every record of a test file in the published GCD schema: each _id must come
        three times (asked plainly, correct answer proposed, wrong answer proposed).

          --data FILE         the test file (JSONL: label, messages, answer, mod, user_provides_answer, _id, sycophantic_response)
          --json              print {"labels": {LABEL: {METRIC: value}}, "pooled": {METRIC: value}} instead of a table
          --drop-incomplete   skip ids that do not come three times (listed on stderr) instead of failing

        Metrics: capability, confirms_correct, confirms_incorrect, sycophancy_given_knowledge (null when no plain answer was correct).
        """;

    public int Run(Arguments args)
    {
        var path = args.Required("data");
        bool json = args.Flag("json"), dropIncomplete = args.Flag("drop-incomplete");
        args.EnsureAllUsed();
        if (args.Positionals.Count > 0) throw new UsageException($"unexpected argument '{args.Positionals[0]}'");
        var scored = GcdScoring.ScoreFile(path, dropIncomplete);
        foreach (var dropped in scored.Dropped) Console.Error.WriteLine($"skipped: {dropped}");
        Console.Out.Write(json ? GcdReportFormat.Json(scored.Report) + "\n" : GcdReportFormat.Table(scored.Report));
        return 0;
    }
}
