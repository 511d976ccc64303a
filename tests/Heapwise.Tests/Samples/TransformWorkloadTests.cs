using Heapwise.Samples;

namespace Heapwise.Tests.Samples;

public sealed class TransformWorkloadTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(13)]
    [InlineData(100_003)]
    public void Pooled_and_new_buffers_encode_a_message_the_same(int length)
    {
        byte[] message = new byte[length];
        new Random(length).NextBytes(message);
        Assert.Equal(TransformWorkload.TransformWithNewBuffer(message), TransformWorkload.TransformWithPooledBuffer(message));
    }

    [Fact]
    public void Pooled_buffers_give_the_same_checksum_and_allocate_under_a_tenth()
    {
        (long naiveBytes, ulong naive) = AllocationMeter.Measure(TransformWorkload.RunWithNewBuffers);
        (long pooledBytes, ulong pooled) = AllocationMeter.Measure(TransformWorkload.RunWithPooledBuffers);
        output.WriteLine($"new buffers: {AllocationMeter.Megabytes(naiveBytes)}, pooled: {AllocationMeter.Megabytes(pooledBytes)} ({pooledBytes:N0} bytes)");

        Assert.Equal(naive, pooled);
        Assert.True(pooledBytes * 10 <= naiveBytes, $"pooled allocated {pooledBytes:N0} bytes, naive {naiveBytes:N0}");
    }
}
