using System.Globalization;
using System.Text.Json;
using SelGen.Text;

namespace SelGen.Cli.Commands;

/// <summary>selgen tokenize: text to token ids, or ids back to text, with any tokenizer.json.</summary>
public sealed class TokenizeCommand : ICommand
{
    public string Name => "tokenize";
    public string Summary => "encode text to token ids (or --decode ids) with a tokenizer.json";
    public string Help => """
        Usage: selgen tokenize --tokenizer PATH [--json] "TEXT"
               selgen tokenize --tokenizer PATH [--json] --decode "ID ID ..."

          --tokenizer PATH   a tokenizer.json, or a folder holding one (required)
          --decode IDS       decode space-separated ids instead of encoding; special tokens are written out
          --json             print {"ids": [...]} (or {"text": "..."} with --decode) instead of plain text
        No BOS or other special token is added when encoding.
        """;

    public int Run(Arguments args)
    {
        var tokenizer = TokenizerFile.Load(args.Required("tokenizer"));
        bool json = args.Flag("json");
        var decode = args.String("decode");
        args.EnsureAllUsed();
        if (decode is not null)
        {
            if (args.Positionals.Count > 0) throw new UsageException("give either TEXT to encode or --decode IDS, not both");
            var text = tokenizer.Decode(ParseIds(decode), skipSpecialTokens: false);
            Console.WriteLine(json ? JsonSerializer.Serialize(new { text }) : text);
            return 0;
        }
        if (args.Positionals.Count != 1) throw new UsageException("give the text to encode as one argument (quote it)");
        var ids = tokenizer.Encode(args.Positionals[0]);
        Console.WriteLine(json ? JsonSerializer.Serialize(new { ids }) : string.Join(' ', ids));
        return 0;
    }

    static int[] ParseIds(string text) =>
        text.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries)
            .Select(w => int.TryParse(w, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id
                : throw new UsageException($"--decode takes token ids (whole numbers separated by spaces); '{w}' is not one"))
            .ToArray();
}
