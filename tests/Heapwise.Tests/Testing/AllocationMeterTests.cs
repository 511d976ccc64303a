using System.Runtime.CompilerServices;
using Heapwise.Testing;

namespace Heapwise.Tests.Testing;

/// <summary><see cref="AllocationMeter"/>: exact bytes of real delegates, synchronous and across threads.</summary>
public sealed class AllocationMeterTests
{
    // On 64-bit .NET a byte[1000] takes 1,024 bytes: 8 header + 8 method table + 8 length + 1,000, rounded to 8.
    private const long ByteArray1000 = 1_024;

    private static object? s_sink;

    [Fact]
    public void Measures_the_exact_bytes_of_one_run()
    {
        Assert.Equal(ByteArray1000, AllocationMeter.Measure(() => s_sink = new byte[1000]));
        Assert.Equal(10 * 24, AllocationMeter.Measure(AllocateTenObjects));
        Assert.Equal(0, AllocationMeter.Measure(() => s_sink = null));
    }

    [Fact]
    public void Measures_bytes_per_run_over_many_runs()
    {
        var measured = AllocationMeter.MeasurePerRun(500, () => s_sink = new byte[1000]);

        Assert.Equal(500, measured.Runs);
        Assert.Equal(500 * ByteArray1000, measured.TotalBytes);
        Assert.Equal(ByteArray1000, measured.BytesPerRun);
    }

    [Fact]
    public void Warm_up_keeps_one_time_static_initialisation_out()
    {
        // The first run pays for a static constructor that allocates 1 MB; warmed up, a run allocates nothing.
        Assert.True(AllocationMeter.Measure(OneTimeInitialised.Touch, warmupRuns: 0) >= 1_000_000);
        Assert.Equal(0, AllocationMeter.Measure(OneTimeInitialised.Touch));
    }

    [Fact]
    public async Task Async_measurement_counts_the_operations_threads_and_not_others()
    {
        // Another thread allocates all along: a process-wide counter would see megabytes of it.
        using var stop = new CancellationTokenSource();
        var noise = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                Volatile.Write(ref s_sink, new byte[64 * 1024]);
            }
        }) { IsBackground = true, Name = "allocation noise" };
        noise.Start();
        try
        {
            var measured = await AllocationMeter.MeasureAsync(AllocateOnThreeThreadsAsync, runs: 20);

            // 3 arrays of 1,024 bytes per run, on the caller's thread, a continuation and a Task.Run work item,
            // plus the tasks and state machines the operation itself needs (a few hundred bytes).
            Assert.InRange(measured.BytesPerRun, 3 * ByteArray1000, 3 * ByteArray1000 + 1_000);
        }
        finally
        {
            await stop.CancelAsync();
            noise.Join();
        }
    }

    [Fact]
    public async Task Async_measurement_of_an_operation_that_allocates_nothing_is_zero()
    {
        var measured = await AllocationMeter.MeasureAsync(() => Task.CompletedTask, runs: 10);

        Assert.Equal(0, measured.TotalBytes);
    }

    [Fact]
    public async Task Bad_arguments_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => AllocationMeter.MeasurePerRun(0, () => { }));
        Assert.Throws<ArgumentOutOfRangeException>(() => AllocationMeter.Measure(() => { }, warmupRuns: -1));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => AllocationMeter.MeasureAsync(() => Task.CompletedTask, runs: -1));
        await Assert.ThrowsAsync<InvalidOperationException>(() => AllocationMeter.MeasureAsync(() => null!, warmupRuns: 0));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AllocateTenObjects()
    {
        for (int i = 0; i < 10; i++)
        {
            s_sink = new object();
        }
    }

    private static async Task AllocateOnThreeThreadsAsync()
    {
        s_sink = new byte[1000];
        await Task.Yield();
        s_sink = new byte[1000];
        await Task.Run(() => s_sink = new byte[1000]);
    }

    private static class OneTimeInitialised
    {
        private static readonly byte[] Table = new byte[1_000_000];

        [MethodImpl(MethodImplOptions.NoInlining)]
        public static void Touch() => Table[0]++;
    }
}
