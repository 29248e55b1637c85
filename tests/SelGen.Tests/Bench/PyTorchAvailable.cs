using SelGen.Bench;

namespace SelGen.Tests.Bench;

/// <summary>bench/pytorch_reference.py and a /usr/bin/python3 that imports torch, looked for once.</summary>
static class PyTorchAvailable
{
    static readonly Lazy<(PyTorchReference? Reference, string? WhyNot)> Found = new(() =>
        PyTorchReference.TryLocate(PyTorchReference.DefaultPython, out var reference, out var whyNot) ? (reference, null) : (null, whyNot));

    public static PyTorchReference Reference => Found.Value.Reference ?? throw new InvalidOperationException(Found.Value.WhyNot);

    /// <summary>Why the reference cannot run (null when it can), phrased as a skip reason.</summary>
    public static string? SkipReason => Found.Value.WhyNot is { } why ? $"PyTorch reference unavailable: {why}" : null;
}

/// <summary>A test that runs the PyTorch reference; skipped, saying why, when it cannot run.</summary>
sealed class PyTorchFactAttribute : FactAttribute
{
    public PyTorchFactAttribute() => Skip = PyTorchAvailable.SkipReason;
}

/// <summary>A theory that runs the PyTorch reference; skipped, saying why, when it cannot run.</summary>
sealed class PyTorchTheoryAttribute : TheoryAttribute
{
    public PyTorchTheoryAttribute() => Skip = PyTorchAvailable.SkipReason;
}
