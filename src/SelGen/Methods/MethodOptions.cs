namespace SelGen.Methods;

/// <summary>
/// A method's options record. <see cref="Validate"/> runs when the record is read (so an experiment file is known
/// valid, cross-field rules included, before its first run starts) and names the field and the accepted values.
/// </summary>
public interface IMethodOptions
{
    /// <param name="source">Where the options came from, e.g. "method 'kl'", for the messages.</param>
    void Validate(string source);
}

/// <summary>Range checks that several methods' options share; each message names the field and the range.</summary>
public static class Knob
{
    public static void Check(bool ok, string source, string field, object value, string range)
    {
        if (!ok) throw new SelGenException($"{source}: field '{field}' is {value}; it must be {range}");
    }

    public static void NonNegative(string source, string field, double value) =>
        Check(value >= 0 && double.IsFinite(value), source, field, value, "a finite number ≥ 0");

    public static void Positive(string source, string field, double value) =>
        Check(value > 0 && double.IsFinite(value), source, field, value, "a finite positive number");

    public static void AtLeastOne(string source, string field, int value) =>
        Check(value >= 1, source, field, value, "at least 1");
}
