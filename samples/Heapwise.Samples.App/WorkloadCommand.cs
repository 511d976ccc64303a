using System.CommandLine;
using System.Diagnostics;
using System.Globalization;

namespace Heapwise.Samples.App;

/// <summary>Builds the subcommand that runs one demo workload.</summary>
internal static class WorkloadCommand
{
    public static Command Create(DemoWorkload workload)
    {
        var iterations = new Option<int>("--iterations", "-n")
        {
            Description = "How many times to run the workload.",
            DefaultValueFactory = _ => 1,
        };
        var optimized = new Option<bool>("--optimized")
        {
            Description = workload.Optimized is null ? "Not available: this workload has one variant." : "Run the optimized variant.",
        };
        var command = new Command(workload.Name, workload.Description) { iterations, optimized };
        command.SetAction(result => Run(workload, result.GetValue(iterations), result.GetValue(optimized)));
        return command;
    }

    private static int Run(DemoWorkload workload, int iterations, bool optimized)
    {
        if (iterations < 1)
        {
            Console.Error.WriteLine("--iterations must be at least 1.");
            return 2;
        }

        if (optimized && workload.Optimized is null)
        {
            Console.Error.WriteLine($"'{workload.Name}' has no optimized variant; run it without --optimized.");
            return 2;
        }

        Action run = optimized ? workload.Optimized! : workload.Run;
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var stopwatch = Stopwatch.StartNew();
        for (int i = 0; i < iterations; i++)
        {
            run();
        }

        stopwatch.Stop();
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        string variant = optimized ? "optimized" : "naive";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{workload.Name} ({variant}): {iterations} iteration(s), {allocated / 1e6:F1} MB allocated, checksum {ResultSink.Last:x16}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"elapsed_ms={stopwatch.Elapsed.TotalMilliseconds:F1}"));
        return 0;
    }
}
