using System.Text;
using Heapwise.Profiles;

namespace Heapwise.Analysis;

/// <summary>
/// One or more compatible profiles seen at function granularity, as pprof's report code sees them
/// after aggregation: every frame (inlined ones too) is a small integer naming a <see cref="FrameKey"/>,
/// every location an array of frames (innermost first), every sample a list of locations (leaf first)
/// with its values. Built once per report; the profiles are not modified.
/// </summary>
internal sealed class FunctionView
{
    private readonly List<FrameKey> _frames = [];
    private readonly Dictionary<FrameKey, int> _frameIds = [];
    private readonly List<ViewSample> _samples = [];

    // Merging works on small integers, not strings: a location's merge identity (numbers for its
    // module, address and lines) is turned into an id once per location, a label set into an id
    // once per distinct set, and a sample is keyed by its location ids and label id. Keying samples
    // by strings cost gigabytes on a 1,000,000-sample profile. Samples read straight from a compact
    // table share its values array and are never merged into (they are not in the merge index).
    private readonly Dictionary<SequenceKey<long>, int> _locationIds = [];
    private readonly MergeNameIds _mergeNames = new();
    private readonly List<ViewLocation> _locations = [];
    private readonly Dictionary<string, int> _stringIds = new(StringComparer.Ordinal);
    private readonly Dictionary<SequenceKey<int>, int> _labelSetIds = [];
    private readonly Dictionary<SequenceKey<int>, int> _sampleIndex = [];

    // Label sets by id (index 0 unused: "no labels"), as the flat arrays used as their keys, and the
    // label strings by id (index 0 is ""), so labels are decoded only when a report asks for them.
    private readonly List<int[]> _labelSets = [[]];
    private readonly List<string> _strings = [string.Empty];

    private Granularity _granularity;

    private FunctionView(ProfileSet set)
    {
        Set = set;
    }

    private FunctionView(FunctionView source, List<ViewSample> samples, bool shareFrames = true)
    {
        Set = source.Set;
        if (shareFrames)
        {
            _frames = source._frames;
            _frameIds = source._frameIds;
        }

        _labelSets = source._labelSets;
        _strings = source._strings;
        _samples = samples;
    }

    /// <summary>The profiles and their combined header.</summary>
    public ProfileSet Set { get; }

    /// <summary>Frame keys by frame id.</summary>
    public IReadOnlyList<FrameKey> Frames => _frames;

    /// <summary>
    /// All samples of all profiles, merged as pprof merges them on loading: samples with equivalent
    /// stacks and equal labels become one, their values added. That matters for the report total,
    /// a sum of absolute values, when values can be negative.
    /// </summary>
    public IReadOnlyList<ViewSample> Samples => _samples;

    /// <summary>Builds the view, applying the first profile's <c>drop_frames</c>/<c>keep_frames</c> as pprof does.</summary>
    public static FunctionView Create(ProfileSet set) => Create(set, Granularity.Functions);

    /// <summary>Builds the view with frames keyed at <paramref name="granularity"/> (pprof's <c>-lines</c>, <c>-files</c>, ...).</summary>
    public static FunctionView Create(ProfileSet set, Granularity granularity)
    {
        var view = new FunctionView(set) { _granularity = granularity };
        var pruner = FramePruner.Create(set.DropFrames, set.KeepFrames);
        foreach (var profile in set.Profiles)
        {
            view.Add(profile, pruner, alone: set.Profiles.Count == 1);
        }

        return view;
    }

    /// <summary>A view with the same frames and labels but other samples (a filtered subset, say).</summary>
    public FunctionView WithSamples(List<ViewSample> samples) => new(this, samples);

