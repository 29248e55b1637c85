using Microsoft.Data.Sqlite;

namespace SelGen.Experiments;

public sealed partial class RunStore
{
    static readonly IReadOnlyDictionary<string, double> NoMetrics = new Dictionary<string, double>();

    /// <summary>Every run in registration order, with its metrics.</summary>
    public IReadOnlyList<RunRecord> Runs()
    {
        using var c = Connect();
        var metrics = ReadMetrics(c);
        return ReadRuns(c, "ORDER BY rowid")
            .Select(r => metrics.TryGetValue(r.Id, out var m) ? r with { Metrics = m } : r)
            .ToList();
    }

    /// <summary>One run by id, or null.</summary>
    public RunRecord? Find(string runId) => Runs().FirstOrDefault(r => r.Id == runId);

    /// <summary>How many runs are in each state (every state present, zero when none).</summary>
    public IReadOnlyDictionary<RunState, int> Counts()
    {
        var counts = Enum.GetValues<RunState>().ToDictionary(s => s, _ => 0);
        using var c = Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT state, COUNT(*) FROM runs GROUP BY state";
        using var r = cmd.ExecuteReader();
        while (r.Read()) counts[RunStateText.Parse(r.GetString(0))] = r.GetInt32(1);
        return counts;
    }

    (RunRecord Row, string? Note)? FirstPending(SqliteConnection c)
    {
        var row = ReadRuns(c, "WHERE state = 'pending' ORDER BY rowid LIMIT 1").FirstOrDefault();
        return row is null ? null : (row, null);
    }

    /// <summary>The oldest running run that nobody works on any more. An abandoned attempt that moved the
    /// run's checkpoint forward was an interruption and does not count; runs abandoned
    /// <see cref="RunStoreOptions.MaxAttemptsWithoutProgress"/> times in a row without progress are marked failed on the way.</summary>
    (RunRecord Row, string? Note)? FirstAbandoned(SqliteConnection c, DateTimeOffset now)
    {
        foreach (var row in ReadRuns(c, "WHERE state = 'running' ORDER BY rowid"))
        {
            string? why = null;
            if (row.Owner is { } owner && !owner.IsAlive()) why = $"its owner ({owner}) is gone";
            else if (row.HeartbeatAt is null || now - row.HeartbeatAt.Value > _options.StaleAfter)
                why = $"no heartbeat since {(row.HeartbeatAt is { } h ? Stamp(h) : "the claim")}";
            if (why is null) continue;
            int reached = CheckpointedStep(row.RunDir), atClaim = ClaimStep(c, row.Id);
            bool progressed = reached > atClaim;
            int stalls = progressed ? 0 : row.Stalls + 1;
            var note = progressed
                ? $"attempt {row.Attempts} interrupted at step {reached} (from step {atClaim}): {why}; resumed"
                : $"attempt {row.Attempts} abandoned without progress (at step {reached}): {why}";
            using var update = c.CreateCommand();
            update.Parameters.AddWithValue("$stalls", stalls);
            update.Parameters.AddWithValue("$id", row.Id);
            update.Parameters.AddWithValue("$notes", AppendNote(row.Notes, note));
            if (stalls >= _options.MaxAttemptsWithoutProgress)
            {
                update.CommandText = "UPDATE runs SET state = 'failed', finished_at = $now, error = $error, stalls = $stalls, notes = $notes WHERE id = $id";
                update.Parameters.AddWithValue("$now", Stamp(now));
                update.Parameters.AddWithValue("$error",
                    $"{note}; gave up after {stalls} attempts in a row without progress (retry with 'selgen retry {SweepDir}')");
                update.ExecuteNonQuery();
                continue;
            }
            update.CommandText = "UPDATE runs SET stalls = $stalls, notes = $notes WHERE id = $id";
            update.ExecuteNonQuery();
            return (row with { Stalls = stalls }, note);
        }
        return null;
    }

    static int ClaimStep(SqliteConnection c, string id)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT claim_step FROM runs WHERE id = $id";
        cmd.Parameters.AddWithValue("$id", id);
        return Convert.ToInt32(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The step of the run folder's training checkpoint (0 without one): the progress a kill cannot take away.</summary>
    static int CheckpointedStep(string runDir)
    {
        try { return SelGen.Training.Checkpoint.SavedStep(runDir); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException or FormatException) { return 0; }
    }

    internal static string AppendNote(string? notes, string note) => string.IsNullOrEmpty(notes) ? note : notes + "\n" + note;

    List<RunRecord> ReadRuns(SqliteConnection c, string tail)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT {RunStoreSchema.RunColumns} FROM runs {tail}";
        using var r = cmd.ExecuteReader();
        var rows = new List<RunRecord>();
        while (r.Read())
        {
            string? Text(int i) => r.IsDBNull(i) ? null : r.GetString(i);
            RunOwner? owner = r.IsDBNull(7) ? null : new RunOwner(r.GetInt32(7), Text(8) ?? "", Text(9) ?? "", Text(10) ?? "");
            rows.Add(new RunRecord(
                Id: r.GetString(0), Method: r.GetString(1), KnobsJson: r.GetString(2), Seed: r.GetInt32(3),
                State: RunStateText.Parse(r.GetString(4)), Attempts: r.GetInt32(5), Error: Text(6), Owner: owner,
                RegisteredAt: ParseStamp(r.GetString(11))!.Value, ClaimedAt: ParseStamp(Text(12)),
                HeartbeatAt: ParseStamp(Text(13)), FinishedAt: ParseStamp(Text(14)),
                RunDir: RunFolder(r.GetString(0), r.GetString(15)), Metrics: NoMetrics,
                Notes: Text(16), Stalls: r.GetInt32(18)));
        }
        return rows;
    }

    static Dictionary<string, IReadOnlyDictionary<string, double>> ReadMetrics(SqliteConnection c)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT run_id, name, value FROM metrics ORDER BY run_id, name";
        using var r = cmd.ExecuteReader();
        var all = new Dictionary<string, Dictionary<string, double>>();
        while (r.Read())
        {
            var id = r.GetString(0);
            if (!all.TryGetValue(id, out var m)) all[id] = m = new Dictionary<string, double>();
            m[r.GetString(1)] = r.IsDBNull(2) ? double.NaN : r.GetDouble(2);
        }
        return all.ToDictionary(p => p.Key, p => (IReadOnlyDictionary<string, double>)p.Value);
    }
}
