using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using SelGen.Experiments;
using Xunit;

namespace SelGen.Tests.Experiments;

public class RunStoreTests : IDisposable
{
    readonly TempDir _dir = new();
    public void Dispose() => _dir.Dispose();

    static List<RunJob> Grid(int seeds = 3) =>
    [
        .. new[] { 1, 5, 42 }.Take(seeds).Select(s => new RunJob("task_only", null, s)),
        .. new[] { 0.1, 1.0 }.SelectMany(b => new[] { 1, 5, 42 }.Take(seeds).Select(s => new RunJob("kl", new JsonObject { ["beta"] = b }, s))),
    ];

    static readonly Dictionary<string, double> SomeMetrics = new() { ["task"] = 0.5, ["aligned"] = 0.25 };

    /// <summary>An owner on this host whose process has exited: a real pid that is no longer alive.</summary>
    static RunOwner DeadOwner()
    {
        using var p = Process.Start(new ProcessStartInfo("/bin/true") { UseShellExecute = false })!;
        p.WaitForExit();
        return RunOwner.Current with { Pid = p.Id, StartStamp = "linux:1" };
    }

    int MetricRows(string runId)
    {
        using var c = new SqliteConnection($"Data Source={Path.Combine(_dir.Path, RunStore.FileName)};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM metrics WHERE run_id = $id";
        cmd.Parameters.AddWithValue("$id", runId);
        return Convert.ToInt32(cmd.ExecuteScalar());
    }

    [Fact]
    public void Registering_the_same_grid_twice_adds_nothing()
    {
        var store = RunStore.Open(_dir.Path);
        Assert.Equal(9, store.Register(Grid()));
        Assert.Equal(0, store.Register(Grid()));
        Assert.Equal(0, RunStore.Open(_dir.Path).Register(Grid(seeds: 2)));
        Assert.Equal(9, store.Runs().Count);
        Assert.All(store.Runs(), r => Assert.Equal(RunState.Pending, r.State));
    }

    [Fact]
    public void Claims_hand_out_each_pending_run_once_in_registration_order()
    {
        var store = RunStore.Open(_dir.Path);
        var grid = Grid();
        store.Register(grid);
        var claimed = new List<string>();
        while (store.Claim() is { } claim)
        {
            Assert.Equal(1, claim.Attempt);
            Assert.True(Directory.Exists(claim.RunDir));
            claimed.Add(claim.RunId);
        }
        Assert.Equal(grid.Select(j => j.Id), claimed);
        Assert.All(store.Runs(), r => Assert.Equal(RunState.Running, r.State));
    }

    [Fact]
    public void A_running_run_with_a_live_owner_and_fresh_heartbeat_is_not_claimed_again()
    {
        var store = RunStore.Open(_dir.Path);
        store.Register(Grid(seeds: 1).Take(1));
        Assert.NotNull(store.Claim());
        Assert.Null(store.Claim());
        Assert.Null(store.Claim(RunOwner.Current with { Host = "elsewhere" }));
    }

    [Fact]
    public void A_run_claimed_by_a_process_that_died_is_claimed_again()
    {
        var store = RunStore.Open(_dir.Path);
        store.Register(Grid(seeds: 1).Take(1));
        var dead = DeadOwner();
        var first = store.Claim(dead)!;
        Assert.False(dead.IsAlive());

        var second = store.Claim();
        Assert.NotNull(second);
        Assert.Equal(first.RunId, second.RunId);
        Assert.Equal(2, second.Attempt);
        var row = store.Find(first.RunId)!;
        Assert.Equal(RunOwner.Current, row.Owner);
        Assert.Contains("is gone", row.Error);
    }

    [Fact]
    public void A_reused_pid_with_another_start_stamp_counts_as_dead()
    {
        Assert.True(RunOwner.Current.IsAlive());
        Assert.False((RunOwner.Current with { StartStamp = "linux:1" }).IsAlive());
        Assert.False((RunOwner.Current with { BootId = "another-boot" }).IsAlive());
        Assert.True((RunOwner.Current with { Host = "elsewhere", Pid = 1 }).IsAlive());
    }

    [Fact]
    public void A_run_whose_heartbeat_went_stale_is_claimed_again_and_the_old_holder_is_fenced_off()
    {
        var clock = new ManualClock(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var store = RunStore.Open(_dir.Path, new RunStoreOptions { Clock = clock, StaleAfter = TimeSpan.FromMinutes(10) });
        store.Register(Grid(seeds: 1).Take(1));
        var remote = store.Claim(RunOwner.Current with { Host = "elsewhere" })!; // liveness unknown: only the heartbeat counts

        clock.Now += TimeSpan.FromMinutes(9);
        Assert.True(store.Heartbeat(remote));
        clock.Now += TimeSpan.FromMinutes(9);
        Assert.Null(store.Claim()); // 9 minutes since the last beat: still held

        clock.Now += TimeSpan.FromMinutes(2);
        var taken = store.Claim();
        Assert.NotNull(taken);
        Assert.Equal(2, taken.Attempt);
        Assert.Contains("no heartbeat since", store.Find(taken.RunId)!.Error);

        Assert.False(store.Heartbeat(remote));
        Assert.False(store.MarkDone(remote, SomeMetrics));
        Assert.False(store.MarkFailed(remote, "late"));
        Assert.True(store.MarkDone(taken, SomeMetrics));
        Assert.Equal(SomeMetrics, store.Find(taken.RunId)!.Metrics);
    }

    [Fact]
    public void The_heartbeat_loop_keeps_a_claim_fresh_and_signals_when_it_is_taken_over()
    {
        var clock = new ManualClock(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var store = RunStore.Open(_dir.Path, new RunStoreOptions { Clock = clock });
        store.Register(Grid(seeds: 1).Take(1));
        var remote = store.Claim(DeadOwner())!; // the beats come from here; the dead owner lets the takeover happen at once
        using var beat = new RunHeartbeat(store, remote, TimeSpan.FromMilliseconds(10));

        clock.Now += TimeSpan.FromMinutes(5);
        SpinWait.SpinUntil(() => store.Find(remote.RunId)!.HeartbeatAt == clock.Now, TimeSpan.FromSeconds(5));
        Assert.Equal(clock.Now, store.Find(remote.RunId)!.HeartbeatAt);
        Assert.False(beat.Lost.IsCancellationRequested);

        Assert.NotNull(store.Claim());
        Assert.True(beat.Lost.WaitHandle.WaitOne(TimeSpan.FromSeconds(5)), "the heartbeat did not notice the takeover");
    }

    [Fact]
    public void A_second_completion_of_a_run_is_a_no_op_and_metrics_are_not_duplicated()
    {
        var store = RunStore.Open(_dir.Path);
        store.Register(Grid(seeds: 1).Take(1));
        var claim = store.Claim()!;
        Assert.True(store.MarkDone(claim, SomeMetrics));
        Assert.False(store.MarkDone(claim, new Dictionary<string, double> { ["task"] = 0.9, ["extra"] = 1 }));
        Assert.False(store.MarkFailed(claim, "too late"));

        var run = store.Find(claim.RunId)!;
        Assert.Equal(RunState.Done, run.State);
        Assert.Equal(SomeMetrics, run.Metrics);
        Assert.Null(run.Error);
        Assert.NotNull(run.FinishedAt);
        Assert.Equal(2, MetricRows(claim.RunId));
    }

    [Fact]
    public void A_failed_run_keeps_its_error_and_can_be_reset_to_pending()
    {
        var store = RunStore.Open(_dir.Path);
        store.Register(Grid(seeds: 1).Take(1));
        var claim = store.Claim()!;
        Assert.True(store.MarkFailed(claim, "loss became NaN at step 12"));
        Assert.Null(store.Claim());
        Assert.Equal("loss became NaN at step 12", store.Find(claim.RunId)!.Error);
        Assert.Equal(1, store.Counts()[RunState.Failed]);

        Assert.Equal(1, store.ResetFailed());
        var again = store.Claim()!;
        Assert.Equal(claim.RunId, again.RunId);
        Assert.Equal(2, again.Attempt);
    }

    [Fact]
    public void A_released_run_is_pending_again()
    {
        var store = RunStore.Open(_dir.Path);
        store.Register(Grid(seeds: 1).Take(1));
        var claim = store.Claim()!;
        Assert.True(store.Release(claim));
        Assert.Null(store.Find(claim.RunId)!.Owner);
        Assert.Equal(claim.RunId, store.Claim()!.RunId);
    }

    [Fact]
    public void A_run_whose_owner_died_max_attempts_times_without_progress_is_marked_failed()
    {
        var store = RunStore.Open(_dir.Path, new RunStoreOptions { MaxAttemptsWithoutProgress = 2 });
        store.Register(Grid(seeds: 1).Take(1));
        var dead = DeadOwner();
        Assert.Equal(1, store.Claim(dead)!.Attempt);
        Assert.Equal(2, store.Claim(dead)!.Attempt);
        Assert.Null(store.Claim());
        var run = store.Runs().Single();
        Assert.Equal(RunState.Failed, run.State);
        Assert.Contains("gave up after 2 attempts in a row without progress", run.Error);
        Assert.Contains("selgen retry", run.Error);
    }

    /// <summary>What a training checkpoint at <paramref name="step"/> leaves in the run folder (only its step is read here).</summary>
    static void Checkpointed(string runDir, int step)
    {
        Directory.CreateDirectory(Path.Combine(runDir, "checkpoint"));
        File.WriteAllText(Path.Combine(runDir, "checkpoint", "state.json"), $$"""{"step": {{step}}, "rng_state": ""}""");
    }

    [Fact]
    public void A_run_killed_five_times_while_making_progress_is_not_failed()
    {
        var store = RunStore.Open(_dir.Path, new RunStoreOptions { MaxAttemptsWithoutProgress = 3 });
        store.Register(Grid(seeds: 1).Take(1));
        for (int attempt = 1; attempt <= 5; attempt++)
        {
            var claim = store.Claim(DeadOwner())!;   // the owner is dead at once: each attempt is killed
            Assert.Equal(attempt, claim.Attempt);
            Checkpointed(claim.RunDir, attempt * 10);   // ... after checkpointing ten more steps
        }
        var last = store.Claim()!;
        Assert.Equal(6, last.Attempt);
        var run = store.Find(last.RunId)!;
        Assert.Equal(RunState.Running, run.State);
        Assert.Equal(0, run.Stalls);
        Assert.Contains("attempt 5 interrupted at step 50 (from step 40)", run.Notes);
        Assert.True(store.MarkDone(last, SomeMetrics));
        Assert.Contains("interrupted at step 10", store.Find(last.RunId)!.Notes);   // notes stay when done
    }

    [Fact]
    public void Attempts_without_progress_are_counted_in_a_row_and_progress_starts_the_count_over()
    {
        var store = RunStore.Open(_dir.Path, new RunStoreOptions { MaxAttemptsWithoutProgress = 2 });
        store.Register(Grid(seeds: 1).Take(1));
        store.Claim(DeadOwner());                               // dies at step 0
        var second = store.Claim(DeadOwner())!;                 // abandoned without progress: 1 stall
        Assert.Equal(1, store.Find(second.RunId)!.Stalls);
        Checkpointed(second.RunDir, 4);                         // this one progressed before dying
        var third = store.Claim(DeadOwner())!;
        Assert.Equal(0, store.Find(third.RunId)!.Stalls);
        Assert.NotNull(store.Claim(DeadOwner()));               // third made no progress: 1 stall, claimable again
        Assert.Null(store.Claim());                             // fourth made none either: 2 in a row, failed
        Assert.Equal(RunState.Failed, store.Runs().Single().State);
    }

    [Fact]
    public void Retrying_a_failed_run_resets_its_count_of_attempts_without_progress_and_notes_why()
    {
        var store = RunStore.Open(_dir.Path, new RunStoreOptions { MaxAttemptsWithoutProgress = 1 });
        store.Register(Grid(seeds: 1).Take(2));
        store.Claim(DeadOwner());
        var other = store.Claim()!;
        Assert.True(store.MarkFailed(other, "disk full"));
        Assert.Null(store.Claim());   // the first gave up after one attempt without progress
        Assert.Equal(2, store.Counts()[RunState.Failed]);
        Assert.Equal(1, store.ResetFailed(other.RunId));
        Assert.Equal(1, store.Counts()[RunState.Failed]);
        Assert.Equal(1, store.ResetFailed());
        var run = store.Runs().First();
        Assert.Equal((RunState.Pending, 0), (run.State, run.Stalls));
        Assert.Contains("retried after:", run.Notes);
    }

    [Fact]
    public void A_tampered_run_dir_outside_the_sweep_is_refused_and_nothing_is_written_there()
    {
        var store = RunStore.Open(_dir.Path);
        store.Register(Grid(seeds: 1).Take(1));
        using var outside = new TempDir();
        var target = Path.Combine(outside.Path, "escaped");
        using (var c = new SqliteConnection($"Data Source={Path.Combine(_dir.Path, RunStore.FileName)};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "UPDATE runs SET run_dir = $dir";
            cmd.Parameters.AddWithValue("$dir", Path.GetRelativePath(_dir.Path, target));
            cmd.ExecuteNonQuery();
        }
        var e = Assert.Throws<SelGenException>(() => store.Claim());
        Assert.Contains("must be runs/", e.Message);
        Assert.Contains("restore runs.sqlite", e.Message);
        Assert.False(Directory.Exists(target));
        Assert.Throws<SelGenException>(() => store.Runs());
    }

    [Fact]
    public void A_full_disk_under_the_run_store_is_a_named_error()
    {
        using var mount = new SelGen.Tests.Cli.TinyMount(readOnly: false, kilobytes: 256);
        if (!mount.Available)
        {
            Assert.NotEqual("root", Environment.UserName);   // only root can mount the tiny filesystem this needs
            return;
        }
        var store = RunStore.Open(mount.Path);
        // Fill the filesystem, then ask the store to grow.
        try { File.WriteAllBytes(Path.Combine(mount.Path, "filler"), new byte[1024 * 1024]); } catch (IOException) { }
        var e = Assert.Throws<SelGenException>(() => store.Register(Enumerable.Range(0, 2000).Select(i => new RunJob("kl", new JsonObject { ["beta"] = i }, i))));
        Assert.Contains(Path.Combine(mount.Path, RunStore.FileName), e.Message);
        Assert.Contains("the disk is full", e.Message);
        SqliteConnection.ClearAllPools();
    }

    [Fact]
    public void A_version_1_store_is_upgraded_in_place_and_keeps_its_runs()
    {
        var path = Path.Combine(_dir.Path, RunStore.FileName);
        using (var c = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = """
                CREATE TABLE runs (id TEXT PRIMARY KEY, method TEXT NOT NULL, knobs TEXT NOT NULL, seed INTEGER NOT NULL,
                  state TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, error TEXT, owner_pid INTEGER, owner_host TEXT,
                  owner_boot TEXT, owner_start TEXT, registered_at TEXT NOT NULL, claimed_at TEXT, heartbeat_at TEXT,
                  finished_at TEXT, run_dir TEXT NOT NULL);
                CREATE TABLE metrics (run_id TEXT NOT NULL, name TEXT NOT NULL, value REAL, PRIMARY KEY (run_id, name)) WITHOUT ROWID;
                INSERT INTO runs (id, method, knobs, seed, state, attempts, registered_at, finished_at, run_dir)
                  VALUES ('task_only-0000000000000000', 'task_only', '{}', 1, 'done', 1, '2026-01-01T00:00:00.0000000+00:00', '2026-01-01T00:00:00.0000000+00:00', 'runs/task_only-0000000000000000');
                INSERT INTO metrics VALUES ('task_only-0000000000000000', 'x', 0.5);
                PRAGMA user_version = 1;
                """;
            cmd.ExecuteNonQuery();
        }
        var run = RunStore.Open(_dir.Path).Runs().Single();
        Assert.Equal((RunState.Done, 0.5, 0), (run.State, run.Metrics["x"], run.Stalls));
        Assert.Null(run.Notes);
    }

    [Fact]
    public void An_undefined_metric_is_kept_as_NaN_and_an_infinite_one_is_rejected()
    {
        var store = RunStore.Open(_dir.Path);
        store.Register(Grid(seeds: 1).Take(1));
        var claim = store.Claim()!;
        Assert.Throws<ArgumentException>(() => store.MarkDone(claim, new Dictionary<string, double> { ["x"] = double.PositiveInfinity }));
        Assert.True(store.MarkDone(claim, new Dictionary<string, double> { ["sycophancy"] = double.NaN, ["task"] = 1 }));
        Assert.True(double.IsNaN(store.Find(claim.RunId)!.Metrics["sycophancy"]));
    }

    [Fact]
    public void Opening_a_folder_without_a_store_for_reading_names_the_folder()
    {
        var e = Assert.Throws<SelGenException>(() => RunStore.OpenExisting(_dir.Path));
        Assert.Contains(_dir.Path, e.Message);
        Assert.Contains(RunStore.FileName, e.Message);
    }

    [Fact]
    public void Threads_with_their_own_connections_never_claim_the_same_run()
    {
        var jobs = Enumerable.Range(0, 40).Select(i => new RunJob("kl", new JsonObject { ["beta"] = i }, 1)).ToList();
        RunStore.Open(_dir.Path).Register(jobs);
        var claimed = new System.Collections.Concurrent.ConcurrentBag<string>();
        var threads = Enumerable.Range(0, 4).Select(_ => new Thread(() =>
        {
            var store = RunStore.Open(_dir.Path); // one store object (and connections) per thread
            while (store.Claim() is { } claim)
            {
                claimed.Add(claim.RunId);
                Assert.True(store.MarkDone(claim, SomeMetrics));
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Assert.Equal(40, claimed.Count);
        Assert.Equal(40, claimed.Distinct().Count());
        var runs = RunStore.Open(_dir.Path).Runs();
        Assert.All(runs, r => { Assert.Equal(RunState.Done, r.State); Assert.Equal(1, r.Attempts); });
    }
}
