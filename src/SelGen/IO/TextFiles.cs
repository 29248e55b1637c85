using System.Text;

namespace SelGen.IO;

/// <summary>
/// Text input read strictly as UTF-8: a byte that is not UTF-8 is an error naming the file and line, where
/// File.ReadAllText would silently replace it with U+FFFD (and a prompt or an answer would change unnoticed).
/// </summary>
public static class TextFiles
{
    static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string ReadAllText(string path)
    {
        if (!File.Exists(path)) throw new SelGenException($"{path}: no such file");
        return string.Join("\n", ReadLines(path));
    }

    /// <summary>The file's lines (without their line ends), decoded strictly.</summary>
    public static IEnumerable<string> ReadLines(string path)
    {
        if (!File.Exists(path)) throw new SelGenException($"{path}: no such file");
        return Lines(path);
    }

    static IEnumerable<string> Lines(string path)
    {
        using var reader = new StreamReader(path, Strict, detectEncodingFromByteOrderMarks: false);
        int number = 0;
        while (true)
        {
            string? line;
            number++;
            try { line = reader.ReadLine(); }
            catch (DecoderFallbackException e)
            {
                var bytes = e.BytesUnknown is { Length: > 0 } b ? string.Join(" ", b.Select(x => $"0x{x:X2}")) : "a byte";
                throw new SelGenException($"{path}:{number}: not valid UTF-8 ({bytes}); save the file as UTF-8", e);
            }
            if (line is null) yield break;
            if (number == 1 && line.StartsWith('\uFEFF')) line = line[1..];   // a UTF-8 byte-order mark is allowed
            yield return line;
        }
    }
}
