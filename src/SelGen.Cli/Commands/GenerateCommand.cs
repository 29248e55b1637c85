using SelGen.Engine.Checkpoints;
using System.Text.Json;
using SelGen.Engine;
using SelGen.Generation;
using SelGen.IO;
using SelGen.Text;
using static TorchSharp.torch;

namespace SelGen.Cli.Commands;

/// <summary>selgen generate: replies from a Hugging Face model folder, for one prompt or a JSONL file of conversations.</summary>
public sealed class GenerateCommand : ICommand
{
    public string Name => "generate";
    public string Summary => "generate replies with a model folder (config.json, model.safetensors, tokenizer.json)";
    public string Help => $$"""
        Usage: selgen generate --model DIR --prompt TEXT [--system TEXT] [options] [--json]
               selgen generate --model DIR --input FILE.jsonl --output FILE.jsonl [options]

          --model DIR           Hugging Face folder: config.json, model.safetensors, tokenizer.json (required)
          --prompt TEXT         one user message; prints the reply (with --json: prompt_ids, token_ids, text, logprobs)
          --system TEXT         a system message before the prompt
          --input FILE.jsonl    conversations ending with a user message: {"messages": [...], "id": optional}
          --output FILE.jsonl   one result per input line, in order: id, prompt_ids, token_ids, text, logprobs, finish_reason
          --format NAME         chat format: {{string.Join(", ", ChatFormats.Names)}} (default: chosen from the tokenizer)
          --raw                 encode --prompt as plain text (after BOS, if the tokenizer has one), no chat format
          --max-new-tokens N    default 128
          --greedy              argmax decoding (the default)
          --temperature T       sample at temperature T > 0 instead
          --top-p P             nucleus sampling threshold, default 1
          --seed S              sampling seed, default 0; request i draws from its own generator seeded by (S, i)
          --batch-size N        requests decoded together, default 16
          --device NAME         cpu (default), cuda or cuda:N (needs the CUDA libtorch package, see README)
        """;

    public int Run(Arguments args)
    {
        var dir = args.Required("model");
        var prompt = args.String("prompt");
        var system = args.String("system");
        var input = args.String("input");
        var output = args.String("output");
        var formatName = args.String("format");
        var device = Devices.Parse(args.String("device") ?? "cpu");
        bool raw = args.Flag("raw"), json = args.Flag("json"), greedy = args.Flag("greedy");
        var temperature = args.Double("temperature");
        var options = new GenerationOptions
        {
            MaxNewTokens = args.Int("max-new-tokens", 128, 1),
            Temperature = temperature ?? 0,
            TopP = args.Double("top-p", 1.0),
            Seed = args.Long("seed") ?? 0,
            BatchSize = args.Int("batch-size", 16, 1),
        };
        args.EnsureAllUsed();
        if (args.Positionals.Count > 0) throw new UsageException($"unexpected argument '{args.Positionals[0]}' (the prompt goes after --prompt)");
        if (greedy && temperature is not null) throw new UsageException("--greedy and --temperature exclude each other");
        if (temperature is 0) throw new UsageException("--temperature must be above 0; use --greedy for argmax decoding");
        if ((prompt is null) == (input is null)) throw new UsageException("give either --prompt TEXT or --input FILE.jsonl --output FILE.jsonl");
        if ((input is null) != (output is null)) throw new UsageException("--input and --output go together");
        if (input is not null && SamePath(input, output!))
            throw new UsageException($"--output {output} is the --input file; writing the replies there would overwrite the conversations: give another output file");
        if (raw && (input is not null || formatName is not null || system is not null)) throw new UsageException("--raw applies to --prompt alone, without --format or --system");
        options.Validate();

        var tokenizer = TokenizerFile.Load(Path.Combine(dir, "tokenizer.json"));
        using var model = HfCheckpoint.LoadModel(dir, device, ScalarType.Float32);
        var generator = new TextGenerator(model, tokenizer);
        if (input is not null)
        {
            int count = GenerationFiles.Run(generator, ChatFormats.For(tokenizer, formatName), input, output!, options);
            Console.Error.WriteLine($"selgen generate: wrote {count} replies to {output}");
            return 0;
        }
        Completion completion;
        if (raw)
        {
            int[] ids = [.. tokenizer.BosId is { } bos ? new[] { bos } : [], .. tokenizer.Encode(prompt!)];
            completion = generator.Generate([ids], options)[0];
        }
        else
        {
            List<ChatMessage> messages = system is null ? [] : [new(ChatMessage.System, system)];
            messages.Add(new(ChatMessage.User, prompt!));
            completion = generator.GenerateChat(ChatFormats.For(tokenizer, formatName), [messages], options)[0];
        }
        Console.WriteLine(json ? JsonSerializer.Serialize(GenerationResult.Of(completion), StrictJson.Options) : completion.Text);
        return 0;
    }

    /// <summary>The same file, also through a symbolic link or another spelling of the path.</summary>
    static bool SamePath(string a, string b)
    {
        static string Resolve(string p)
        {
            var full = Path.GetFullPath(p);
            return File.Exists(full) && new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true) is { } target ? target.FullName : full;
        }
        return Resolve(a) == Resolve(b);
    }

}
