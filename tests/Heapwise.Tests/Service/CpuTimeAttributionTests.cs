using Heapwise.Collection;
using Microsoft.Diagnostics.Tracing.Etlx;

namespace Heapwise.Tests.Service;

/// <summary><see cref="CpuTimeAttribution"/>: OS CPU time per thread, placed by the sampler's stacks.</summary>
public sealed class CpuTimeAttributionTests
{
    private static readonly CallStackIndex A = (CallStackIndex)1;
    private static readonly CallStackIndex B = (CallStackIndex)2;
    private static readonly CallStackIndex C = (CallStackIndex)3;
    private static readonly CallStackIndex D = (CallStackIndex)4;

    [Fact]
    public void Each_threads_measured_cpu_goes_to_its_managed_samples_else_to_all_else_one_interval_per_managed_sample()
    {
        var samples = new Dictionary<(int, CallStackIndex), ThreadStackSamples>
        {
            [(1, A)] = new() { All = 30, Managed = 30 },
            [(1, B)] = new() { All = 80, Managed = 10 },
            [(2, C)] = new() { All = 50, Managed = 0 },
            [(3, D)] = new() { All = 9, Managed = 5 },
            [(4, A)] = new() { All = 20, Managed = 20 },
        };
        var start = new Dictionary<int, TimeSpan> { [1] = TimeSpan.FromMilliseconds(500), [2] = TimeSpan.FromMilliseconds(10) };
        var stop = new Dictionary<int, TimeSpan>
        {
            [1] = TimeSpan.FromMilliseconds(900),
            [2] = TimeSpan.FromMilliseconds(50),
            [4] = TimeSpan.FromMilliseconds(30), // born during the recording: all of its 30 ms count
        };

        var result = CpuTimeAttribution.Attribute(samples, start, stop, TimeSpan.FromMilliseconds(1));

        Assert.Equal((50, 330_000_000), result.ByStack[A]); // 3/4 of thread 1's 400 ms, plus thread 4's 30 ms
        Assert.Equal((10, 100_000_000), result.ByStack[B]);
        Assert.Equal((0, 40_000_000), result.ByStack[C]);
        Assert.Equal((5, 5_000_000), result.ByStack[D]); // thread 3 ended before the stop reading
        Assert.Equal(3, result.MeasuredThreads);
        Assert.Equal(1, result.EstimatedThreads);
    }

    [Fact]
    public void Without_os_times_cpu_is_the_managed_samples_times_the_interval()
    {
        var samples = new Dictionary<(int, CallStackIndex), ThreadStackSamples>
        {
            [(1, A)] = new() { All = 30, Managed = 12 },
            [(1, B)] = new() { All = 80, Managed = 0 },
        };

        var result = CpuTimeAttribution.Attribute(samples, null, null, TimeSpan.FromMilliseconds(1));

        Assert.Equal((12, 12_000_000), Assert.Single(result.ByStack).Value);
        Assert.Equal(0, result.MeasuredThreads);
    }
}
