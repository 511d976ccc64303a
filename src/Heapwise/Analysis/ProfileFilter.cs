using Heapwise.Profiles;

namespace Heapwise.Analysis;

/// <summary>
/// Filters a profile itself, as <c>go tool pprof -proto</c> does before writing one: the result is a
/// profile that other tools can read, holding only what the filters keep.
/// </summary>
/// <example>
/// <code>
/// var (kept, warnings) = ProfileFilter.Apply(PprofReader.ReadFile("allocs.pb.gz"), new SampleFilterOptions { Focus = "Parse" });
/// PprofWriter.WriteFile(kept, "parse.pb.gz");
/// </code>
/// </example>
public static class ProfileFilter
{
    /// <summary>
    /// A copy of <paramref name="profile"/> with <paramref name="filter"/> applied with pprof's semantics
    /// (the same as the reports'), and a warning per filter that matched nothing. The input is not changed,
    /// except that a compact profile has its samples expanded (<see cref="ProfileSamples.Expand"/>).
    /// </summary>
    /// <exception cref="HeapwiseException">An expression does not compile or a range is malformed.</exception>
    public static (Profile Profile, IReadOnlyList<string> Warnings) Apply(Profile profile, SampleFilterOptions filter)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(filter);
        if (SampleFilter.Create(filter) is not { } compiled)
        {
            return (profile, []);
        }

        return compiled.Apply(profile);
    }
}
