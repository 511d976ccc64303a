using System.Globalization;

namespace Heapwise.TestTarget;

/// <summary>
/// Entry point: <c>Heapwise.TestTarget &lt;mode&gt; [args]</c>. Modes:
/// <list type="bullet">
/// <item><c>accuracy [report-path] [megabytes-per-site]</c>: the accuracy workload (see <see cref="AccuracyWorkload"/>).</item>
/// <item><c>exit &lt;code&gt;</c>: allocates a little and exits with that code.</item>
/// <item><c>loop [forever]</c>: prints <c>ready</c>, then allocates steadily until stdin closes (or, with <c>forever</c>, until killed).</item>
/// <item><c>leak</c>: prints <c>ready</c>, then keeps 2 MB more reachable and runs a full collection every 300 ms until stdin closes.</item>
/// <item><c>churn &lt;seconds&gt;</c>: prints <c>ready</c>, then allocates as fast as it can for that long.</item>
/// <item><c>spawn &lt;code&gt;</c>: runs a copy of itself in <c>exit &lt;code&gt;</c> mode and returns its exit code.</item>
/// <item><c>heap</c>: prints <c>ready</c> with an exactly known live heap, then grows a leak on each <c>grow</c> line (see <see cref="HeapShapesWorkload"/>).</item>
/// <item><c>finalizerblocked</c>: blocks its finalizer thread (so heap snapshots never start), prints <c>ready</c>.</item>
/// <item><c>heapscale &lt;objects&gt;</c>: prints <c>ready</c> with about that many live objects (see <see cref="HeapScaleWorkload"/>).</item>
/// <item><c>live &lt;report-path&gt; [megabytes-per-site] [background]</c>: sites with known fates, then compacting GCs (see <see cref="LiveWorkload"/>).</item>
/// <item><c>waste</c>: prints <c>ready</c> with exactly known waste (see <see cref="WasteWorkload"/>).</item>
/// <item><c>shapes</c>: allocates from async methods, lambdas, local functions and generic types.</item>
/// <item><c>spin</c>: prints <c>ready</c>, then one thread spins and one waits until stdin closes (see <see cref="SpinWorkload"/>).</item>
/// </list>
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        string mode = args.Length > 0 ? args[0] : "accuracy";
        switch (mode)
        {
            case "accuracy":
                int megabytes = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 256;
                var report = AccuracyWorkload.Run(megabytes);
                if (args.Length > 1 && args[1].Length > 0)
                {
                    report.WriteTo(args[1]);
                }

                return 0;
            case "exit":
                Sink.Keep(new byte[100]);
                return int.Parse(args[1], CultureInfo.InvariantCulture);
            case "loop":
                return LoopWorkload.Run(forever: args.Length > 1 && args[1] == "forever");
            case "churn":
                return LoopWorkload.Churn(int.Parse(args[1], CultureInfo.InvariantCulture));
            case "spawn":
                return SpawnChild(args[1]);
            case "spin":
                return SpinWorkload.Run();
            case "heap":
                return HeapShapesWorkload.Run();
            case "finalizerblocked":
                return HeapShapesWorkload.RunWithBlockedFinalizer();
            case "heapscale":
                return HeapScaleWorkload.Run(long.Parse(args[1], CultureInfo.InvariantCulture));
            case "shapes":
                ShapesWorkload.RunAsync().GetAwaiter().GetResult();
                return 0;
            case "live":
                return LiveWorkload.Run(args[1], args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 160,
                    backgroundGcs: args.Length > 3 && args[3] == "background");
            case "waste":
                return WasteWorkload.Run();
            case "leak":
                return LeakWorkload.Run();
            default:
                Console.Error.WriteLine($"unknown mode '{mode}': use accuracy, churn, exit, finalizerblocked, heap, heapscale, leak, live, loop, spawn, shapes, spin or waste");
                return 2;
        }
    }

    /// <summary>A .NET grandchild inherits the environment: the recorder must not leave it waiting for a connection.</summary>
    private static int SpawnChild(string code)
    {
        var startInfo = new System.Diagnostics.ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
        {
            startInfo.ArgumentList.Add(typeof(Program).Assembly.Location);
        }

        startInfo.ArgumentList.Add("exit");
        startInfo.ArgumentList.Add(code);
        using var child = System.Diagnostics.Process.Start(startInfo)!;
        if (!child.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            child.Kill();
            return 99;
        }

        return child.ExitCode;
    }
}
