using Heapwise.Profiles;

namespace Heapwise.Analysis;

/// <summary>Sums of a profile's sample values, e.g. the estimated objects or bytes a recording stands for.</summary>
public static class SampleTotals
{
    /// <summary>
    /// The sum of the values of the sample type <paramref name="sampleIndex"/> selects (see
    /// <see cref="SampleIndex.Resolve(Profile, string?)"/>) over all samples of <paramref name="profile"/>.
    /// </summary>
    /// <exception cref="HeapwiseException">The sample index names no sample type of the profile.</exception>
    public static long Sum(Profile profile, string? sampleIndex)
    {
        ArgumentNullException.ThrowIfNull(profile);
        int index = SampleIndex.Resolve(profile, sampleIndex);
        ProfileSamples.Expand(profile);
        long sum = 0;
        foreach (var sample in profile.Sample)
        {
            sum += sample.Value[index];
        }

        return sum;
    }
}
