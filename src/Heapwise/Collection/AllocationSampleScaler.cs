namespace Heapwise.Collection;

/// <summary>
/// Turns one allocation sample back into the bytes and objects it stands for.
/// </summary>
/// <remarks>
/// The .NET 10 runtime samples allocations per byte: each allocated byte starts a sample with probability
/// p = 1/<see cref="SamplingDistance"/>, so an object of <c>s</c> bytes is sampled with probability
/// q(s) = 1 − (1 − p)^s. Weighting each sample by 1/q(s) objects and s/q(s) bytes makes the sums
/// unbiased estimates of what was allocated (Horvitz–Thompson), whatever the object sizes: tiny objects are
/// rarely sampled and weigh a lot, objects much larger than 100 KB are nearly always sampled and weigh
/// about themselves. Go's <c>scaleHeapSample</c> does the same per bucket. The runtime's design note is
/// dotnet/runtime docs/design/features/RandomizedAllocationSampling.md.
/// </remarks>
public static class AllocationSampleScaler
{
    /// <summary>Mean number of allocated bytes between two samples: 100 KiB, fixed by the runtime.</summary>
    public const long SamplingDistance = 102_400;

    /// <summary>Probability that an object of <paramref name="objectSize"/> bytes is sampled: 1 − (1 − 1/102400)^size.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="objectSize"/> is not positive.</exception>
    public static double SampleProbability(long objectSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(objectSize);

        // Written as −expm1(s·log1p(−p)): the relative error stays below 1e-10 for every size, tiny ones included.
        return -double.ExpM1(objectSize * double.LogP1(-1.0 / SamplingDistance));
    }

    /// <summary>Number of objects one sample of an object of <paramref name="objectSize"/> bytes stands for: 1/q(size).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="objectSize"/> is not positive.</exception>
    public static double ObjectsPerSample(long objectSize) => 1.0 / SampleProbability(objectSize);

    /// <summary>Number of bytes one sample of an object of <paramref name="objectSize"/> bytes stands for: size/q(size).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="objectSize"/> is not positive.</exception>
    public static double BytesPerSample(long objectSize) => objectSize / SampleProbability(objectSize);
}
