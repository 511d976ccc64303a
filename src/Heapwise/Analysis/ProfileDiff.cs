using Heapwise.Profiles;

namespace Heapwise.Analysis;

/// <summary>
/// Profile differences as <c>go tool pprof</c> computes them for <c>-base</c> and <c>-diff_base</c>:
/// the base profiles' values are negated and their samples added to the source profiles', so every
/// report shows the difference (values can be negative). With <c>-diff_base</c> the base samples also
/// carry the label <c>pprof::base=true</c>, which makes reports take the base's total as 100%
/// (<see cref="BaseLabelKey"/>). <c>-normalize</c> first scales the sources so that, value by value,
/// their total equals the base's. The profiles given are not modified.
/// </summary>
public static class ProfileDiff
{
    /// <summary>The label pprof puts on base samples for <c>-diff_base</c>.</summary>
    public const string BaseLabelKey = "pprof::base";

    /// <summary>The value of <see cref="BaseLabelKey"/>.</summary>
    public const string BaseLabelValue = "true";

    /// <summary>
    /// The profiles to report for <paramref name="sources"/> minus <paramref name="bases"/>: the sources
    /// (scaled when <paramref name="normalize"/>), then the bases negated (and labelled when <paramref name="diffBase"/>).
    /// </summary>
    /// <param name="sources">The profiles to look at.</param>
    /// <param name="bases">The profiles to subtract; none returns <paramref name="sources"/>.</param>
    /// <param name="diffBase">pprof's <c>-diff_base</c> rather than <c>-base</c>: percentages relative to the base.</param>
    /// <param name="normalize">pprof's <c>-normalize</c>.</param>
    /// <param name="sourceNames">File names of the sources, for messages (optional).</param>
    /// <param name="baseNames">File names of the bases, for messages (optional).</param>
    /// <exception cref="HeapwiseException">A base's sample types differ from the sources', or normalizing without a base.</exception>
    public static IReadOnlyList<Profile> Combine(IReadOnlyList<Profile> sources, IReadOnlyList<Profile> bases, bool diffBase, bool normalize,
        IReadOnlyList<string>? sourceNames = null, IReadOnlyList<string>? baseNames = null)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(bases);
        if (bases.Count == 0)
        {
            if (normalize)
            {
                throw new HeapwiseException("--normalize needs a base profile: give --base FILE or --diff-base FILE.");
            }

            return sources;
        }

        if (sources.Count == 0)
        {
            throw new HeapwiseException("no profiles to report; give at least one profile file.");
        }

        // Scaling and negating edit sample messages of clones, and clones leave a compact table behind.
        foreach (var profile in sources.Concat(bases))
        {
            ProfileSamples.Expand(profile);
        }

        string expected = Describe(sources[0]);
        for (int i = 0; i < bases.Count; i++)
        {
            string actual = Describe(bases[i]);
            if (actual != expected)
            {
                string source = sourceNames is { Count: > 0 } ? sourceNames[0] : "profile 1";
                string name = baseNames is not null && i < baseNames.Count ? baseNames[i] : $"base {i + 1}";
                throw new HeapwiseException(
                    $"cannot compare '{source}' with base '{name}': their sample types differ ({expected} vs {actual}).");
            }
        }

        var result = new List<Profile>(sources.Count + bases.Count);
        if (normalize)
        {
            var ratios = NormalizeRatios(sources, bases);
            result.AddRange(sources.Select(s => Scaled(s, ratios)));
        }
        else
        {
            result.AddRange(sources);
        }

        foreach (var b in bases)
        {
            result.Add(Negated(b, diffBase));
        }

