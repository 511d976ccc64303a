using Heapwise.Profiles;

namespace Heapwise.Analysis;

/// <content>The same filters applied to a profile itself, as pprof filters a profile it writes with <c>-proto</c>.</content>
internal sealed partial class SampleFilter
{
    /// <summary>
    /// A copy of <paramref name="profile"/> with pprof's <c>FilterSamplesByName</c> and <c>FilterSamplesByTag</c>
    /// applied: samples focus and ignore drop go, lines hide removes (or show does not keep) leave their
    /// locations, locations left without lines leave the stacks, and samples left without locations go.
    /// Warnings name the filters that matched nothing, judged as pprof judges them (over all locations).
    /// </summary>
    public (Profile Profile, List<string> Warnings) Apply(Profile profile)
    {
        ProfileSamples.Expand(profile);
        var copy = profile.Clone();
        bool focusMatched = false, ignoreMatched = false, hideMatched = false, showMatched = false;
        var verdicts = new Dictionary<ulong, (bool Focused, bool Ignored, bool Hidden)>();
        var functions = copy.Function.ToDictionary(f => f.Id);
        var mappings = copy.Mapping.ToDictionary(m => m.Id);
        foreach (var location in copy.Location)
        {
            // The location as a view sees it, its "frames" being the indexes of its lines.
            var view = AsViewLocation(copy, location, functions, mappings);
            var verdict = Judge(view, ref focusMatched, ref ignoreMatched, ref hideMatched, ref showMatched);
            if (verdict.Location is { } trimmed && trimmed.Frames.Length != location.Line.Count)
            {
                var lines = trimmed.Frames.Select(i => location.Line[i]).ToList();
                location.Line.Clear();
                location.Line.AddRange(lines);
            }

            // No line left after hide or show: the location leaves every stack.
            verdicts[location.Id] = (verdict.Focused, verdict.Ignored, Hidden: verdict.Location is null);
        }

        var numericUnits = TagFilter.NumericUnits(copy.Sample.Select(s => LabelsOf(copy, s)));
        bool tagFocusMatched = false, tagIgnoreMatched = false;
        var kept = new List<Sample>(copy.Sample.Count);
        foreach (var sample in copy.Sample)
        {
            if (!FocusedAndNotIgnored(sample, verdicts) || !WithoutHidden(sample, verdicts))
            {
                continue;
            }

            if (_tagFocus is not null || _tagIgnore is not null)
            {
                var labels = LabelsOf(copy, sample);
                bool tagFocused = _tagFocus is null || _tagFocus.Matches(labels, numericUnits);
                bool tagIgnored = _tagIgnore is not null && _tagIgnore.Matches(labels, numericUnits);
                tagFocusMatched |= tagFocused;
                tagIgnoreMatched |= tagIgnored;
                if (!tagFocused || tagIgnored)
                {
                    continue;
                }
            }

            kept.Add(sample);
        }

        copy.Sample.Clear();
        copy.Sample.AddRange(kept);
        var warnings = new List<string>();
        AddWarning(warnings, _focus is null || focusMatched, "Focus");
        AddWarning(warnings, _ignore is null || ignoreMatched, "Ignore");
        AddWarning(warnings, _hide is null || hideMatched, "Hide");
        AddWarning(warnings, _show is null || showMatched, "Show");
        AddWarning(warnings, _tagFocus is null || tagFocusMatched, "TagFocus");
        AddWarning(warnings, _tagIgnore is null || tagIgnoreMatched, "TagIgnore");
        return (copy, warnings);
    }

    private static ViewLocation AsViewLocation(Profile profile, Location location, Dictionary<ulong, Function> functions, Dictionary<ulong, Mapping> mappings)
    {
        int count = location.Line.Count;
        var names = new string[count];
        var files = new string?[count];
        for (int i = 0; i < count; i++)
        {
            if (functions.TryGetValue(location.Line[i].FunctionId, out var function))
            {
                names[i] = ProfileSet.At(profile, function.Name);
                files[i] = ProfileSet.At(profile, function.Filename);
            }
            else
            {
                names[i] = string.Empty;
            }
        }

        string mappingFile = mappings.TryGetValue(location.MappingId, out var mapping) ? ProfileSet.At(profile, mapping.Filename) : string.Empty;
        return new ViewLocation([.. Enumerable.Range(0, count)], names, files, mappingFile) { HasLines = count > 0 };
    }

    // pprof: a sample stays when some location is focused and none is ignored.
    private static bool FocusedAndNotIgnored(Sample sample, Dictionary<ulong, (bool Focused, bool Ignored, bool Hidden)> verdicts)
    {
        bool focused = false;
        foreach (ulong id in sample.LocationId)
        {
            var verdict = verdicts[id];
            if (verdict.Ignored)
            {
                return false;
            }

            focused |= verdict.Focused;
        }

        return focused;
    }

    // Removes hidden locations from the sample's stack; false when none is left.
    private static bool WithoutHidden(Sample sample, Dictionary<ulong, (bool Focused, bool Ignored, bool Hidden)> verdicts)
    {
        if (!sample.LocationId.Any(id => verdicts[id].Hidden))
        {
            return true;
        }

        var visible = sample.LocationId.Where(id => !verdicts[id].Hidden).ToList();
        sample.LocationId.Clear();
        sample.LocationId.AddRange(visible);
        return visible.Count > 0;
    }

    // A sample's labels as reports see them: string labels, and numeric ones with a number or unit.
    private static List<ViewLabel> LabelsOf(Profile profile, Sample sample)
    {
        var labels = new List<ViewLabel>(sample.Label.Count);
        foreach (var label in sample.Label)
        {
            if (label.Str != 0)
            {
                labels.Add(new ViewLabel(ProfileSet.At(profile, label.Key), ProfileSet.At(profile, label.Str), 0, string.Empty));
            }
            else if (label.Num != 0 || label.NumUnit != 0)
            {
                labels.Add(new ViewLabel(ProfileSet.At(profile, label.Key), null, label.Num, ProfileSet.At(profile, label.NumUnit)));
            }
        }

        return labels;
    }

    private static void AddWarning(List<string> warnings, bool matched, string name)
    {
        if (!matched)
        {
            warnings.Add(name + " expression matched no samples");
        }
    }
}
