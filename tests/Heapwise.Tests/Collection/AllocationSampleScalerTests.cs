using Heapwise.Collection;

namespace Heapwise.Tests.Collection;

public sealed class AllocationSampleScalerTests
{
    private const double P = 1.0 / 102_400;

    [Theory]
    [InlineData(1)]
    [InlineData(24)]
    [InlineData(1024)]
    [InlineData(102_400)]
    [InlineData(100_024)]
    [InlineData(85_000_000)]
    public void Probability_matches_the_per_byte_formula(long size)
    {
        double expected = 1 - Math.Pow(1 - P, size);
        Assert.Equal(expected, AllocationSampleScaler.SampleProbability(size), expected * 1e-9);
    }

    [Fact]
    public void A_one_byte_object_stands_for_the_whole_sampling_distance() =>
        Assert.Equal(102_400, AllocationSampleScaler.BytesPerSample(1), 1e-6);

    [Fact]
    public void An_object_of_the_sampling_distance_is_sampled_with_probability_one_minus_one_over_e() =>
        Assert.Equal(1 - Math.Exp(-1), AllocationSampleScaler.SampleProbability(102_400), 1e-5);

    [Fact]
    public void Huge_objects_stand_for_about_themselves()
    {
        Assert.Equal(1, AllocationSampleScaler.ObjectsPerSample(100_000_000), 1e-9);
        Assert.Equal(100_000_000, AllocationSampleScaler.BytesPerSample(100_000_000), 1e-3);
    }

    [Theory]
    [InlineData(24, 4267.15, 102_411.5)]
    [InlineData(1024, 100.500, 102_912.4)]
    [InlineData(100_024, 1.60388, 160_426.9)]
    public void Known_weights(long size, double objects, double bytes)
    {
        Assert.Equal(objects, AllocationSampleScaler.ObjectsPerSample(size), objects * 1e-3);
        Assert.Equal(bytes, AllocationSampleScaler.BytesPerSample(size), bytes * 1e-3);
    }

    [Theory]
    [InlineData(24)]
    [InlineData(1024)]
    [InlineData(100_024)]
    public void Weighting_is_unbiased_expected_weight_equals_size(long size) =>
        // E[weight] = q(s) · s/q(s) = s: each allocated object contributes its size on average.
        Assert.Equal(size, AllocationSampleScaler.SampleProbability(size) * AllocationSampleScaler.BytesPerSample(size), size * 1e-12);

    [Theory]
    [InlineData(24)]
    [InlineData(224)]
    [InlineData(1024)]
    [InlineData(100_024)]
    public void Up_scaling_recovers_what_per_byte_sampling_allocated(long size)
    {
        // The runtime's mechanism, simulated: sample points fall on allocated bytes with geometric gaps of mean
        // 102,400; an object is sampled (once) when at least one point falls inside it. 4 GB of objects of one size
        // gives ~40,000 points, so the up-scaled sum must land within 3% (over 4 standard errors for 24-byte objects).
        const long Total = 4L << 30;
        var random = new Random(20251123);
        long objects = Total / size;
        long lastSampled = -1;
        double estimate = 0;
        for (long position = Gap(random); position < objects * size; position += Gap(random))
        {
            long index = position / size;
            if (index != lastSampled)
            {
                lastSampled = index;
                estimate += AllocationSampleScaler.BytesPerSample(size);
            }
        }

        Assert.InRange(estimate / (objects * size), 0.97, 1.03);
    }

    private static long Gap(Random random) => 1 + (long)Math.Floor(Math.Log(1 - random.NextDouble()) / Math.Log(1 - P));

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void Rejects_sizes_that_are_not_positive(long size) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => AllocationSampleScaler.SampleProbability(size));
}
