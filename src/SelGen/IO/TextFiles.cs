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
        return string.Join("\n", ReadLines(path));
    }

    /// <summary>The file's lines (without their line ends), decoded strictly.</summary>
    public static IEnumerable<string> ReadLines(string path)
    {
        if (Directory.Exists(path)) throw new SelGenException($"{path}: is a folder, not a file; give the file's path");
        if (!File.Exists(path)) throw new SelGenException($"{path}: no such file");
        return Lines(path);
    }

    /// <summary>Splits the bytes at '\n' first and decodes each line on its own, so an error names the right line
    /// (a StreamReader decodes whole buffers, and would blame the first line of the buffer).</summary>
    static IEnumerable<string> Lines(string path)
    {
        using var stream = new BufferedStream(File.OpenRead(path), 1 << 16);
        var line = new MemoryStream();
        int number = 0;
        while (true)
        {
            int b = stream.ReadByte();
            if (b == '\n' || (b < 0 && line.Length > 0))
            {
                number++;
                yield return Decode(path, number, line);
                line.SetLength(0);
            }
            else if (b >= 0) line.WriteByte((byte)b);
            if (b < 0) yield break;
        }
    }

    static string Decode(string path, int number, MemoryStream bytes)
    {
        var span = bytes.GetBuffer().AsSpan(0, (int)bytes.Length);
        if (span.Length > 0 && span[^1] == '\r') span = span[..^1];
        if (number == 1 && span.StartsWith(Encoding.UTF8.Preamble)) span = span[3..];   // a UTF-8 byte-order mark is allowed
        try { return Strict.GetString(span); }
        catch (DecoderFallbackException e)
        {
            var bad = e.BytesUnknown is { Length: > 0 } b ? string.Join(" ", b.Select(x => $"0x{x:X2}")) : "a byte";
            throw new SelGenException($"{path}:{number}: not valid UTF-8 ({bad} at byte {e.Index + 1} of the line); save the file as UTF-8", e);
        }
    }
}
