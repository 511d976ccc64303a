using System.Text.RegularExpressions;
using Heapwise.Profiles;

namespace Heapwise.Analysis;

/// <summary>
/// Profiles reported together, checked to be compatible, with the header pprof gives their merge:
/// the earliest start time, the summed duration, comments without repeats, the first default
/// sample type, and the first profile's main module and frame filters.
/// </summary>
internal sealed partial class ProfileSet
{
    private ProfileSet(IReadOnlyList<Profile> profiles)
    {
        Profiles = profiles;
        var first = profiles[0];
        SampleTypes = first.SampleType.Select(t => (At(first, t.Type), At(first, t.Unit))).ToList();
        DropFrames = At(first, first.DropFrames);
        KeepFrames = At(first, first.KeepFrames);
        var comments = new List<string>();
        foreach (var p in profiles)
        {
            if (TimeNanos == 0 || p.TimeNanos < TimeNanos)
            {
                TimeNanos = p.TimeNanos;
            }

            DurationNanos += p.DurationNanos;
            foreach (long c in p.Comment)
            {
                string text = At(p, c);
                if (!comments.Contains(text, StringComparer.Ordinal))
                {
                    comments.Add(text);
                }
            }

            if (DefaultSampleType.Length == 0)
            {
                DefaultSampleType = At(p, p.DefaultSampleType);
            }

            MainMapping ??= FindMainMapping(p);
        }

        Comments = comments;
    }

    /// <summary>The profiles, in the order given.</summary>
    public IReadOnlyList<Profile> Profiles { get; }

    /// <summary>Sample types (name, unit) shared by all the profiles.</summary>
    public IReadOnlyList<(string Type, string Unit)> SampleTypes { get; }

    /// <summary>The default sample type name, or empty.</summary>
    public string DefaultSampleType { get; } = string.Empty;

    /// <summary>Earliest collection start, in nanoseconds since the Unix epoch (0 when unknown).</summary>
    public long TimeNanos { get; }

    /// <summary>Summed collection duration in nanoseconds.</summary>
    public long DurationNanos { get; }

    /// <summary>Comments of all profiles, each once.</summary>
    public IReadOnlyList<string> Comments { get; }

    /// <summary>The module pprof would name in its "File:" line: file name and build id.</summary>
    public (string File, string BuildId)? MainMapping { get; }

    /// <summary>The first profile's <c>drop_frames</c> expression, or empty.</summary>
    public string DropFrames { get; }

    /// <summary>The first profile's <c>keep_frames</c> expression, or empty.</summary>
    public string KeepFrames { get; }

    /// <summary>Checks that <paramref name="profiles"/> can be reported together and combines their headers.</summary>
    /// <exception cref="HeapwiseException">No profiles, or their sample or period types differ.</exception>
    public static ProfileSet Create(IReadOnlyList<Profile> profiles)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        if (profiles.Count == 0)
        {
            throw new HeapwiseException("no profiles to report; give at least one profile file.");
        }

        string expected = Describe(profiles[0]);
        for (int i = 1; i < profiles.Count; i++)
        {
            string actual = Describe(profiles[i]);
            if (actual != expected)
            {
                throw new HeapwiseException(
                    $"cannot combine profile {i + 1} with profile 1: their sample types differ ({actual} vs {expected}); report them one at a time.");
            }
        }

        return new ProfileSet(profiles);
    }

    // Sample and period types as one string: profiles combine only when these are equal.
    private static string Describe(Profile p)
    {
        string types = string.Join(", ", p.SampleType.Select(t => At(p, t.Type) + "/" + At(p, t.Unit)));
        return p.PeriodType is null ? types : $"{types}; period {At(p, p.PeriodType.Type)}/{At(p, p.PeriodType.Unit)}";
    }

    /// <summary>
    /// pprof's guess at the main binary: the first mapping with a file that is not a shared
    /// library or a pseudo-file such as <c>[vdso]</c>, else the first mapping.
    /// </summary>
    private static (string File, string BuildId)? FindMainMapping(Profile p)
    {
        if (p.Mapping.Count == 0)
        {
            return null;
        }

        foreach (var m in p.Mapping)
        {
            string file = At(p, m.Filename).Replace("(deleted)", string.Empty, StringComparison.Ordinal).Trim();
            if (file.Length == 0 || SharedLibrary().IsMatch(file) || file[0] == '[')
            {
                continue;
            }

            return (At(p, m.Filename), At(p, m.BuildId));
        }

        return (At(p, p.Mapping[0].Filename), At(p, p.Mapping[0].BuildId));
    }

    internal static string At(Profile profile, long index) =>
        index > 0 && index < profile.StringTable.Count ? profile.StringTable[(int)index] : string.Empty;

    [GeneratedRegex(@"([.]so$|[.]so[._][0-9]+)", RegexOptions.CultureInvariant)]
    private static partial Regex SharedLibrary();
}
