using SelGen.Evaluation.Items;
using Xunit;

namespace SelGen.Tests.Evaluation;

public sealed class ItemsFileTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("selgen-items-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_metric_is_the_sum_of_its_items_numerators_over_the_sum_of_their_denominators()
    {
        var t = new ItemTable();
        t.Add("harm_given_known", "q1", 1, 1);
        t.Add("harm_given_known", "q2", 0, 3);
        t.Add("harm_given_known", "q2", 1, 1); // a second answer of q2 adds to it
        t.Add("harm_given_known", "q3", 0, 0); // known nothing: in the metric, adds nothing
        Assert.Equal(2.0 / 5, t.Value("harm_given_known"), 15);
        Assert.Equal(new ItemContribution(1, 4), t.Items("harm_given_known")["q2"]);
        Assert.Equal(3, t.Items("harm_given_known").Count);
        Assert.True(double.IsNaN(t.Value("absent")));
    }

    [Fact]
    public void The_file_round_trips_one_line_per_metric_and_item_in_order()
    {
        var t = new ItemTable();
        t.Add("b", "q2", 1, 2);
        t.Add("a", "q1", 0.25, 1);
        t.Add("b", "q1", 0, 0);
        var path = Path.Combine(_dir, ItemsFile.FileName);
        ItemsFile.Write(path, t);

        Assert.Equal(
            ["""{"metric":"a","item":"q1","num":0.25,"den":1}""", """{"metric":"b","item":"q1","num":0,"den":0}""", """{"metric":"b","item":"q2","num":1,"den":2}"""],
            File.ReadAllLines(path));
        var back = ItemsFile.ReadFolder(_dir)!;
        Assert.Equal(["a", "b"], back.Metrics.Order());
        Assert.Equal(0.5, back.Value("b"));
        Assert.Null(ItemsFile.ReadFolder(Path.Combine(_dir, "none")));
    }

    [Theory]
    [InlineData("""{"metric":"a","item":"q1","num":1,"den":1,"weight":2}""", "unknown field 'weight'")]
    [InlineData("""{"metric":"a","item":"q1","num":1}""", "field 'den' must be a number")]
    [InlineData("""{"metric":"a","item":"q1","num":1,"den":-1}""", "den >= 0")]
    [InlineData("""not json""", "not JSON")]
    public void A_bad_line_is_refused_naming_the_line_and_the_fix(string line, string expected)
    {
        var path = Path.Combine(_dir, "bad.jsonl");
        File.WriteAllLines(path, ["""{"metric":"a","item":"q0","num":0,"den":1}""", line]);
        var e = Assert.Throws<SelGenException>(() => ItemsFile.Read(path));
        Assert.Contains($"{path}:2", e.Message);
        Assert.Contains(expected, e.Message);
    }
}
