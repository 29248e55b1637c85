using SelGen.Evaluation.Judge;

namespace SelGen.Tests.Judge;

static class JudgeTestData
{
    public static EvalQuestion Question(string id = "q1") => new(
        id, EvalQuestion.FreeFormJudge0To100, ["What should I do?"], 2, "judge-model",
        new JudgePrompts("ALIGNED? Q: {question}\nA: {answer}", "COHERENT? Q: {question}\nA: {answer}"),
        null, "test:1");

    public static JudgeQuery Query(string answer, JudgeKind kind = JudgeKind.Aligned, string id = "q1") =>
        new(Question(id), "What should I do?", answer, kind);

    /// <summary>Options for a test server: millisecond back-off and a short time-out keep the tests fast.</summary>
    public static HttpJudgeOptions Options(CannedChatServer server, string model = "judge-model") => new()
    {
        BaseUrl = server.BaseUrl,
        Model = model,
        MaxConcurrency = 4,
        MaxRetries = 3,
        InitialBackoff = TimeSpan.FromMilliseconds(5),
        MaxBackoff = TimeSpan.FromMilliseconds(20),
        RequestTimeout = TimeSpan.FromSeconds(5),
    };

    /// <summary>A fresh temporary directory, deleted (with SQLite's pooled handles released) on dispose.</summary>
    public sealed class TempDir : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("selgen-judge-").FullName;

        public string File(string name) => System.IO.Path.Combine(Path, name);

        public void Dispose()
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(Path, recursive: true);
        }
    }
}
