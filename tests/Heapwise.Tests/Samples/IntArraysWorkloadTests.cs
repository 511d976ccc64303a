using Heapwise.Samples;

namespace Heapwise.Tests.Samples;

public sealed class IntArraysWorkloadTests(ITestOutputHelper output)
{
    [Fact]
    public void Same_series_come_out_of_growing_lists_and_presized_arrays()
    {
        Assert.Equal(IntArraysWorkload.CollectSeries(3, 1_234), IntArraysWorkload.FillSeries(3, 1_234));
    }

    [Fact]
    public void Presized_gives_the_same_checksum_and_allocates_under_a_third()
    {
        // The series are the result and must be allocated either way, so the saving is the growth
        // copies (about three quarters here), not the tenth the pooled and span-based variants reach.
        (long naiveBytes, ulong naive) = AllocationMeter.Measure(IntArraysWorkload.BuildWithGrowingLists);
        (long presizedBytes, ulong presized) = AllocationMeter.Measure(IntArraysWorkload.BuildPresized);
        output.WriteLine($"growing lists: {AllocationMeter.Megabytes(naiveBytes)}, presized: {AllocationMeter.Megabytes(presizedBytes)}");

        Assert.Equal(naive, presized);
        Assert.True(presizedBytes * 3 <= naiveBytes, $"presized allocated {presizedBytes:N0} bytes, naive {naiveBytes:N0}");
    }
}
