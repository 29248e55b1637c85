using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace SelGen.Evaluation.Judge;

/// <summary>
/// A persistent store of judge answers keyed by (judge model, full prompt text), so that a re-run or a resumed
/// sweep never pays for the same judgement twice. It keeps the top log-probabilities rather than the score, so
/// a change of the score formula re-scores from the cache. SQLite in WAL mode: several processes (parallel
/// sweep workers) may read and write the same file; writers wait for each other up to the busy time-out.
/// </summary>
public sealed class JudgeCache : IDisposable
{
    const int SchemaVersion = 1;
    readonly string connectionString;

    public string Path { get; }

    public JudgeCache(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        if (System.IO.Path.GetDirectoryName(Path) is { } dir) Directory.CreateDirectory(dir);
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            DefaultTimeout = 60, // seconds a command waits for another process's write lock
        }.ToString();
        try
        {
            using var connection = Open();
            // WAL persists in the file: readers never block the writer, and concurrent processes are safe.
            Execute(connection, "PRAGMA journal_mode=WAL;");
            int version = Convert.ToInt32(Scalar(connection, "PRAGMA user_version;"));
            if (version is not (0 or SchemaVersion))
                throw new SelGenException($"{Path}: judge cache schema version {version}, this build reads {SchemaVersion}; " +
                    "use another cache file or delete this one");
            Execute(connection, """
                CREATE TABLE IF NOT EXISTS judge_answers (
                    model TEXT NOT NULL,
                    prompt_sha256 TEXT NOT NULL,
                    top_logprobs TEXT NOT NULL,
                    created_utc TEXT NOT NULL,
                    PRIMARY KEY (model, prompt_sha256)
                ) WITHOUT ROWID;
                """);
            Execute(connection, $"PRAGMA user_version = {SchemaVersion};");
        }
        catch (SqliteException e)
        {
            throw new SelGenException($"{Path}: cannot open the judge cache ({e.Message}); is it an SQLite file and writable?", e);
        }
    }

    /// <summary>The judge's stored top log-probabilities for this prompt, or null when it was never asked.</summary>
    public IReadOnlyList<TopLogprob>? TryGet(string model, string prompt)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT top_logprobs FROM judge_answers WHERE model = $model AND prompt_sha256 = $key;";
        command.Parameters.AddWithValue("$model", model);
        command.Parameters.AddWithValue("$key", Key(prompt));
        return command.ExecuteScalar() is string json
            ? JsonSerializer.Deserialize<TopLogprob[]>(json) ?? throw new SelGenException($"{Path}: a cached judge answer is null")
            : null;
    }

    /// <summary>Stores the judge's answer; a second store of the same key (another process was faster) keeps the first.</summary>
    public void Put(string model, string prompt, IReadOnlyList<TopLogprob> topLogprobs)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO judge_answers (model, prompt_sha256, top_logprobs, created_utc) VALUES ($model, $key, $json, $now)
            ON CONFLICT (model, prompt_sha256) DO NOTHING;
            """;
        command.Parameters.AddWithValue("$model", model);
        command.Parameters.AddWithValue("$key", Key(prompt));
        command.Parameters.AddWithValue("$json", JsonSerializer.Serialize(topLogprobs));
        command.Parameters.AddWithValue("$now", DateTime.UtcNow.ToString("O"));
        command.ExecuteNonQuery();
    }

    /// <summary>Stored judge answers, all models.</summary>
    public long Count
    {
        get
        {
            using var connection = Open();
            return Convert.ToInt64(Scalar(connection, "SELECT COUNT(*) FROM judge_answers;"));
        }
    }

    /// <summary>The journal mode SQLite reports for the file ("wal" once opened here).</summary>
    public string JournalMode()
    {
        using var connection = Open();
        return (string)Scalar(connection, "PRAGMA journal_mode;")!;
    }

    /// <summary>
    /// SHA-256 of the full prompt (UTF-8): a fixed-size key for prompts of any length, so the index stays small;
    /// two different prompts sharing one is not a practical concern.
    /// </summary>
    static string Key(string prompt) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(prompt)));

    SqliteConnection Open()
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        return connection;
    }

    static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    /// <summary>Closes this cache's pooled connections, releasing the file.</summary>
    public void Dispose()
    {
        using var connection = new SqliteConnection(connectionString);
        SqliteConnection.ClearPool(connection);
    }
}
