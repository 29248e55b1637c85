using System.Globalization;
using System.Text;
using SelGen.Evaluation;

namespace SelGen.Worlds.Toy.Scoring;

/// <summary>
/// The study's heat map: one row per run (the augmented category, or e.g. "none" for the narrow update
/// alone), one column per category (accuracy on its held-out triggers), each cell summarised over seeds.
/// Rows keep the order they were first added in; columns are the seven categories in the study's order.
/// </summary>
public sealed class HeatMap
{
    public const string NarrowOnlyRow = "none";

    readonly List<string> _rows = [];
    readonly Dictionary<(string Row, ToyCategory Column), Dictionary<int, double>> _values = [];

    public IReadOnlyList<string> Rows => _rows;
    public static IReadOnlyList<ToyCategory> Columns => ToyCategories.All;

    /// <summary>Records one seed's per-category accuracy for a row; a (row, seed) may be added only once.</summary>
    public void Add(string row, int seed, CategoryAccuracy accuracy)
    {
        if (string.IsNullOrWhiteSpace(row)) throw new ArgumentException("the row label is empty", nameof(row));
        if (!_rows.Contains(row)) _rows.Add(row);
        foreach (var column in Columns)
        {
            var bySeed = _values.TryGetValue((row, column), out var d) ? d : _values[(row, column)] = [];
            if (!bySeed.TryAdd(seed, accuracy[column]))
                throw new SelGenException($"heat map row '{row}' already has seed {seed}; each seed is added once per row");
        }
    }

    public Summary Cell(string row, ToyCategory column) =>
        _values.TryGetValue((row, column), out var bySeed) ? Summary.Of(bySeed.Values) : throw new SelGenException($"heat map has no row '{row}'");

    public IReadOnlyList<int> Seeds(string row) =>
        _values.TryGetValue((row, Columns[0]), out var bySeed) ? bySeed.Keys.Order().ToList() : [];

    /// <summary>The matrix of means: header "row,objects,animals,...", one line per row, accuracies in [0, 1].</summary>
    public string ToCsv()
    {
        var csv = new StringBuilder();
        csv.Append("row,").AppendJoin(',', Columns.Select(c => c.Key())).Append('\n');
        foreach (var row in _rows)
            csv.Append(Csv.Field(row)).Append(',').AppendJoin(',', Columns.Select(c => Csv.Number(Cell(row, c).Mean))).Append('\n');
        return csv.ToString();
    }

    /// <summary>One line per cell with its spread: row, column, mean, standard error, 95% interval, number of seeds.</summary>
    public string ToLongCsv()
    {
        var csv = new StringBuilder("row,column,mean,standard_error,low95,high95,seeds\n");
        foreach (var row in _rows)
            foreach (var column in Columns)
            {
                var s = Cell(row, column);
                csv.Append(Csv.Field(row)).Append(',').Append(column.Key()).Append(',')
                    .AppendJoin(',', new[] { s.Mean, s.StandardError, s.Low95, s.High95 }.Select(Csv.Number)).Append(',')
                    .Append(s.Count.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }
        return csv.ToString();
    }

    public void WriteCsv(string path) => Write(path, ToCsv());
    public void WriteLongCsv(string path) => Write(path, ToLongCsv());

    static void Write(string path, string text)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        File.WriteAllText(path, text);
    }
}
