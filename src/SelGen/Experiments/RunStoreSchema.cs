using Microsoft.Data.Sqlite;

namespace SelGen.Experiments;

/// <summary>The tables of runs.sqlite. Times are ISO-8601 UTC text so the file reads well in the sqlite3 shell.</summary>
static class RunStoreSchema
{
    /// <summary>2 added notes (kept when done) and the checkpointed step at claim and the count of attempts
    /// abandoned without progress (interruptions that made progress do not count toward giving up).</summary>
    public const int Version = 2;

    public const string RunColumns =
        "id, method, knobs, seed, state, attempts, error, owner_pid, owner_host, owner_boot, owner_start, " +
        "registered_at, claimed_at, heartbeat_at, finished_at, run_dir, notes, claim_step, stalls";

    const string Create = """
        CREATE TABLE IF NOT EXISTS runs (
            id            TEXT PRIMARY KEY,
            method        TEXT NOT NULL,
            knobs         TEXT NOT NULL,
            seed          INTEGER NOT NULL,
            state         TEXT NOT NULL CHECK (state IN ('pending', 'running', 'done', 'failed')),
            attempts      INTEGER NOT NULL DEFAULT 0,
            error         TEXT,
            owner_pid     INTEGER,
            owner_host    TEXT,
            owner_boot    TEXT,
            owner_start   TEXT,
            registered_at TEXT NOT NULL,
            claimed_at    TEXT,
            heartbeat_at  TEXT,
            finished_at   TEXT,
            run_dir       TEXT NOT NULL,
            notes         TEXT,
            claim_step    INTEGER NOT NULL DEFAULT 0,
            stalls        INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX IF NOT EXISTS runs_by_state ON runs (state);
        CREATE TABLE IF NOT EXISTS metrics (
            run_id TEXT NOT NULL REFERENCES runs (id),
            name   TEXT NOT NULL,
            value  REAL,
            PRIMARY KEY (run_id, name)
        ) WITHOUT ROWID;
        """;

    /// <summary>Creates the tables if absent and checks the version of an existing file.</summary>
    public static void Ensure(SqliteConnection c, string path)
    {
        // WAL lets readers (a report) run while a sweep writes; the mode is stored in the file.
        Exec(c, "PRAGMA journal_mode = WAL");
        Exec(c, "BEGIN IMMEDIATE");
        try
        {
            long version = Scalar(c, "PRAGMA user_version");
            if (version > Version)
                throw new SelGenException($"{path}: run store version {version} is newer than this selgen understands ({Version}); update selgen");
            if (version == 1)
                foreach (var column in new[] { "notes TEXT", "claim_step INTEGER NOT NULL DEFAULT 0", "stalls INTEGER NOT NULL DEFAULT 0" })
                    Exec(c, $"ALTER TABLE runs ADD COLUMN {column}");
            Exec(c, Create);
            if (version < Version) Exec(c, $"PRAGMA user_version = {Version}");
            Exec(c, "COMMIT");
        }
        catch
        {
            Exec(c, "ROLLBACK");
            throw;
        }
    }

    public static void Exec(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    static long Scalar(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
