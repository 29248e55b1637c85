using System.Diagnostics;
using System.Text.Json.Nodes;
using SelGen.Experiments;
using Xunit;

namespace SelGen.Tests.Experiments;

/// <summary>Real second processes (this test assembly started as a worker) claiming from one store.</summary>
[Trait("Category", "Slow")]
public class RunStoreProcessTests : IDisposable
{
    readonly TempDir _dir = new();
    public void Dispose() => _dir.Dispose();

    static Process StartWorker(string mode, string dir)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var info = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { typeof(StoreWorkerProgram).Assembly.Location, "store-worker", mode, dir }) info.ArgumentList.Add(a);
        return Process.Start(info)!;
    }

    [Fact]
    public void Worker_processes_and_a_thread_claiming_together_never_run_a_job_twice()
    {
        var jobs = Enumerable.Range(0, 60).Select(i => new RunJob("dpo", new JsonObject { ["lambda"] = i }, 42)).ToList();
        RunStore.Open(_dir.Path).Register(jobs);

        var workers = Enumerable.Range(0, 3).Select(_ => StartWorker("drain", _dir.Path)).ToList();
        var outputs = workers.Select(w => w.StandardOutput.ReadToEndAsync()).ToList();
        var here = new List<string>();
        var store = RunStore.Open(_dir.Path);
        // Start competing only once a worker process is claiming, so the processes really overlap.
        var waited = Stopwatch.StartNew();
        while (store.Counts()[RunState.Pending] == jobs.Count && waited.Elapsed < TimeSpan.FromSeconds(15)) Thread.Sleep(5);
        while (store.Claim() is { } claim)
        {
            here.Add(claim.RunId);
            store.MarkDone(claim, new Dictionary<string, double> { ["worker_pid"] = Environment.ProcessId });
        }
        foreach (var w in workers)
        {
            Assert.True(w.WaitForExit(TimeSpan.FromSeconds(30)), "a worker did not finish");
            Assert.True(w.ExitCode == 0, w.StandardError.ReadToEnd());
        }

        var claimed = outputs.SelectMany(o => o.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries)).Concat(here).ToList();
        Assert.Equal(60, claimed.Count);
        Assert.Equal(jobs.Select(j => j.Id).Order(), claimed.Order());
        var runs = store.Runs();
        Assert.All(runs, r => { Assert.Equal(RunState.Done, r.State); Assert.Equal(1, r.Attempts); });
        // Each run's metric names the process that completed it: the child processes did real work.
        Assert.Contains(runs, r => r.Metrics["worker_pid"] != Environment.ProcessId);
    }

    [Fact]
    public void A_run_held_by_a_killed_process_is_claimed_again()
    {
        var store = RunStore.Open(_dir.Path);
        store.Register([new RunJob("kl", new JsonObject { ["beta"] = 5 }, 1), new RunJob("kl", new JsonObject { ["beta"] = 5 }, 5)]);
        using var worker = StartWorker("hold", _dir.Path);
        var held = worker.StandardOutput.ReadLine();
        Assert.Equal(store.Runs()[0].Id, held);
        Assert.Equal(worker.Id, store.Runs()[0].Owner!.Pid);

        var other = store.Claim()!; // the second run is still pending: pending comes first
        Assert.NotEqual(held, other.RunId);
        Assert.Null(store.Claim()); // the holder is alive

        worker.Kill(); // SIGKILL: no chance to clean up
        worker.WaitForExit();
        var reclaimed = store.Claim();
        Assert.NotNull(reclaimed);
        Assert.Equal(held, reclaimed.RunId);
        Assert.Equal(2, reclaimed.Attempt);
    }
}