    /// <summary>
    /// A view in which each sample's stack is one frame named after the sample's values of label
    /// <paramref name="key"/> (joined by commas, numeric values with their unit), as pprof's
    /// <c>-tagleaf</c> names its pseudo-frames; samples without the label get an unnamed frame
    /// (<c>&lt;unknown&gt;</c>). Reports on it aggregate by label value instead of by function.
    /// </summary>
    public FunctionView GroupedByLabel(string key)
    {
        var grouped = new FunctionView(this, new List<ViewSample>(_samples.Count), shareFrames: false);
        var locations = new Dictionary<int, ViewLocation[]>();
        foreach (var sample in _samples)
        {
            if (!locations.TryGetValue(sample.LabelSet, out var stack))
            {
                var values = new List<string>();
                var labels = Labels(sample.LabelSet);
                values.AddRange(labels.Where(l => l.Key == key && l.Text is not null).Select(l => l.Text!));
                values.AddRange(labels.Where(l => l.Key == key && l.Text is null).Select(l => l.Unit.Length != 0
                    ? MeasurementFormat.ScaledLabel(l.Number, l.Unit, "minimum")
                    : MeasurementFormat.ScaledLabel(l.Number, string.Empty, string.Empty)));
                string name = string.Join(',', values);
                int frame = grouped.Intern(new FrameKey(name, string.Empty, 0));
                stack = [new ViewLocation([frame], [name], [key], string.Empty)];
                locations[sample.LabelSet] = stack;
            }

            grouped._samples.Add(sample with { Stack = stack });
        }

        return grouped;
    }

    /// <summary>The number of distinct label sets; ids run from 1 to this (0 is "no labels").</summary>
    public int LabelSetCount => _labelSets.Count - 1;

    /// <summary>
    /// The labels of label set <paramref name="labelSetId"/>, string labels first then numeric ones,
    /// keys sorted by first appearance order of ids, values of one key in the sample's order.
    /// </summary>
    public IReadOnlyList<ViewLabel> Labels(int labelSetId)
    {
        int[] flat = _labelSets[labelSetId];
        var labels = new ViewLabel[flat.Length / 5];
        for (int i = 0, at = 0; i < labels.Length; i++, at += 5)
        {
            long value = (uint)flat[at + 2] | ((long)flat[at + 3] << 32);
            labels[i] = flat[at + 1] == 0
                ? new ViewLabel(_strings[flat[at]], _strings[(int)value], 0, string.Empty)
                : new ViewLabel(_strings[flat[at]], null, value, _strings[flat[at + 4]]);
        }

        return labels;
    }

    private void Add(Profile profile, FramePruner? pruner, bool alone)
    {
        var keys = new ProfileKeys(profile, _mergeNames);
        var locationIds = new LocationIdMap(profile);
        int locationsBefore = _locations.Count;
        foreach (var location in profile.Location)
        {
            var key = keys.Identity(location);
            if (!_locationIds.TryGetValue(key, out int id))
            {
                id = _locations.Count;
                _locations.Add(Resolve(profile, location, keys, pruner));
                _locationIds[key] = id;
            }

            locationIds.Set(location.Id, id);
        }

        var strings = new LabelStrings(profile, _stringIds, _strings);
        var labelBuffer = new List<(long Key, long Kind, long Value, long Unit)>();
        if (profile.CompactSamples is { } table)
        {
            bool locationsDistinct = _locations.Count - locationsBefore == profile.Location.Count;
            AddCompact(table, locationIds, strings, labelBuffer, pruner, alone && locationsDistinct);
            return;
        }

        foreach (var sample in profile.Sample)
        {
            // pprof's merge skips samples whose values are all zero: they print nowhere (not in -traces, not in -tags).
            if (IsZero(sample))
            {
                continue;
            }

            var ids = new int[sample.LocationId.Count];
            for (int i = 0; i < ids.Length; i++)
            {
                ids[i] = locationIds.Get(sample.LocationId[i]);
            }

            AddSample(ids, LabelSetId(sample.Label, strings, labelBuffer), [.. sample.Value], pruner);
        }
    }

