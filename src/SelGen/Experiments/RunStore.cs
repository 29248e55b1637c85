using System.Globalization;
using Microsoft.Data.Sqlite;

namespace SelGen.Experiments;

/// <summary>
/// The index of a sweep's runs: an SQLite file (<see cref="FileName"/>, WAL mode) in the sweep folder,
/// shared by every process that works on the sweep. Each write is one BEGIN IMMEDIATE transaction, so
/// a claim is atomic across processes and a process killed at any point leaves the file consistent.
/// Thread-safe: every call opens its own connection.
/// </summary>
/// <remarks>
/// Life of a run: <see cref="Register"/> adds it as pending; <see cref="Claim"/> hands it to one process
/// (running); that process calls <see cref="Heartbeat"/> now and then and ends with <see cref="MarkDone"/>
/// or <see cref="MarkFailed"/>. A running run whose owner is dead (same host: gone, zombie or pid reused)
/// or whose heartbeat is older than <see cref="RunStoreOptions.StaleAfter"/> is claimable again; the claim
/// then bumps <see cref="RunClaim.Attempt"/>, which fences off the old holder: heartbeat, done and failed
/// count only for the current attempt.
/// </remarks>
public sealed partial class RunStore
{
    public const string FileName = "runs.sqlite";
    public const string RunsFolder = "runs";

    readonly string _connectionString;
    readonly RunStoreOptions _options;

    public string SweepDir { get; }
    public string DatabasePath { get; }

