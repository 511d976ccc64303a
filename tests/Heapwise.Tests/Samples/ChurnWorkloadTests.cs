using Heapwise.Samples;

namespace Heapwise.Tests.Samples;

public sealed class ChurnWorkloadTests
{
    [Fact]
    public void Allocates_at_least_the_requested_volume_and_not_much_more()
    {
        const long Requested = 32_000_000;

        ChurnResult result = ChurnWorkload.Run(Requested);

        // One round (a few tens of KB, plus at most one large array of up to 1 MiB) may overshoot.
        Assert.InRange(result.AllocatedBytes, Requested, Requested + 2_000_000);
        Assert.True(result.Rounds > 0);
        Assert.True(result.Elapsed > TimeSpan.Zero);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Rejects_a_volume_that_is_not_positive(long bytes)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ChurnWorkload.Run(bytes));
    }
}