    /// <summary>
    /// Adds the samples of a compact table. They are merged already, by location id and labels in the
    /// order given; when this profile is reported alone and no two of its locations or label sets are
    /// equivalent, they are distinct here too and skip the merge index, which on a large profile costs
    /// more than the samples.
    /// </summary>
    private void AddCompact(SampleTable table, LocationIdMap locationIds, LabelStrings strings,
        List<(long Key, long Kind, long Value, long Unit)> labelBuffer, FramePruner? pruner, bool distinctLocations)
    {
        var labelSets = new int[table.LabelSetCount + 1];
        var seen = new HashSet<int> { 0 };
        bool distinct = distinctLocations;
        for (int set = 1; set < labelSets.Length; set++)
        {
            labelSets[set] = LabelSetId(table.LabelMessages(set), strings, labelBuffer);
            distinct &= seen.Add(labelSets[set]);
        }

        var byId = distinct && pruner is null ? LocationsById(table, locationIds) : null;
        for (int i = 0; i < table.Count; i++)
        {
            if (byId is not null)
            {
                var (frames, offset, length) = table.StackSegment(i);
                _samples.Add(new ViewSample(new ViewStack(frames, offset, length, byId), TableValues(table, i)) { LabelSet = labelSets[table.LabelSet(i)] });
                continue;
            }

            var stored = table.Stack(i);
            var ids = new int[stored.Length];
            for (int f = 0; f < ids.Length; f++)
            {
                ids[f] = locationIds.Get(table.LocationId(stored[f]));
            }

            int labelSet = labelSets[table.LabelSet(i)];
            if (distinct)
            {
                _samples.Add(new ViewSample(Stack(ids, pruner), TableValues(table, i)) { LabelSet = labelSet });
            }
            else
            {
                AddSample(ids, labelSet, table.Values(i), pruner);
            }
        }
    }

    // The view's location for every location id the table stores, so stacks can be read from the
    // table's own frames; null when ids are too sparse for an array.
    private ViewStackLocations? LocationsById(SampleTable table, LocationIdMap locationIds)
    {
        if (!table.StoresIdsAsThemselves || table.MaxSmallId > _locations.Count * 4L + 1024)
        {
            return null;
        }

        var byId = new ViewLocation[table.MaxSmallId + 1];
        var singleFrames = new int[byId.Length];
        for (int id = 0; id < byId.Length; id++)
        {
            singleFrames[id] = -1;
            if (id > 0 && locationIds.TryGet((ulong)id, out int viewId))
            {
                byId[id] = _locations[viewId];
                singleFrames[id] = byId[id].Frames.Length == 1 ? byId[id].Frames[0] : -1;
            }
        }

        return new ViewStackLocations(byId, singleFrames);
    }

    private static SampleValues TableValues(SampleTable table, int sample)
    {
        var (array, offset) = table.ValueSegment(sample);
        return new SampleValues(array, offset, table.ValueCount);
    }

    private void AddSample(int[] ids, int labelSet, ReadOnlySpan<long> values, FramePruner? pruner)
    {
        var sampleKey = new SequenceKey<int>(ids, labelSet);
        if (_sampleIndex.TryGetValue(sampleKey, out int index))
        {
            var sums = _samples[index].Values;
            for (int v = 0; v < sums.Length; v++)
            {
                sums[v] += values[v];
            }

            return;
        }

        _sampleIndex[sampleKey] = _samples.Count;
        _samples.Add(new ViewSample(Stack(ids, pruner), new SampleValues(values.ToArray())) { LabelSet = labelSet });
    }

    private ViewLocation[] Stack(int[] ids, FramePruner? pruner)
    {
        var stack = new ViewLocation[ids.Length];
        for (int i = 0; i < stack.Length; i++)
        {
            stack[i] = _locations[ids[i]];
        }

        return pruner is null ? stack : FramePruner.PruneStack(stack);
    }

