using Heapwise.Profiles;

namespace Heapwise.Tests.Analysis;

/// <summary>
/// Builds test profiles from folded stacks: frames from root to leaf separated by ';', and frames
/// inlined into one location joined by '>' from outer to inner ("main;parse>readInt" is one
/// location in which readInt was inlined into parse). Each distinct frame group is one location.
/// </summary>
internal sealed class StackProfile
{
    private readonly ProfileBuilder _builder;
    private readonly List<(string Stack, long[] Values, Label[] Labels)> _samples = [];

    public StackProfile(params (string Type, string Unit)[] sampleTypes)
    {
        _builder = new ProfileBuilder(sampleTypes);
    }

    /// <summary>The builder, for header fields (comments, period, time, default sample type) and labels.</summary>
    public ProfileBuilder Builder => _builder;

    public StackProfile Add(string stack, params long[] values)
    {
        _samples.Add((stack, values, []));
        return this;
    }

    public StackProfile AddWithLabels(string stack, long[] values, params Label[] labels)
    {
        _samples.Add((stack, values, labels));
        return this;
    }

    /// <summary>Sets the profile's <c>drop_frames</c> expression.</summary>
    public static void SetDropFrames(Profile profile, string expression)
    {
        profile.DropFrames = profile.StringTable.Count;
        profile.StringTable.Add(expression);
    }

    /// <summary>The profile; locations get distinct addresses and a mapping when <paramref name="module"/> is given.</summary>
    public Profile Build(string? module = null)
    {
        ulong mapping = module is null ? 0 : _builder.Mapping(module);
        var functionIds = new Dictionary<string, ulong>(StringComparer.Ordinal);
        foreach (var (stack, _, _) in _samples)
        {
            foreach (string name in stack.Split(';', '>'))
            {
                if (!functionIds.ContainsKey(name))
                {
                    functionIds[name] = name.Length == 0 ? 0 : _builder.Function(name, name.Split('.')[0] + ".cs");
                }
            }
        }

        var profile = _builder.Build();
        var locations = new Dictionary<string, ulong>(StringComparer.Ordinal);
        foreach (var (stack, values, labels) in _samples)
        {
            var sample = new Sample();
            foreach (string group in stack.Split(';').Reverse())
            {
                if (!locations.TryGetValue(group, out ulong id))
                {
                    id = (ulong)profile.Location.Count + 1;
                    var location = new Location { Id = id, MappingId = mapping, Address = 0x1000 + id * 16 };
                    int line = 10;
                    foreach (string name in group.Split('>').Reverse())
                    {
                        // Innermost first, as profile.proto orders inlined frames.
                        location.Line.Add(new Line { FunctionId = functionIds[name], Line_ = line++ });
                    }

                    profile.Location.Add(location);
                    locations[group] = id;
                }

                sample.LocationId.Add(id);
            }

            sample.Value.Add(values);
            sample.Label.Add(labels);
            profile.Sample.Add(sample);
        }

        return profile;
    }
}
