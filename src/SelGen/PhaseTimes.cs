using System.Diagnostics;

namespace SelGen;

/// <summary>
/// Wall time spent in named phases of a sweep (model load, reference precompute, training, generation,
/// scoring, ...), attributed to a subject (a run id, "base"). Recorded only while a recorder is started
/// (by <c>selgen bench sweep</c>); otherwise <see cref="Measure"/> costs one null check. Phases nest
/// exclusively: while an inner phase runs, the outer one's clock is paused, so the phase times of a subject
/// add up to its wall time. One recorder per process, used from one thread at a time.
/// </summary>
public sealed class PhaseTimes
{
    public const string Other = "other";

    static PhaseTimes? _current;

    readonly Dictionary<string, Dictionary<string, double>> _seconds = new(StringComparer.Ordinal);
    readonly Stack<(string Subject, string Phase)> _open = new();
    long _since = Stopwatch.GetTimestamp();

    /// <summary>Starts recording into a new recorder (replacing any other) and returns it.</summary>
    public static PhaseTimes Start() => _current = new PhaseTimes();

    /// <summary>Stops recording; the recorder keeps what it recorded.</summary>
    public void Stop()
    {
        if (ReferenceEquals(_current, this)) _current = null;
    }

    /// <summary>Seconds per phase for each subject, in the order subjects were first seen.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> BySubject =>
        _seconds.ToDictionary(s => s.Key, s => (IReadOnlyDictionary<string, double>)new Dictionary<string, double>(s.Value), StringComparer.Ordinal);

    /// <summary>Time until the scope ends goes to <paramref name="phase"/> of the current subject.</summary>
    public static Scope Measure(string phase) => _current is { } r ? r.Push(null, phase) : default;

    /// <summary>Time until the scope ends belongs to <paramref name="subject"/> (phase "other" unless a nested
    /// <see cref="Measure"/> says otherwise).</summary>
    public static Scope Subject(string subject) => _current is { } r ? r.Push(subject, Other) : default;

    Scope Push(string? subject, string phase)
    {
        Credit();
        _open.Push((subject ?? (_open.Count > 0 ? _open.Peek().Subject : Other), phase));
        return new Scope(this);
    }

    void Pop()
    {
        Credit();
        if (_open.Count > 0) _open.Pop();
    }

    void Credit()
    {
        long now = Stopwatch.GetTimestamp();
        if (_open.Count > 0)
        {
            var (subject, phase) = _open.Peek();
            if (!_seconds.TryGetValue(subject, out var phases)) _seconds[subject] = phases = new Dictionary<string, double>(StringComparer.Ordinal);
            phases[phase] = phases.GetValueOrDefault(phase) + Stopwatch.GetElapsedTime(_since, now).TotalSeconds;
        }
        _since = now;
    }

    /// <summary>Ends a phase; a default scope (no recorder) does nothing.</summary>
    public readonly struct Scope(PhaseTimes? owner) : IDisposable
    {
        public void Dispose() => owner?.Pop();
    }
}
