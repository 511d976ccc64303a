using System.Globalization;
using Heapwise.Profiles;

namespace Heapwise.Analysis;

/// <summary>
/// Chooses which of a profile's values a report shows, with pprof's <c>-sample_index</c> rules:
/// a sample type name (<c>alloc_space</c>), a zero-based number (<c>1</c>), or none for the
/// profile's <c>default_sample_type</c>, else its last sample type.
/// </summary>
public static class SampleIndex
{
    /// <summary>Returns the index into <see cref="Profile.SampleType"/> that <paramref name="sampleIndex"/> selects.</summary>
    /// <param name="profile">The profile whose sample types are searched.</param>
    /// <param name="sampleIndex">A sample type name, a zero-based index, or <see langword="null"/> (or empty) for the default.</param>
    /// <exception cref="HeapwiseException">The profile has no sample types, or none matches <paramref name="sampleIndex"/>.</exception>
    public static int Resolve(Profile profile, string? sampleIndex)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var names = profile.SampleType.Select(t => StringAt(profile, t.Type)).ToList();
        return Resolve(names, StringAt(profile, profile.DefaultSampleType), sampleIndex);
    }

    /// <summary>Resolves <paramref name="sampleIndex"/> against sample type names and a default type name (may be empty).</summary>
    internal static int Resolve(IReadOnlyList<string> names, string defaultType, string? sampleIndex)
    {
        if (names.Count == 0)
        {
            throw new HeapwiseException("the profile has no sample types, so there is nothing to report; check that it was written by a profiler.");
        }

        if (string.IsNullOrEmpty(sampleIndex))
        {
            int found = defaultType.Length == 0 ? -1 : IndexOf(names, defaultType);
            return found >= 0 ? found : names.Count - 1;
        }

        if (int.TryParse(sampleIndex, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int number))
        {
            if (number < 0 || number >= names.Count)
            {
                throw new HeapwiseException(
                    $"sample index {number} is outside the range 0..{names.Count - 1}; this profile has: {string.Join(", ", names)}");
            }

            return number;
        }

        // "inuse_space" also selects "space", as in pprof, for older heap profiles.
        string withoutInuse = sampleIndex.StartsWith("inuse_", StringComparison.Ordinal) ? sampleIndex["inuse_".Length..] : sampleIndex;
        for (int i = 0; i < names.Count; i++)
        {
            if (names[i] == sampleIndex || names[i] == withoutInuse)
            {
                return i;
            }
        }

        throw new HeapwiseException($"unknown sample index '{sampleIndex}'; this profile has: {string.Join(", ", names)}");
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (int i = 0; i < names.Count; i++)
        {
            if (names[i] == name)
            {
                return i;
            }
        }

        return -1;
    }

    private static string StringAt(Profile profile, long index) =>
        index >= 0 && index < profile.StringTable.Count ? profile.StringTable[(int)index] : string.Empty;
}
