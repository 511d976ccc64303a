namespace Heapwise.Profiles;

/// <content>The compact sample table a profile read with <see cref="PprofReadOptions.CompactSamples"/> carries.</content>
public sealed partial class Profile
{
    /// <summary>
    /// The samples, merged, when the profile was read with <see cref="PprofReadOptions.CompactSamples"/>;
    /// <see cref="Sample"/> is then empty until <see cref="ProfileSamples.Expand"/> fills it. Not copied by <c>Clone</c>.
    /// </summary>
    internal SampleTable? CompactSamples { get; set; }
}