    RunStore(string sweepDir, RunStoreOptions options)
    {
        SweepDir = Path.GetFullPath(sweepDir);
        DatabasePath = Path.Combine(SweepDir, FileName);
        _options = options;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            // Pooled: closing the last connection to a WAL file checkpoints it (~25 ms a call here).
            Pooling = true,
            DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds),
        }.ToString();
    }

    /// <summary>Opens the store of a sweep folder, creating the folder and the database if absent.</summary>
    public static RunStore Open(string sweepDir, RunStoreOptions? options = null)
    {
        Directory.CreateDirectory(sweepDir);
        var store = new RunStore(sweepDir, options ?? new RunStoreOptions());
        using var c = store.Connect();
        RunStoreSchema.Ensure(c, store.DatabasePath);
        return store;
    }

    /// <summary>Opens an existing store for reading; a clear error when the folder has none.</summary>
    public static RunStore OpenExisting(string sweepDir, RunStoreOptions? options = null)
    {
        var path = Path.Combine(Path.GetFullPath(sweepDir), FileName);
        if (!File.Exists(path))
            throw new SelGenException($"{sweepDir}: no run store ({FileName}) in this folder; give the folder a sweep wrote to");
        return Open(sweepDir, options);
    }

    /// <summary>Adds the jobs not yet in the store as pending; returns how many were new. Idempotent.</summary>
    public int Register(IEnumerable<RunJob> jobs)
    {
        var list = jobs.ToList();
        var now = Stamp(Now);
        return Write(c =>
        {
            int added = 0;
            using var cmd = c.CreateCommand();
            cmd.CommandText = """
                INSERT OR IGNORE INTO runs (id, method, knobs, seed, state, registered_at, run_dir)
                VALUES ($id, $method, $knobs, $seed, 'pending', $now, $dir)
                """;
            var id = cmd.Parameters.Add("$id", SqliteType.Text);
            var method = cmd.Parameters.Add("$method", SqliteType.Text);
            var knobs = cmd.Parameters.Add("$knobs", SqliteType.Text);
            var seed = cmd.Parameters.Add("$seed", SqliteType.Integer);
            cmd.Parameters.AddWithValue("$now", now);
            var dir = cmd.Parameters.Add("$dir", SqliteType.Text);
            foreach (var job in list)
            {
                id.Value = job.Id;
                method.Value = job.Method;
                knobs.Value = job.KnobsJson;
                seed.Value = job.Seed;
                dir.Value = Path.Combine(RunsFolder, job.Id); // relative, so the sweep folder can move
                added += cmd.ExecuteNonQuery();
            }
            return added;
        });
    }

    /// <summary>
    /// Takes the next run to do, or null when none is left: the oldest pending run, else a running run
    /// whose owner is dead or whose heartbeat is stale. Creates the run folder.
    /// </summary>
    /// <param name="owner">Who claims; this process unless given (tests pass other identities).</param>
    public RunClaim? Claim(RunOwner? owner = null)
    {
        owner ??= RunOwner.Current;
        var now = Now;
        var claim = Write(c =>
        {
            var candidate = FirstPending(c) ?? FirstAbandoned(c, now);
            if (candidate is null) return null;
            using var cmd = c.CreateCommand();
            cmd.CommandText = """
                UPDATE runs SET state = 'running', attempts = attempts + 1, error = $note, claim_step = $step,
                    owner_pid = $pid, owner_host = $host, owner_boot = $boot, owner_start = $start,
                    claimed_at = $now, heartbeat_at = $now, finished_at = NULL
                WHERE id = $id
                """;
            cmd.Parameters.AddWithValue("$note", (object?)candidate.Value.Note ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$pid", owner.Pid);
            cmd.Parameters.AddWithValue("$host", owner.Host);
            cmd.Parameters.AddWithValue("$boot", owner.BootId);
            cmd.Parameters.AddWithValue("$start", owner.StartStamp);
            cmd.Parameters.AddWithValue("$now", Stamp(now));
            cmd.Parameters.AddWithValue("$id", candidate.Value.Row.Id);
            cmd.Parameters.AddWithValue("$step", CheckpointedStep(candidate.Value.Row.RunDir));
            cmd.ExecuteNonQuery();
            var row = candidate.Value.Row;
            return new RunClaim(RunJob.FromKnobsJson(row.Method, row.KnobsJson, row.Seed), row.Attempts + 1, owner, row.RunDir);
        });
        if (claim is not null) Directory.CreateDirectory(claim.RunDir);
        return claim;
    }

    /// <summary>Records that the holder is alive. False when the claim was lost (the run was taken over,
    /// released or finished): the holder should stop working on it.</summary>
    public bool Heartbeat(RunClaim claim) =>
        Write(c => UpdateHeld(c, claim, "heartbeat_at = $now", _ => { }) == 1);

    /// <summary>
    /// Completes the run with its metrics (NaN allowed, stored as NULL: "undefined", e.g. a rate over
    /// zero items). Exactly once: false, and nothing written, when this claim no longer holds the run,
    /// including a second completion of the same run.
    /// </summary>
    public bool MarkDone(RunClaim claim, IReadOnlyDictionary<string, double> metrics)
    {
        foreach (var (name, value) in metrics)
        {
            if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("metric names must not be empty", nameof(metrics));
            if (double.IsInfinity(value)) throw new ArgumentException($"metric '{name}' is {value}; metrics must be finite or NaN", nameof(metrics));
        }
        return Write(c =>
        {
            if (UpdateHeld(c, claim, "state = 'done', finished_at = $now, heartbeat_at = $now, error = NULL", _ => { }) != 1) return false;
            using var cmd = c.CreateCommand();
            cmd.CommandText = "INSERT INTO metrics (run_id, name, value) VALUES ($id, $name, $value)";
            cmd.Parameters.AddWithValue("$id", claim.RunId);
            var name = cmd.Parameters.Add("$name", SqliteType.Text);
            var value = cmd.Parameters.Add("$value", SqliteType.Real);
            foreach (var (n, v) in metrics)
            {
                name.Value = n;
                value.Value = double.IsNaN(v) ? DBNull.Value : v;
                cmd.ExecuteNonQuery();
            }
            return true;
        });
    }

    /// <summary>Ends the run as failed with the error text. False when this claim no longer holds it.</summary>
    public bool MarkFailed(RunClaim claim, string error) =>
        Write(c => UpdateHeld(c, claim, "state = 'failed', finished_at = $now, error = $error",
            cmd => cmd.Parameters.AddWithValue("$error", error)) == 1);

    /// <summary>Gives a held run back (pending) without counting it as failed, e.g. on Ctrl+C.</summary>
    public bool Release(RunClaim claim) =>
        Write(c => UpdateHeld(c, claim,
            "state = 'pending', owner_pid = NULL, owner_host = NULL, owner_boot = NULL, owner_start = NULL, heartbeat_at = NULL",
            _ => { }) == 1);

    /// <summary>Makes failed runs pending again (every one, or the one with <paramref name="runId"/>): their attempt
    /// count is kept, their count of attempts without progress starts over, and their checkpoint is resumed. Returns how many.</summary>
    public int ResetFailed(string? runId = null) => Write(c =>
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = "UPDATE runs SET state = 'pending', finished_at = NULL, stalls = 0, owner_pid = NULL, owner_host = NULL, owner_boot = NULL, owner_start = NULL, " +
            "notes = CASE WHEN notes IS NULL THEN 'retried after: ' || COALESCE(error, '') ELSE notes || char(10) || 'retried after: ' || COALESCE(error, '') END " +
            "WHERE state = 'failed'" + (runId is null ? "" : " AND id = $id");
        if (runId is not null) cmd.Parameters.AddWithValue("$id", runId);
        return cmd.ExecuteNonQuery();
    });

    /// <summary>Adds a line to the run's notes (kept when it is done), e.g. why it restarted from scratch.
    /// False when this claim no longer holds the run.</summary>
    public bool AddNote(RunClaim claim, string note) =>
        Write(c => UpdateHeld(c, claim, "notes = CASE WHEN notes IS NULL THEN $note ELSE notes || char(10) || $note END",
            cmd => cmd.Parameters.AddWithValue("$note", note)) == 1);

    DateTimeOffset Now => _options.Clock.GetUtcNow();

    /// <summary>
    /// The run's folder: runs/ID inside this sweep, and nothing else. The stored run_dir is checked, not
    /// trusted: sweep folders are committed and resumed from other clones, and a tampered value must not make
    /// a worker write outside the sweep.
    /// </summary>
    string RunFolder(string id, string stored)
    {
        var runs = Path.GetFullPath(Path.Combine(SweepDir, RunsFolder));
        var expected = Path.GetFullPath(Path.Combine(runs, id));
        var actual = Path.GetFullPath(Path.Combine(SweepDir, stored));
        if (Path.GetDirectoryName(expected) != runs || actual != expected)
            throw new SelGenException($"{DatabasePath}: run '{id}' has run_dir '{stored}', but a run's folder must be {Path.Combine(RunsFolder, id)} inside the sweep folder; " +
                "the file was edited or damaged: restore runs.sqlite, or delete the sweep folder to start over");
        return expected;
    }

    int UpdateHeld(SqliteConnection c, RunClaim claim, string set, Action<SqliteCommand> bind)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"UPDATE runs SET {set} WHERE id = $id AND state = 'running' AND attempts = $attempt";
        cmd.Parameters.AddWithValue("$id", claim.RunId);
        cmd.Parameters.AddWithValue("$attempt", claim.Attempt);
        cmd.Parameters.AddWithValue("$now", Stamp(Now));
        bind(cmd);
        return cmd.ExecuteNonQuery();
    }

    internal static string Stamp(DateTimeOffset t) => t.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    internal static DateTimeOffset? ParseStamp(string? s) =>
        s is null ? null : DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    SqliteConnection Connect()
    {
        var c = new SqliteConnection(_connectionString);
        c.Open();
        // SQLite's own wait for locks, besides Microsoft.Data.Sqlite's retry loop on SQLITE_BUSY.
        RunStoreSchema.Exec(c, $"PRAGMA busy_timeout = {(int)_options.BusyTimeout.TotalMilliseconds}");
        // In WAL mode NORMAL syncs at checkpoints only: a killed process loses nothing committed; a power
        // cut may lose the last commits (a finished run goes back to running and is redone), never consistency.
        RunStoreSchema.Exec(c, "PRAGMA synchronous = NORMAL");
        return c;
    }

    /// <summary>Runs the body in one BEGIN IMMEDIATE transaction: the write lock is taken up front, so
    /// two claimers never both read the same pending row before either writes.</summary>
    T Write<T>(Func<SqliteConnection, T> body)
    {
        try { return WriteOnce(body); }
        catch (SqliteException e) when (Describe(e) is { } fault) { throw new SelGenException($"{DatabasePath}: {fault}", e); }
    }

    /// <summary>The run store's file faults in words (SQLite's result codes), or null for the others.</summary>
    static string? Describe(SqliteException e) => e.SqliteErrorCode switch
    {
        13 => "the disk is full (SQLite could not write the run store); free some space, then run the same sweep again: nothing finished is lost",
        8 => "the run store is read-only (a read-only filesystem or file); put the sweep folder where it can be written",
        14 => "the run store cannot be opened (its folder is missing or not writable); check the sweep folder",
        10 => "a disk error while writing the run store (SQLite I/O error); check the disk, then run the same sweep again",
        _ => null,
    };

    T WriteOnce<T>(Func<SqliteConnection, T> body)
    {
        using var c = Connect();
        RunStoreSchema.Exec(c, "BEGIN IMMEDIATE");
        T result;
        try
        {
            result = body(c);
        }
        catch
        {
            try { RunStoreSchema.Exec(c, "ROLLBACK"); }
            catch (SqliteException) { SqliteConnection.ClearPool(c); } // never hand back a connection stuck in a transaction
            throw;
        }
        RunStoreSchema.Exec(c, "COMMIT");
        return result;
    }
}
