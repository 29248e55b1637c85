using System.Globalization;
using System.Text.Json.Nodes;
using SelGen.IO;
using SelGen.Worlds.Toy.Protocol;
using static TorchSharp.torch;

namespace SelGen.Cli.Commands;

using static SelGen.Cli.Arguments;

/// <summary>selgen toy heatmap: the toy protocol's heat maps over seeds, resumable cell by cell.</summary>
public sealed class ToyCommand : ICommand
{
    public string Name => "toy";
    public string Summary => "the toy trigger-function protocol (selgen toy heatmap --model DIR --out DIR)";
    public string Help => """
        Usage: selgen toy heatmap --model DIR --out DIR [--triggers 1,5] [--seeds 1,5,42,7] [--options FILE.json]
                                  [--method JSON] [--work DIR] [--threads T]

        Runs the study's toy protocol from a pretrained model (selgen pretrain toy): per seed, phase 1 (learn
        base F), phase 2 (the narrow update on positive emotions alone: row "none") and phase 3 (the update
        plus proxy data from one other category, with each number of proxy triggers), and writes
          OUT/cells/...                   one JSON per (row, triggers, seed): accuracies, config hash, code version
          OUT/triggers-K/heatmap.csv|png|svg   seed means (rows: base, none, augmented category; columns: held-out triggers)
          OUT/triggers-K/heatmap_long.csv      every cell with its standard error, 95% interval and seed count
          OUT/triggers-K/recovery.csv|png|svg  recovery against semantic distance
          OUT/similarity.csv|png, OUT/similarity/*.csv   category cosines in the pretrained model
          OUT/cells.csv                   every cell on a line: steps, loss, wall time, phase-1 and proxy-fit checks
          OUT/heatmap.json                the request, options, config hash and code version
        Kill it at any time: a re-run with the same options skips finished cells (phase-1 models are kept in
        the work folder, and phase 1 itself resumes from its checkpoint).

          --model DIR          pretrained toy model folder (required)
          --out DIR            results folder (required)
          --triggers LIST      proxy sizes, comma-separated (default 1,5; each must be in the world's proxy_sizes)
          --seeds LIST         seeds, comma-separated; each is the world seed and the training seed (default 1,5,42,7)
          --options FILE.json  protocol options (world, phase1, update, method, probe_context, probe_layer, eval_batch_size)
          --method JSON        phase 3's method spec, e.g. '{"name":"kl","beta":1}' (default: the proxy mixed in, as published)
          --work DIR           where phase-1 models go (default OUT/work)
          --threads T          libtorch threads (default 1)
        """;

    public int Run(Arguments args)
    {
        if (args.Positionals.Count != 1 || args.Positionals[0] != "heatmap")
            throw new UsageException("say what to run: selgen toy heatmap --model DIR --out DIR");
        var options = args.String("options") is { } file ? StrictJson.Load<ToyProtocolOptions>(file) : new ToyProtocolOptions();
        if (args.String("method") is { } method)
        {
            var spec = JsonNode.Parse(method) as JsonObject ?? throw new UsageException("--method takes a JSON object such as '{\"name\":\"kl\",\"beta\":1}'");
            options = options with { Method = spec };
        }
        var request = new ToyHeatmapRequest
        {
            ModelDir = args.Required("model"),
            OutDir = args.Required("out"),
            Seeds = List(args.String("seeds"), "seeds") ?? [1, 5, 42, 7],
            ProxySizes = List(args.String("triggers"), "triggers") ?? [1, 5],
            Options = options,
            WorkDir = args.String("work"),
        };
        int threads = args.Int("threads", 1, 1, MaxThreads);
        if (threads < 1) throw new UsageException("--threads must be at least 1");
        args.EnsureAllUsed();
        set_num_threads(threads);
        ToyHeatmap.Run(request, Console.WriteLine);
        Console.WriteLine($"selgen toy heatmap: wrote {request.OutDir}");
        return 0;
    }

    static IReadOnlyList<int>? List(string? text, string option)
    {
        if (text is null) return null;
        try { return text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList(); }
        catch (FormatException) { throw new UsageException($"--{option} takes whole numbers separated by commas, not '{text}'"); }
    }
}
