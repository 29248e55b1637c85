using SelGen.Experiments;

namespace SelGen.Tests.Experiments;

/// <summary>
/// Entry point of the test assembly, used only when a test starts it as a separate process
/// (<c>dotnet SelGen.Tests.dll store-worker MODE DIR</c>, or <c>sweep-worker DIR [THREADS]</c>) to claim runs from a real second process.
/// The test host never calls it.
/// </summary>
public static class StoreWorkerProgram
{
    public static int Main(string[] args)
    {
        if (args.Length is 2 or 3 && args[0] == "sweep-worker")
            // A sweep worker, as `selgen sweep --worker` runs it: drains the sweep folder.
            return SweepWorker.Run(args[1], args.Length == 3 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 1, Console.Out);
        if (args.Length != 3 || args[0] != "store-worker") return 0;
        var store = RunStore.Open(args[2]);
        switch (args[1])
        {
            case "drain":
                // Claims until nothing is left; prints each id so the test can check for duplicates.
                while (store.Claim() is { } claim)
                {
                    Console.Out.WriteLine(claim.RunId);
                    store.MarkDone(claim, new Dictionary<string, double> { ["worker_pid"] = Environment.ProcessId });
                }
                Console.Out.Flush();
                return 0;
            case "hold":
                // Claims one run and then hangs until killed, as a training process would.
                var held = store.Claim();
                Console.Out.WriteLine(held?.RunId ?? "none");
                Console.Out.Flush();
                Thread.Sleep(TimeSpan.FromSeconds(60));
                return 1;
            default:
                Console.Error.WriteLine($"unknown mode {args[1]}");
                return 2;
        }
    }
}
