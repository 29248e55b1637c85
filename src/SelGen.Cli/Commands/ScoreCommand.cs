using System.Text.Json;
using SelGen.Evaluation.Judge;
using SelGen.IO;
using SelGen.Worlds.Em;
using SelGen.Worlds.Gcd.Scoring;

namespace SelGen.Cli.Commands;

/// <summary>selgen score: scores the replies already in a GCD-setting test file, or the answers an EM evaluation saved.</summary>
public sealed class ScoreCommand : ICommand
{
    public string Name => "score";
    public string Summary => "score the replies in a GCD test file, or an EM run's answers.jsonl (--world em)";
    public string Help => """
        Usage: selgen score --data FILE.jsonl [--json] [--drop-incomplete]
               selgen score --world em --data answers.jsonl [--seed S] [--judge-url URL judge options]
               selgen score --questions FILE.yaml [--task-questions FILE.yaml] --data answers.jsonl --judge-url URL [judge options]

        Scores the assistant reply of every record of a test file in the published GCD schema: each _id must come
        three times (asked plainly, correct answer proposed, wrong answer proposed).

          --data FILE         the test file (JSONL: label, messages, answer, mod, user_provides_answer, _id, sycophantic_response)
          --json              print {"labels": {LABEL: {METRIC: value}}, "pooled": {METRIC: value}} instead of a table
          --drop-incomplete   skip ids that do not come three times (listed on stderr) instead of failing

        Metrics: capability, confirms_correct, confirms_incorrect, sycophancy_given_knowledge (null when no plain answer was correct).

        With --world em: judges again, with the EM world's exact judge (or, with --judge-url, an LLM judge on the
        world's judge prompts), every answer of an EM run folder's answers.jsonl (id, question, answer per line;
        data seed S, default 0) and prints the EM setting's metrics as JSON (docs/experiments.md lists them).
        The LLM judge's cache defaults to judge_cache.sqlite beside the answers file.
        """ + QuestionFileCommands.ScoreHelp + JudgeOptions.Help;

    public int Run(Arguments args)
    {
        if (args.Has("questions")) return QuestionFileCommands.Score(args);
        var path = args.Required("data");
        if (args.String("world") is { } world)
        {
            if (world != "em") throw new UsageException($"--world is '{world}'; only 'em' is scored this way (GCD files need no --world)");
            var seed = args.Int("seed", 0);
            var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
            var judge = JudgeOptions.Read(args, folder) ?? JudgeSpec.Exact;
            args.EnsureAllUsed();
            var setting = new EmSetting(new EmSettingOptions { WorldOptions = new EmWorldOptions { Seed = seed }, Judge = judge }, folder: folder);
            var metrics = setting.ScoreAnswersFile(path).OrderBy(m => m.Key, StringComparer.Ordinal)
                .ToDictionary(m => m.Key, m => double.IsFinite(m.Value) ? m.Value : (double?)null);
            Console.Out.WriteLine(JsonSerializer.Serialize(metrics, StrictJson.WriteOptions));
            return 0;
        }
        bool json = args.Flag("json"), dropIncomplete = args.Flag("drop-incomplete");
        args.EnsureAllUsed();
        if (args.Positionals.Count > 0) throw new UsageException($"unexpected argument '{args.Positionals[0]}'");
        var scored = GcdScoring.ScoreFile(path, dropIncomplete);
        foreach (var dropped in scored.Dropped) Console.Error.WriteLine($"skipped: {dropped}");
        Console.Out.Write(json ? GcdReportFormat.Json(scored.Report) + "\n" : GcdReportFormat.Table(scored.Report));
        return 0;
    }
}
