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
    private readonly Dictionary<string, int> _sampleIndex = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ViewLocation> _locationsByKey = new(StringComparer.Ordinal);

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
        var locations = new Dictionary<ulong, (string Key, ViewLocation Location)>(profile.Location.Count);
        foreach (var location in profile.Location)
        {
            string key = keys.LocationKey(location);
            if (!_locationsByKey.TryGetValue(key, out var resolved))
            {
                resolved = Resolve(profile, location, keys, pruner);
                _locationsByKey[key] = resolved;
            }

            locations[location.Id] = (key, resolved);
        }

        var sampleKey = new StringBuilder();
        foreach (var sample in profile.Sample)
        {
            sampleKey.Clear();
            var stack = new ViewLocation[sample.LocationId.Count];
            for (int i = 0; i < stack.Length; i++)
            {
                var (key, location) = locations[sample.LocationId[i]];
                stack[i] = location;
                sampleKey.Append(key).Append('\u001e');
            }

            sampleKey.Append('\u001d').Append(keys.LabelKey(sample));
            string merged = sampleKey.ToString();
            if (_sampleIndex.TryGetValue(merged, out int index))
            {
                long[] values = _samples[index].Values;
                for (int v = 0; v < values.Length; v++)
                {
                    values[v] += sample.Value[v];
                }

                continue;
            }

            _sampleIndex[merged] = _samples.Count;
            _samples.Add(new ViewSample(pruner is null ? stack : FramePruner.PruneStack(stack), [.. sample.Value]));
        }
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
