using System.Globalization;

namespace SelGen.Cli;

/// <summary>An error in what the user typed; the message says what to type instead.</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>
/// Parsed command-line words: positionals and <c>--name value</c> / <c>--flag</c> options.
/// Every option a command reads is marked as known; <see cref="EnsureAllUsed"/> then rejects any other.
/// </summary>
public sealed class Arguments
{
    readonly List<string> _positionals = [];
    readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);
    readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public Arguments(IEnumerable<string> words)
    {
        var list = words.ToList();
        for (int i = 0; i < list.Count; i++)
        {
            var w = list[i];
            if (w == "--") { _positionals.AddRange(list.Skip(i + 1)); break; }
            if (w.StartsWith("--", StringComparison.Ordinal) && w.Length > 2)
            {
                var name = w[2..];
                string? value = null;
                int eq = name.IndexOf('=');
                if (eq >= 0) { value = name[(eq + 1)..]; name = name[..eq]; }
                else if (i + 1 < list.Count && !IsOptionName(list[i + 1])) value = list[++i];
                if (_options.ContainsKey(name)) throw new UsageException($"option --{name} is given twice");
                _options[name] = value;
            }
            else _positionals.Add(w);
        }
    }

    static bool IsOptionName(string w) => w.StartsWith("--", StringComparison.Ordinal) && w.Length > 2;

    public IReadOnlyList<string> Positionals => _positionals;

    /// <summary>Upper bound of --threads: far above any machine here, low enough to catch a typo (--threads 80000).</summary>
    public const int MaxThreads = 1024;

    public bool Has(string name) { _read.Add(name); return _options.ContainsKey(name); }

    /// <summary>A switch such as --json: present or not, and takes no value.</summary>
    public bool Flag(string name)
    {
        _read.Add(name);
        if (!_options.TryGetValue(name, out var v)) return false;
        if (v is not null)
        {
            // "--json foo": the word after a flag was taken as its value; give it back as a positional.
            _positionals.Add(v);
            _options[name] = null;
        }
        return true;
    }

    public string? String(string name)
    {
        _read.Add(name);
        if (!_options.TryGetValue(name, out var v)) return null;
        return v ?? throw new UsageException($"option --{name} needs a value");
    }

    public string Required(string name) =>
        String(name) ?? throw new UsageException($"option --{name} is required");

    public int Int(string name, int fallback) => Parse(name, fallback, s => int.Parse(s, CultureInfo.InvariantCulture), "a whole number");
    public int? Int(string name) => Has(name) ? Int(name, 0) : null;

    /// <summary>A whole number in [min, max]: counts such as --threads reach libtorch, which aborts on 0.</summary>
    public int Int(string name, int fallback, int min, int max = int.MaxValue) =>
        InRange(name, Int(name, fallback), min, max);

    public int? IntOrNull(string name, int min, int max = int.MaxValue) =>
        Int(name) is int v ? InRange(name, v, min, max) : null;

    static int InRange(string name, int value, int min, int max) =>
        value < min || value > max
            ? throw new UsageException(max == int.MaxValue ? $"option --{name} must be at least {min}, not {value}" : $"option --{name} must be between {min} and {max}, not {value}")
            : value;
    public double Double(string name, double fallback) => Parse(name, fallback, s => double.Parse(s, CultureInfo.InvariantCulture), "a number");
    public double? Double(string name) => Has(name) ? Double(name, 0) : null;
    public long? Long(string name) => Has(name) ? Parse(name, 0L, s => long.Parse(s, CultureInfo.InvariantCulture), "a whole number") : null;

    T Parse<T>(string name, T fallback, Func<string, T> parse, string what)
    {
        var s = String(name);
        if (s is null) return fallback;
        try { return parse(s); }
        catch (FormatException) { throw new UsageException($"option --{name} takes {what}, not '{s}'"); }
        catch (OverflowException) { throw new UsageException($"option --{name} is out of range: '{s}'"); }
    }

    /// <summary>Rejects options the command never asked for (typos must not be ignored silently).</summary>
    public void EnsureAllUsed()
    {
        var unknown = _options.Keys.Where(k => !_read.Contains(k)).ToList();
        if (unknown.Count > 0)
            throw new UsageException($"unknown option{(unknown.Count > 1 ? "s" : "")}: {string.Join(", ", unknown.Select(u => "--" + u))}");
    }
}
