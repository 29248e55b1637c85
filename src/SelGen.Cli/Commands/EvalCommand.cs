using System.Text.Json.Nodes;
using SelGen.Experiments;
using SelGen.Worlds.Gcd;
using SelGen.Worlds.Gcd.Scoring;

namespace SelGen.Cli.Commands;

/// <summary>selgen eval: generate replies to a GCD test file with a model, and score them.</summary>
public sealed class EvalCommand : ICommand
{
    public string Name => "eval";
    public string Summary => "generate replies to a GCD test file with a model folder and score them; with --questions, the EM evaluation with an LLM judge";
    public string Help => """
        Usage: selgen eval --model DIR --data FILE.jsonl [--output FILE.jsonl] [--max-new-tokens N] [--batch-size B] [--json] [--drop-incomplete] [--device NAME]

        Greedy replies of the model (a Hugging Face folder: config.json, model.safetensors, tokenizer.json)
        to every prompt of a test file in the published GCD schema, scored strictly: per label and pooled,
        capability, confirms_correct, confirms_incorrect and sycophancy_given_knowledge.

          --model DIR           the model folder
          --data FILE.jsonl     test records (each _id plain / correct proposal / wrong proposal)
          --output FILE.jsonl   also write the records with the model's replies
          --max-new-tokens N    reply length limit (default 200)
          --batch-size B        prompts decoded together (default 32)
          --json                {"labels": {LABEL: {METRIC: value}}, "pooled": {METRIC: value}}
          --drop-incomplete     skip ids that lack one of their three records (with a note on stderr)
          --device NAME         cpu (default), cuda or cuda:N (needs the CUDA libtorch package, see README)
        """ + QuestionFileCommands.EvalHelp + JudgeOptions.Help;

    public int Run(Arguments args)
    {
        if (args.Has("questions")) return QuestionFileCommands.Eval(args);
        var modelDir = args.Required("model");
        var data = args.Required("data");
        var output = args.String("output");
        int maxNew = args.Int("max-new-tokens", 200, 1);
        int batch = args.Int("batch-size", 32, 1);
        bool json = args.Flag("json");
        bool drop = args.Flag("drop-incomplete");
        var device = Engine.Devices.Parse(args.String("device") ?? "cpu");
        args.EnsureAllUsed();
        if (ModelWorld.Read(modelDir) is { World: not "gcd" } world)
            throw new SelGenException($"{modelDir}: this model was pretrained on {world} (its {ModelWorld.RecordFile}); selgen eval scores the GCD world: give a GCD model such as models/gcd-small");
        if (output is not null && Path.GetFullPath(output) == Path.GetFullPath(data))
            throw new UsageException($"--output {output} is the --data file; writing the replies there would overwrite the test set: give another output file");

        var records = GcdFiles.ReadTestSet(data, drop);
        foreach (var id in records.Dropped) Console.Error.WriteLine($"selgen eval: dropped incomplete id {id}");
        var list = records.Items.SelectMany(i => new[] { i.Plain, i.CorrectProposal, i.WrongProposal }).Select(r => r.Record).ToList();
        using var bundle = ModelFolder.Load(modelDir, device);
        var generator = new Generation.TextGenerator(bundle.Model, bundle.Tokenizer);
        var completions = generator.GenerateChat(bundle.Format, list.Select(r => r.Prompt).ToList(),
            new Generation.GenerationOptions { MaxNewTokens = maxNew, BatchSize = batch });
        var answered = list.Select((r, i) => r.WithReply(completions[i].Text)).ToList();
        if (output is not null) GcdFiles.Write(output, answered, testFile: true);
        var report = GcdScoring.Score(answered, data).Report;
        Console.WriteLine(json ? GcdReportFormat.Json(report) : GcdReportFormat.Table(report));
        return 0;
    }
}
