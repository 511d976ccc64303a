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

    // Merging works on small integers, not strings: a location's merge key (a long string) is
    // turned into an id once per location, a label set into an id once per distinct set, and a
    // sample is keyed by its location ids and label id. Keying samples by strings cost gigabytes
    // on a 1,000,000-sample profile.
    private readonly Dictionary<string, int> _locationIds = new(StringComparer.Ordinal);
    private readonly List<ViewLocation> _locations = [];
    private readonly Dictionary<string, int> _stringIds = new(StringComparer.Ordinal);
    private readonly Dictionary<SampleKey, int> _labelSetIds = [];
    private readonly Dictionary<SampleKey, int> _sampleIndex = [];

    private FunctionView(ProfileSet set)
    {
        Set = set;
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
    public static FunctionView Create(ProfileSet set)
    {
        var view = new FunctionView(set);
        var pruner = FramePruner.Create(set.DropFrames, set.KeepFrames);
        foreach (var profile in set.Profiles)
        {
            view.Add(profile, pruner);
        }

        return view;
    }

    private void Add(Profile profile, FramePruner? pruner)
    {
        var keys = new ProfileKeys(profile);
        var locationIds = new LocationIdMap(profile);
        foreach (var location in profile.Location)
        {
            string key = keys.LocationKey(location);
            if (!_locationIds.TryGetValue(key, out int id))
            {
                id = _locations.Count;
                _locations.Add(Resolve(profile, location, keys, pruner));
                _locationIds[key] = id;
            }

            locationIds.Set(location.Id, id);
        }

        var strings = new LabelStrings(profile, _stringIds);
        var labelBuffer = new List<(long Key, long Kind, long Value, long Unit)>();
        foreach (var sample in profile.Sample)
        {
            var ids = new int[sample.LocationId.Count];
            for (int i = 0; i < ids.Length; i++)
            {
                ids[i] = locationIds.Get(sample.LocationId[i]);
            }

            var sampleKey = new SampleKey(ids, LabelSetId(sample, strings, labelBuffer));
            if (_sampleIndex.TryGetValue(sampleKey, out int index))
            {
                long[] values = _samples[index].Values;
                for (int v = 0; v < values.Length; v++)
                {
                    values[v] += sample.Value[v];
                }

                continue;
            }

            var stack = new ViewLocation[ids.Length];
            for (int i = 0; i < stack.Length; i++)
            {
                stack[i] = _locations[ids[i]];
            }

            _sampleIndex[sampleKey] = _samples.Count;
            _samples.Add(new ViewSample(pruner is null ? stack : FramePruner.PruneStack(stack), [.. sample.Value]));
        }
    }

    /// <summary>
    /// The id of a sample's label set, equal for equal sets in any profile. As in pprof, a label with a
    /// string value is a string label, one with a number or unit a numeric label, one with neither is
    /// ignored; keys are compared in a fixed order and values keep their order within a key.
    /// </summary>
    private int LabelSetId(Sample sample, LabelStrings strings, List<(long Key, long Kind, long Value, long Unit)> labels)
    {
        if (sample.Label.Count == 0)
        {
            return 0;
        }

        labels.Clear();
        foreach (var label in sample.Label)
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

        var setKey = new SampleKey(flat, 0);
        if (!_labelSetIds.TryGetValue(setKey, out int id))
        {
            id = _labelSetIds.Count + 1; // 0 is "no labels"
            _labelSetIds[setKey] = id;
        }

        return id;
    }

    private ViewLocation Resolve(Profile profile, Location location, ProfileKeys keys, FramePruner? pruner)
    {
        string objectFile = keys.MappingFile(location.MappingId);
        if (location.Line.Count == 0)
        {
            // A location without line information still counts, named after its module.
            return new ViewLocation([Intern(new FrameKey(string.Empty, objectFile, 0))], [string.Empty]);
        }

        var frames = new int[location.Line.Count];
        var names = new string[location.Line.Count];
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
            frames[i] = Intern(name.Length != 0
                ? new FrameKey(name, string.Empty, 0)
                : new FrameKey(string.Empty, objectFile, function.StartLine));
        }

        var resolved = new ViewLocation(frames, names);
        return pruner is null ? resolved : pruner.PruneLocation(resolved);
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
/// A location's frames, innermost (inlined) first, with their function names for pruning.
/// <see cref="Pruned"/> and <see cref="PrunedBeneath"/> record what <c>drop_frames</c> did to it.
/// </summary>
internal sealed record ViewLocation(int[] Frames, string[] FunctionNames)
{
    /// <summary>The outermost frame matched <c>drop_frames</c>: the whole location goes.</summary>
    public bool Pruned { get; init; }

    /// <summary>A frame matched: frames beneath it (callees) go.</summary>
    public bool PrunedBeneath { get; init; }
}

/// <summary>A sample: its stack, leaf location first, and its values (one per sample type).</summary>
internal sealed record ViewSample(ViewLocation[] Stack, long[] Values);

/// <summary>What makes two samples one when merging: their locations (by merge id) and label set.</summary>
internal readonly struct SampleKey : IEquatable<SampleKey>
{
    private readonly int[] _locations;
    private readonly int _labels;
    private readonly int _hash;

    public SampleKey(int[] locations, int labels)
    {
        _locations = locations;
        _labels = labels;
        var hash = new HashCode();
        hash.Add(labels);
        hash.AddBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(locations.AsSpan()));
        _hash = hash.ToHashCode();
    }

    public bool Equals(SampleKey other) =>
        _hash == other._hash && _labels == other._labels && _locations.AsSpan().SequenceEqual(other._locations);

    public override bool Equals(object? obj) => obj is SampleKey other && Equals(other);

    public override int GetHashCode() => _hash;
}

/// <summary>Translates one profile's string indices into ids shared by all profiles of a view, each string looked up once.</summary>
internal sealed class LabelStrings(Profile profile, Dictionary<string, int> shared)
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
}