        return result;
    }

    // pprof's Profile.Normalize: per value, base total over source total (0 when the source's is 0).
    private static double[] NormalizeRatios(IReadOnlyList<Profile> sources, IReadOnlyList<Profile> bases)
    {
        int n = sources[0].SampleType.Count;
        var baseTotals = new long[n];
        var sourceTotals = new long[n];
        foreach (var p in bases)
        {
            Sum(p, baseTotals);
        }

        foreach (var p in sources)
        {
            Sum(p, sourceTotals);
        }

        var ratios = new double[n];
        for (int i = 0; i < n; i++)
        {
            ratios[i] = sourceTotals[i] == 0 ? 0.0 : (double)baseTotals[i] / sourceTotals[i];
        }

        return ratios;
    }

    private static void Sum(Profile p, long[] totals)
    {
        foreach (var s in p.Sample)
        {
            for (int i = 0; i < s.Value.Count && i < totals.Length; i++)
            {
                totals[i] += s.Value[i];
            }
        }
    }

    // pprof's Profile.ScaleN: values rounded half away from zero; a sample goes when every scaled value is 0.
    private static Profile Scaled(Profile source, double[] ratios)
    {
        if (ratios.All(r => r == 1))
        {
            return source;
        }

        var copy = source.Clone();
        var kept = new List<Sample>(copy.Sample.Count);
        foreach (var s in MergedSamples(copy))
        {
            bool keep = false;
            for (int i = 0; i < s.Value.Count && i < ratios.Length; i++)
            {
                if (ratios[i] != 1)
                {
                    long value = (long)Math.Round(s.Value[i] * ratios[i], MidpointRounding.AwayFromZero);
                    s.Value[i] = value;
                    keep |= value != 0;
                }
            }

            if (keep)
            {
                kept.Add(s);
            }
        }

        copy.Sample.Clear();
        copy.Sample.AddRange(kept);
        return copy;
    }

    // pprof scales after merging, so samples with the same stack and labels are rounded once, as one.
    private static List<Sample> MergedSamples(Profile profile)
    {
        var merged = new List<Sample>(profile.Sample.Count);
        var byKey = new Dictionary<string, Sample>(StringComparer.Ordinal);
        var key = new System.Text.StringBuilder();
        foreach (var s in profile.Sample)
        {
            key.Clear();
            foreach (ulong id in s.LocationId)
            {
                key.Append(id).Append(',');
            }

            foreach (var label in s.Label.OrderBy(l => l.Key).ThenBy(l => l.Str).ThenBy(l => l.Num).ThenBy(l => l.NumUnit))
            {
                key.Append('|').Append(label.Key).Append(':').Append(label.Str).Append(':').Append(label.Num).Append(':').Append(label.NumUnit);
            }

            if (byKey.TryGetValue(key.ToString(), out var first))
            {
                for (int i = 0; i < first.Value.Count && i < s.Value.Count; i++)
                {
                    first.Value[i] += s.Value[i];
                }

                continue;
            }

            byKey[key.ToString()] = s;
            merged.Add(s);
        }

        return merged;
    }

    // pprof's Scale(-1), after SetLabel("pprof::base", ["true"]) for -diff_base.
    private static Profile Negated(Profile profile, bool label)
    {
        var copy = profile.Clone();
        long key = 0, value = 0;
        if (label)
        {
            key = copy.StringTable.Count;
            copy.StringTable.Add(BaseLabelKey);
            value = copy.StringTable.Count;
            copy.StringTable.Add(BaseLabelValue);
        }

        foreach (var s in copy.Sample)
        {
            for (int i = 0; i < s.Value.Count; i++)
            {
                s.Value[i] = -s.Value[i];
            }

            if (label)
            {
                // SetLabel replaces the key's values: drop any the sample had.
                for (int i = s.Label.Count - 1; i >= 0; i--)
                {
                    if (s.Label[i].Str != 0 && ProfileSet.At(copy, s.Label[i].Key) == BaseLabelKey)
                    {
                        s.Label.RemoveAt(i);
                    }
                }

                s.Label.Add(new Label { Key = key, Str = value });
            }
        }

        return copy;
    }

    /// <summary>
    /// <paramref name="view"/> without the samples whose values all add up to zero (a stack the base
    /// cancels out), as pprof's merge drops them; the same view when there are none.
    /// </summary>
    internal static FunctionView WithoutZeroSamples(FunctionView view)
    {
        var samples = view.Samples;
        int first = -1;
        for (int i = 0; i < samples.Count && first < 0; i++)
        {
            if (IsZero(samples[i].Values))
            {
                first = i;
            }
        }

        if (first < 0)
        {
            return view;
        }

        var kept = new List<ViewSample>(samples.Count);
        foreach (var sample in samples)
        {
            if (!IsZero(sample.Values))
            {
                kept.Add(sample);
            }
        }

        return view.WithSamples(kept);
    }

    /// <summary>
    /// The sum of the absolute values at <paramref name="index"/> of the samples labelled
    /// <c>pprof::base=true</c> (pprof's total for <c>-diff_base</c>), or <see langword="null"/> when no sample is.
    /// </summary>
    internal static long? BaseTotal(FunctionView view, int index)
    {
        // Cheap first: no profile names the label (decoding every label set costs on large profiles).
        if (view.LabelSetCount == 0 || !view.Set.Profiles.Any(p => p.StringTable.Contains(BaseLabelKey)))
        {
            return null;
        }

        var isBase = new bool[view.LabelSetCount + 1];
        bool any = false;
        for (int id = 1; id < isBase.Length; id++)
        {
            foreach (var label in view.Labels(id))
            {
                if (label.Key == BaseLabelKey && label.Text == BaseLabelValue)
                {
                    isBase[id] = any = true;
                }
            }
        }

        if (!any)
        {
            return null;
        }

        long total = 0;
        foreach (var sample in view.Samples)
        {
            if (isBase[sample.LabelSet])
            {
                total += GoMath.Abs(sample.Values[index]);
            }
        }

        return total;
    }

    private static bool IsZero(SampleValues values)
    {
        foreach (long v in values.AsSpan())
        {
            if (v != 0)
            {
                return false;
            }
        }

        return true;
    }

    private static string Describe(Profile p)
    {
        string types = string.Join(", ", p.SampleType.Select(t => ProfileSet.At(p, t.Type) + "/" + ProfileSet.At(p, t.Unit)));
        return p.PeriodType is null ? types : $"{types}; period {ProfileSet.At(p, p.PeriodType.Type)}/{ProfileSet.At(p, p.PeriodType.Unit)}";
    }
}
