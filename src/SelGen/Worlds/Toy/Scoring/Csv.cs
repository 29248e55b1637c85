using System.Globalization;

namespace SelGen.Worlds.Toy.Scoring;

/// <summary>CSV fields as RFC 4180 writes them, and numbers in the invariant culture (empty for a missing value).</summary>
static class Csv
{
    public static string Field(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;

    public static string Number(double value) => double.IsFinite(value) ? value.ToString("0.######", CultureInfo.InvariantCulture) : "";
}
