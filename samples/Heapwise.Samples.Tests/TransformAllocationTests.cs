using Heapwise.Testing;

namespace Heapwise.Samples.Tests;

/// <summary>
/// The transform workload: the pooled path allocates nothing, the unpooled one fails with a message that says where.
/// Tests of one class run one after the other, so the profiler sessions that explain failures do not overlap.
/// </summary>
public sealed class TransformAllocationTests
{
    private static readonly byte[] Message = new byte[64 * 1024];

    [Fact]
    public void Pooled_transform_of_a_message_allocates_nothing()
    {
        // The first run rents the buffer from ArrayPool<byte>.Shared; the warm-up run pays for that, then nothing.
        AllocationAssert.AllocatesNothing(() => TransformWorkload.TransformWithPooledBuffer(Message));
    }

    [Fact]
    public void Pooled_workload_allocates_at_most_a_kilobyte_per_run()
    {
        // 1,500 messages, 110 MB of output, and nothing allocated but the run's Random.
        AllocationAssert.AllocatesAtMost(1_024, () => TransformWorkload.RunWithPooledBuffers());
    }

    [Fact]
    public void Unpooled_workload_fails_and_the_message_names_the_allocating_line()
    {
        var failure = Assert.Throws<AllocationAssertionException>(() =>
            AllocationAssert.AllocatesAtMost(1_024, () => TransformWorkload.RunWithNewBuffers()));
        TestContext.Current.TestOutputHelper?.WriteLine(failure.Message);

        Assert.StartsWith("Expected () => TransformWorkload.RunWithNewBuffers() to allocate at most 1,024 bytes per run, but it allocated ", failure.Message, StringComparison.Ordinal);
        Assert.Contains("System.Byte[] at Heapwise.Samples.TransformWorkload.TransformWithNewBuffer (", failure.Message, StringComparison.Ordinal);
        Assert.Contains("TransformWorkload.cs:", failure.Message, StringComparison.Ordinal);
        Assert.True(failure.Measurement.TotalBytes > 100_000_000);
    }
}
