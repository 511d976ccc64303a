using Heapwise.Samples;

namespace Heapwise.Tests.Samples;

public sealed class DataProcessorWorkloadTests
{
    [Fact]
    public void Runs_are_deterministic()
    {
        Assert.Equal(DataProcessorWorkload.Run(5_000, 100), DataProcessorWorkload.Run(5_000, 100));
    }

    [Fact]
    public void Cache_is_evicted_down_to_its_capacity()
    {
        Assert.Equal(100, DataProcessorWorkload.Run(5_000, cacheCapacity: 100).CachedEntries);
    }

    [Fact]
    public void Capacity_changes_what_is_kept_and_so_the_checksum()
    {
        Assert.NotEqual(DataProcessorWorkload.Run(5_000, 100).Checksum, DataProcessorWorkload.Run(5_000, 200).Checksum);
    }

    [Fact]
    public void Encoded_record_carries_header_and_payload()
    {
        byte[] encoded = DataProcessorWorkload.EncodeRecord("customer-000001", [1, 2, 3]);

        Assert.Equal(16 + 3, encoded.Length);
        Assert.Equal([1 ^ 0xA5, 2 ^ 0xA5, 3 ^ 0xA5], encoded[16..]);
    }
}
