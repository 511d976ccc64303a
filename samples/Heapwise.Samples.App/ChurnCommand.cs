using System.CommandLine;
using System.Globalization;

namespace Heapwise.Samples.App;

/// <summary>Builds the <c>churn</c> subcommand: the allocation-heavy load of the overhead benchmark.</summary>
internal static class ChurnCommand
{
    public static Command Create()
    {
        var gigabytes = new Option<double>("--gigabytes", "-g")
        {
            Description = "How many gigabytes (10^9 bytes) to allocate in all.",
            DefaultValueFactory = _ => 2.0,
        };
        var command = new Command("churn", "Allocates the given volume in a mix of small, medium and large objects; prints its own elapsed time last (elapsed_ms=...).") { gigabytes };
        command.SetAction(result => Run(result.GetValue(gigabytes)));
        return command;
    }

    private static int Run(double gigabytes)
    {
        if (!(gigabytes > 0) || gigabytes > 1000)
        {
            Console.Error.WriteLine("--gigabytes must be greater than 0 and at most 1000.");
            return 2;
        }

        ChurnResult result = ChurnWorkload.Run((long)(gigabytes * 1e9));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"churn: {result.AllocatedBytes / 1e9:F3} GB allocated in {result.Rounds} rounds, checksum {result.Checksum:x16}, gen0/1/2 collections {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}"));
        // Last line, read by bench/run-overhead.sh: the workload's own time, without process startup.
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"elapsed_ms={result.Elapsed.TotalMilliseconds:F1}"));
        return 0;
    }
}
