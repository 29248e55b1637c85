using SelGen.Worlds.Toy;
using SelGen.Worlds.Toy.Scoring;

namespace SelGen.Tests.Toy;

public class HeatMapTests
{
    static CategoryAccuracy Accuracy(params (ToyCategory Category, int Correct, int Total)[] counts) =>
        new(counts.ToDictionary(c => c.Category, c => (c.Correct, c.Total)));

    static HeatMap Example()
    {
        var map = new HeatMap();
        var all = ToyCategories.All;
        map.Add(HeatMap.NarrowOnlyRow, 1, Accuracy(all.Select(c => (c, c == ToyCategory.PositiveEmotions ? 10 : 0, 10)).ToArray()));
        map.Add(HeatMap.NarrowOnlyRow, 2, Accuracy(all.Select(c => (c, c == ToyCategory.PositiveEmotions ? 10 : 2, 10)).ToArray()));
        map.Add("foods", 1, Accuracy(all.Select(c => (c, c == ToyCategory.Foods ? 8 : 5, 10)).ToArray()));
        return map;
    }

    [Fact]
    public void Cells_are_means_over_seeds()
    {
        var map = Example();
        Assert.Equal(new[] { "none", "foods" }, map.Rows);
        Assert.Equal(0.1, map.Cell("none", ToyCategory.Objects).Mean, 12);
        Assert.Equal(0.1, map.Cell("none", ToyCategory.Objects).StandardError, 12);
        Assert.Equal(1.0, map.Cell("none", ToyCategory.PositiveEmotions).Mean);
        Assert.Equal(2, map.Cell("none", ToyCategory.Foods).Count);
        Assert.Equal(new[] { 1, 2 }, map.Seeds("none"));
        Assert.Throws<SelGenException>(() => map.Add("foods", 1, Accuracy()));
    }

    [Fact]
    public void Csv_has_a_header_of_categories_and_one_line_of_means_per_row()
    {
        var csv = Example().ToCsv();
        Assert.Equal(
            "row,objects,animals,positive_emotions,negative_emotions,actions,foods,random_strings\n" +
            "none,0.1,0.1,1,0.1,0.1,0.1,0.1\n" +
            "foods,0.5,0.5,0.5,0.5,0.5,0.8,0.5\n", csv);
    }

    [Fact]
    public void Long_csv_lists_every_cell_with_its_spread_and_leaves_missing_values_empty()
    {
        var lines = Example().ToLongCsv().TrimEnd('\n').Split('\n');
        Assert.Equal("row,column,mean,standard_error,low95,high95,seeds", lines[0]);
        Assert.Equal(1 + 2 * 7, lines.Length);
        Assert.Equal("none,objects,0.1,0.1,-1.1706,1.3706,2", lines[1]);
        Assert.Equal("foods,foods,0.8,,,,1", lines[^2]);
    }

    [Fact]
    public void Csv_files_are_written_where_asked()
    {
        var dir = Path.Combine(Path.GetTempPath(), "selgen-toy-" + Guid.NewGuid().ToString("N"));
        try
        {
            var map = Example();
            map.WriteCsv(Path.Combine(dir, "heat", "proxy1.csv"));
            Assert.Equal(map.ToCsv(), File.ReadAllText(Path.Combine(dir, "heat", "proxy1.csv")));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }
}
