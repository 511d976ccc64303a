namespace Heapwise.Profiles;

/// <summary>Moves samples between a profile's compact table and its <see cref="Profile.Sample"/> messages.</summary>
public static class ProfileSamples
{
    /// <summary>
    /// Whether <paramref name="profile"/> holds its samples in a compact table (it was read with
    /// <see cref="PprofReadOptions.CompactSamples"/>) rather than in <see cref="Profile.Sample"/>.
    /// </summary>
    public static bool IsCompact(Profile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return profile.CompactSamples is not null;
    }

    /// <summary>
    /// Turns a compact profile's samples into <see cref="Sample"/> messages (merged samples, one message
    /// each) so code that reads or edits <see cref="Profile.Sample"/> sees them. Does nothing for a profile
    /// that is not compact. Call it before <c>Clone</c>, which does not copy the compact table.
    /// </summary>
    public static void Expand(Profile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (profile.CompactSamples is not { } table)
        {
            return;
        }

        profile.Sample.Capacity = Math.Max(profile.Sample.Capacity, profile.Sample.Count + table.Count);
        for (int i = 0; i < table.Count; i++)
        {
            var sample = new Sample();
            foreach (int stored in table.Stack(i))
            {
                sample.LocationId.Add(table.LocationId(stored));
            }

            foreach (long value in table.Values(i))
            {
                sample.Value.Add(value);
            }

            sample.Label.AddRange(table.LabelMessages(table.LabelSet(i)));

            profile.Sample.Add(sample);
        }

        profile.CompactSamples = null;
    }
}
