using System.Text.RegularExpressions;

namespace Heapwise.Analysis;

/// <summary>
/// <see cref="SampleFilterOptions"/> compiled and applied to a <see cref="FunctionView"/> with
/// pprof's semantics (profile/filter.go, driver_focus.go):
/// <list type="bullet">
/// <item>focus/ignore mark each location by its frames before hide/show change them; a sample stays
/// when some location is focused and none ignored;</item>
/// <item>hide removes matching frames, show keeps matching ones (a location whose module matches is
/// removed whole by hide, kept whole by show); locations left empty leave the stack, and samples left
/// without locations go;</item>
/// <item>tag filters keep or drop whole samples by their labels.</item>
/// </list>
/// Work is done once per location and once per label set, so filtering stays linear in the samples.
/// The input view is never changed: the result is a new view sharing its frames.
/// </summary>
internal sealed partial class SampleFilter
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(5);

    private readonly Regex? _focus;
    private readonly Regex? _ignore;
    private readonly Regex? _hide;
    private readonly Regex? _show;
    private readonly TagFilter? _tagFocus;
    private readonly TagFilter? _tagIgnore;

    private SampleFilter(SampleFilterOptions options)
    {
        _focus = CompileOption("--focus", options.Focus);
        _ignore = CompileOption("--ignore", options.Ignore);
        _hide = CompileOption("--hide", options.Hide);
        _show = CompileOption("--show", options.Show);
        _tagFocus = string.IsNullOrEmpty(options.TagFocus) ? null : TagFilter.Parse("tagfocus", options.TagFocus);
        _tagIgnore = string.IsNullOrEmpty(options.TagIgnore) ? null : TagFilter.Parse("tagignore", options.TagIgnore);
    }

    /// <summary>Compiles the filters of <paramref name="options"/>; <see langword="null"/> when none is set.</summary>
    /// <exception cref="HeapwiseException">An expression does not compile or a range is malformed.</exception>
    public static SampleFilter? Create(SampleFilterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.IsActive ? new SampleFilter(options) : null;
    }

    /// <summary>
    /// The samples of <paramref name="view"/> the filters keep, with stacks trimmed by hide/show, and
    /// a warning per filter that matched nothing (pprof prints the same ones).
    /// </summary>
    public (FunctionView View, List<string> Warnings) Apply(FunctionView view)
    {
        var locations = new Dictionary<ViewLocation, LocationVerdict>(ReferenceEqualityComparer.Instance);
        var tagVerdicts = new sbyte[view.LabelSetCount + 1]; // 0 unknown, 1 keep, -1 drop
        Dictionary<string, string>? numericUnits = null;
        bool focusMatched = false, ignoreMatched = false, hideMatched = false, showMatched = false;
        bool tagFocusMatched = false, tagIgnoreMatched = false;

        var kept = new List<ViewSample>(view.Samples.Count);
        var buffer = new List<ViewLocation>();
        foreach (var sample in view.Samples)
        {
            bool focused = false, ignored = false, trimmed = false;
            foreach (var location in sample.Stack)
            {
                if (!locations.TryGetValue(location, out var verdict))
                {
                    verdict = Judge(location, ref focusMatched, ref ignoreMatched, ref hideMatched, ref showMatched);
                    locations[location] = verdict;
                }

                ignored |= verdict.Ignored;
                focused |= verdict.Focused;
                trimmed |= !ReferenceEquals(verdict.Location, location);
            }

            if (!focused || ignored)
            {
                continue;
            }

            ViewStack stack = sample.Stack;
            if (trimmed)
            {
                buffer.Clear();
                foreach (var location in sample.Stack)
                {
                    if (locations[location].Location is { } replacement)
                    {
                        buffer.Add(replacement);
                    }
                }

                if (buffer.Count == 0)
                {
                    continue;
                }

                stack = buffer.ToArray();
            }

            if (_tagFocus is not null || _tagIgnore is not null)
            {
                ref sbyte tagVerdict = ref tagVerdicts[sample.LabelSet];
                if (tagVerdict == 0)
                {
                    var labels = view.Labels(sample.LabelSet);
                    numericUnits ??= TagFilter.NumericUnits(view);
                    bool tagFocused = _tagFocus is null || _tagFocus.Matches(labels, numericUnits);
                    bool tagIgnored = _tagIgnore is not null && _tagIgnore.Matches(labels, numericUnits);
                    tagFocusMatched |= tagFocused;
                    tagIgnoreMatched |= tagIgnored;
                    tagVerdict = tagFocused && !tagIgnored ? (sbyte)1 : (sbyte)-1;
                }

                if (tagVerdict < 0)
                {
                    continue;
                }
            }

            kept.Add(trimmed ? sample with { Stack = stack } : sample);
        }

        var warnings = new List<string>();
        Warn(_focus is null || focusMatched, "Focus");
        Warn(_ignore is null || ignoreMatched, "Ignore");
        Warn(_hide is null || hideMatched, "Hide");
        Warn(_show is null || showMatched, "Show");
        Warn(_tagFocus is null || tagFocusMatched, "TagFocus");
        Warn(_tagIgnore is null || tagIgnoreMatched, "TagIgnore");
        return (view.WithSamples(kept), warnings);

        void Warn(bool matched, string name)
        {
            if (!matched)
            {
                warnings.Add(name + " expression matched no samples");
            }
        }
    }

    /// <summary>Compiles a filter expression as an unanchored regular expression, like Go's <c>regexp.Compile</c>.</summary>
    /// <exception cref="HeapwiseException">The expression does not compile; the message names <paramref name="option"/> (e.g. <c>--focus</c>).</exception>
    internal static Regex Compile(string option, string expression)
    {
        try
        {
            // Linear-time matching, as Go's RE2 engine guarantees; RE2 has no backreferences or
            // lookarounds either, so what this engine refuses Go's would refuse too.
            return new Regex(expression, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, MatchTimeout);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            throw new HeapwiseException($"invalid {option} expression '{expression}': {e.Message}");
        }
    }

    private static Regex? CompileOption(string option, string? expression) =>
        string.IsNullOrEmpty(expression) ? null : Compile(option, expression);

    private LocationVerdict Judge(ViewLocation location, ref bool focusMatched, ref bool ignoreMatched, ref bool hideMatched, ref bool showMatched)
    {
        bool ignored = false, focused = false;
        if (_ignore is not null && MatchesName(location, _ignore))
        {
            ignoreMatched = true;
            ignored = true;
        }
        else if (_focus is null || MatchesName(location, _focus))
        {
            focusMatched = true;
            focused = true;
        }

        ViewLocation? result = location;
        if (_hide is not null && MatchesName(location, _hide))
        {
            hideMatched = true;
            result = Keep(location, _hide, keepMatching: false);
        }

        if (_show is not null && result is not null)
        {
            result = Keep(result, _show, keepMatching: true);
            showMatched |= result is not null;
        }

        return new LocationVerdict(focused, ignored, result);
    }

    // Any frame's function or file name, or the module's file, matches.
    private static bool MatchesName(ViewLocation location, Regex regex)
    {
        for (int i = 0; i < location.Frames.Length; i++)
        {
            if (location.FileNames[i] is { } file && (regex.IsMatch(location.FunctionNames[i]) || regex.IsMatch(file)))
            {
                return true;
            }
        }

        return HasMapping(location) && regex.IsMatch(location.MappingFile);
    }

    /// <summary>
    /// The location with only the frames that match (<paramref name="keepMatching"/>) or do not match;
    /// frames of unknown functions always stay; <see langword="null"/> when no frame is left.
    /// A matching module keeps (show) or removes (hide) the whole location.
    /// </summary>
    private static ViewLocation? Keep(ViewLocation location, Regex regex, bool keepMatching)
    {
        if (!location.HasLines)
        {
            return null;
        }

        if (HasMapping(location) && regex.IsMatch(location.MappingFile))
        {
            return keepMatching ? location : null;
        }

        var keep = new List<int>(location.Frames.Length);
        for (int i = 0; i < location.Frames.Length; i++)
        {
            bool matches = location.FileNames[i] is { } file && (regex.IsMatch(location.FunctionNames[i]) || regex.IsMatch(file));
            if (location.FileNames[i] is null || matches == keepMatching)
            {
                keep.Add(i);
            }
        }

        if (keep.Count == location.Frames.Length)
        {
            return location;
        }

        if (keep.Count == 0)
        {
            return null;
        }

        return location with
        {
            Frames = [.. keep.Select(i => location.Frames[i])],
            FunctionNames = [.. keep.Select(i => location.FunctionNames[i])],
            FileNames = [.. keep.Select(i => location.FileNames[i])],
        };
    }

    // pprof tests a location's mapping when it has one; an empty file name stands for none here.
    private static bool HasMapping(ViewLocation location) => location.MappingFile.Length != 0;

    private readonly record struct LocationVerdict(bool Focused, bool Ignored, ViewLocation? Location);
}