    private static bool IsZero(Sample sample)
    {
        foreach (long v in sample.Value)
        {
            if (v != 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The id of a sample's label set, equal for equal sets in any profile. As in pprof, a label with a
    /// string value is a string label, one with a number or unit a numeric label, one with neither is
    /// ignored; keys are compared in a fixed order and values keep their order within a key.
    /// </summary>
    private int LabelSetId(IReadOnlyList<Label> sampleLabels, LabelStrings strings, List<(long Key, long Kind, long Value, long Unit)> labels)
    {
        if (sampleLabels.Count == 0)
        {
            return 0;
        }

        labels.Clear();
        foreach (var label in sampleLabels)
        {
            if (label.Str != 0)
            {
                labels.Add((strings.Id(label.Key), 0, strings.Id(label.Str), 0));
            }
            else if (label.Num != 0 || label.NumUnit != 0)
            {
                labels.Add((strings.Id(label.Key), 1, label.Num, strings.Id(label.NumUnit)));
            }
        }

        if (labels.Count == 0)
        {
            return 0;
        }

        // A stable insertion sort by kind and key (samples have a handful of labels): values of one
        // key stay in the order the sample gives them.
        for (int i = 1; i < labels.Count; i++)
        {
            var current = labels[i];
            int j = i - 1;
            while (j >= 0 && (labels[j].Kind, labels[j].Key).CompareTo((current.Kind, current.Key)) > 0)
            {
                labels[j + 1] = labels[j];
                j--;
            }

            labels[j + 1] = current;
        }

        var flat = new int[labels.Count * 5];
        int at = 0;
        foreach (var (key, kind, value, unit) in labels)
        {
            flat[at++] = (int)key;
            flat[at++] = (int)kind;
            flat[at++] = (int)value;
            flat[at++] = (int)(value >> 32);
            flat[at++] = (int)unit;
        }

        var setKey = new SequenceKey<int>(flat, 0);
        if (!_labelSetIds.TryGetValue(setKey, out int id))
        {
            id = _labelSetIds.Count + 1; // 0 is "no labels"
            _labelSetIds[setKey] = id;
            _labelSets.Add(flat);
        }

        return id;
    }

    private ViewLocation Resolve(Profile profile, Location location, ProfileKeys keys, FramePruner? pruner)
    {
        string objectFile = keys.MappingFile(location.MappingId);
        if (location.Line.Count == 0)
        {
            // A location without line information still counts, named after its module.
            return new ViewLocation([Intern(new FrameKey(string.Empty, objectFile, 0))], [string.Empty], [null], objectFile) { HasLines = false };
        }

        var frames = new int[location.Line.Count];
        var names = new string[location.Line.Count];
        var files = new string?[location.Line.Count];
        for (int i = 0; i < frames.Length; i++)
        {
            var line = location.Line[i];
            var function = keys.Function(line.FunctionId);
            if (function is null)
            {
                frames[i] = Intern(new FrameKey(string.Empty, objectFile, 0));
                names[i] = string.Empty;
                continue;
            }

            string name = ProfileSet.At(profile, function.Name);
            names[i] = name;
            files[i] = ProfileSet.At(profile, function.Filename);
            if (_granularity != Granularity.Functions)
            {
                frames[i] = Intern(GranularKey(name, files[i]!, line.Line_, function.StartLine, objectFile));
                continue;
            }

            frames[i] = Intern(name.Length != 0
                ? new FrameKey(name, string.Empty, 0)
                : new FrameKey(string.Empty, objectFile, function.StartLine));
        }

        var resolved = new ViewLocation(frames, names, files, objectFile);
        return pruner is null ? resolved : pruner.PruneLocation(resolved);
    }

    /// <summary>
    /// A frame's key at a granularity other than functions, as pprof's aggregation then <c>nodeInfo</c>
    /// build it: the fields the granularity drops are cleared, and frames left without a name are told
    /// apart by module and start line.
    /// </summary>
    private FrameKey GranularKey(string name, string file, long line, long startLine, string objectFile)
    {
        if (_granularity == Granularity.Files)
        {
            name = string.Empty;
        }

        file = file.Length == 0 ? string.Empty : FrameKey.CleanPath(file);
        line = _granularity == Granularity.Lines ? line : 0;
        return name.Length != 0
            ? new FrameKey(name, string.Empty, 0, file, line)
            : new FrameKey(string.Empty, objectFile, startLine, file, line);
    }

    private int Intern(FrameKey key)
    {
        if (!_frameIds.TryGetValue(key, out int id))
        {
            id = _frames.Count;
            _frames.Add(key);
            _frameIds[key] = id;
        }

        return id;
    }

}

/// <summary>
/// A location's frames, innermost (inlined) first, with their function names for pruning and the
/// names filters match (function name, source file, module), as pprof's filters see a location.
/// <see cref="Pruned"/> and <see cref="PrunedBeneath"/> record what <c>drop_frames</c> did to it.
/// </summary>
/// <param name="Frames">Frame ids, innermost first.</param>
/// <param name="FunctionNames">Function names per frame ("" when the function is unknown or unnamed).</param>
/// <param name="FileNames">Source file per frame, <see langword="null"/> where the line has no function.</param>
/// <param name="MappingFile">The module's file, or empty.</param>
internal sealed record ViewLocation(int[] Frames, string[] FunctionNames, string?[] FileNames, string MappingFile)
{
    /// <summary>False for a location without line information (its one frame stands for its module).</summary>
    public bool HasLines { get; init; } = true;

    /// <summary>The outermost frame matched <c>drop_frames</c>: the whole location goes.</summary>
    public bool Pruned { get; init; }

    /// <summary>A frame matched: frames beneath it (callees) go.</summary>
    public bool PrunedBeneath { get; init; }
}

/// <summary>A sample: its stack, leaf location first, and its values (one per sample type).</summary>
internal readonly record struct ViewSample(ViewStack Stack, SampleValues Values)
{
    /// <summary>The id of the sample's label set in its <see cref="FunctionView"/>; 0 when it has none.</summary>
    public int LabelSet { get; init; }
}

/// <summary>One label of a sample: a string label (<see cref="Text"/> set) or a numeric one.</summary>
/// <param name="Key">The label key, e.g. <c>type</c> or <c>bytes</c>.</param>
/// <param name="Text">The value of a string label; <see langword="null"/> for a numeric label.</param>
/// <param name="Number">The value of a numeric label.</param>
/// <param name="Unit">The unit of a numeric label as the profile gives it, or empty.</param>
internal readonly record struct ViewLabel(string Key, string? Text, long Number, string Unit);

/// <summary>Translates one profile's string indices into ids shared by all profiles of a view, each string looked up once.</summary>
internal sealed class LabelStrings(Profile profile, Dictionary<string, int> shared, List<string> byId)
{
    private readonly int[] _ids = new int[profile.StringTable.Count];

    public int Id(long index)
    {
        if (index <= 0 || index >= _ids.Length)
        {
            return 0;
        }

        int id = _ids[index];
        if (id == 0)
        {
            string text = profile.StringTable[(int)index];
            if (!shared.TryGetValue(text, out id))
            {
                id = shared.Count + 1;
                shared[text] = id;
                byId.Add(text);
            }

            _ids[index] = id;
        }

        return id;
    }
}

/// <summary>
/// A profile's location ids mapped to view ids: an array when ids are dense (as every writer we know
/// numbers them 1..n), a dictionary otherwise. Millions of stack frames are looked up here.
/// </summary>
internal sealed class LocationIdMap
{
    private readonly int[]? _dense;
    private readonly Dictionary<ulong, int>? _sparse;

    public LocationIdMap(Profile profile)
    {
        ulong max = 0;
        foreach (var location in profile.Location)
        {
            max = Math.Max(max, location.Id);
        }

        if (max <= (ulong)profile.Location.Count * 4 + 1024)
        {
            _dense = new int[max + 1];
        }
        else
        {
            _sparse = new Dictionary<ulong, int>(profile.Location.Count);
        }
    }

    public void Set(ulong locationId, int viewId)
    {
        if (_dense is not null)
        {
            _dense[locationId] = viewId;
        }
        else
        {
            _sparse![locationId] = viewId;
        }
    }

    public int Get(ulong locationId) => _dense is not null ? _dense[locationId] : _sparse![locationId];

    public bool TryGet(ulong locationId, out int viewId)
    {
        if (_dense is not null)
        {
            viewId = locationId < (ulong)_dense.Length ? _dense[locationId] : 0;
            return locationId < (ulong)_dense.Length;
        }

        return _sparse!.TryGetValue(locationId, out viewId);
    }
}
