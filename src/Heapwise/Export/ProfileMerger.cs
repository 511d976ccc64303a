using System.Text;
using Heapwise.Analysis;
using Heapwise.Profiles;

namespace Heapwise.Export;

/// <summary>
/// Combines compatible profiles into one, as <c>go tool pprof -proto a.pb.gz b.pb.gz</c> does:
/// strings, mappings, functions and locations that are equal become one, samples are kept side by
/// side (their values add up in every report), and the header takes the earliest start, the summed
/// duration, the largest period and every comment once. The inputs are not modified.
/// </summary>
public static class ProfileMerger
{
    /// <summary>
    /// The profiles combined. A single profile is returned as is, so fields Heapwise does not know survive.
    /// </summary>
    /// <exception cref="HeapwiseException">No profiles, or their sample or period types differ.</exception>
    public static Profile Merge(IReadOnlyList<Profile> profiles)
    {
        var set = ProfileSet.Create(profiles);
        if (profiles.Count == 1)
        {
            return profiles[0];
        }

        var merged = new Merged();
        var first = profiles[0];
        foreach (var type in first.SampleType)
        {
            merged.Profile.SampleType.Add(merged.Type(first, type));
        }

        if (first.PeriodType is not null)
        {
            merged.Profile.PeriodType = merged.Type(first, first.PeriodType);
        }

        merged.Profile.DropFrames = merged.Intern(set.DropFrames);
        merged.Profile.KeepFrames = merged.Intern(set.KeepFrames);
        merged.Profile.DefaultSampleType = merged.Intern(set.DefaultSampleType);
        merged.Profile.TimeNanos = set.TimeNanos;
        merged.Profile.DurationNanos = set.DurationNanos;
        foreach (string comment in set.Comments)
        {
            merged.Profile.Comment.Add(merged.Intern(comment));
        }

        foreach (var profile in profiles)
        {
            merged.Profile.Period = Math.Max(merged.Profile.Period, profile.Period);
            merged.Add(profile);
        }

        return merged.Profile;
    }

    private sealed class Merged
    {
        private readonly Dictionary<string, long> _strings = new(StringComparer.Ordinal) { [string.Empty] = 0 };
        private readonly Dictionary<(ulong, ulong, ulong, long, long), ulong> _mappings = [];
        private readonly Dictionary<(long, long, long, long), ulong> _functions = [];
        private readonly Dictionary<string, ulong> _locations = new(StringComparer.Ordinal);

        public Merged() => Profile.StringTable.Add(string.Empty);

        public Profile Profile { get; } = new();

        public long Intern(string text)
        {
            if (!_strings.TryGetValue(text, out long index))
            {
                index = Profile.StringTable.Count;
                Profile.StringTable.Add(text);
                _strings[text] = index;
            }

            return index;
        }

        public Heapwise.Profiles.ValueType Type(Profile from, Heapwise.Profiles.ValueType type) =>
            new() { Type = Intern(ProfileSet.At(from, type.Type)), Unit = Intern(ProfileSet.At(from, type.Unit)) };

        public void Add(Profile from)
        {
            ProfileSamples.Expand(from);
            long S(long index) => Intern(ProfileSet.At(from, index));

            var mappingIds = new Dictionary<ulong, ulong>();
            foreach (var m in from.Mapping)
            {
                var key = (m.MemoryStart, m.MemoryLimit, m.FileOffset, S(m.Filename), S(m.BuildId));
                if (!_mappings.TryGetValue(key, out ulong id))
                {
                    id = (ulong)Profile.Mapping.Count + 1;
                    var copy = m.Clone();
                    copy.Id = id;
                    copy.Filename = key.Item4;
                    copy.BuildId = key.Item5;
                    Profile.Mapping.Add(copy);
                    _mappings[key] = id;
                }

                mappingIds[m.Id] = id;
            }

            var functionIds = new Dictionary<ulong, ulong>();
            foreach (var f in from.Function)
            {
                var key = (S(f.Name), S(f.SystemName), S(f.Filename), f.StartLine);
                if (!_functions.TryGetValue(key, out ulong id))
                {
                    id = (ulong)Profile.Function.Count + 1;
                    Profile.Function.Add(new Function { Id = id, Name = key.Item1, SystemName = key.Item2, Filename = key.Item3, StartLine = f.StartLine });
                    _functions[key] = id;
                }

                functionIds[f.Id] = id;
            }

            var locationIds = new Dictionary<ulong, ulong>();
            var keyText = new StringBuilder();
            foreach (var l in from.Location)
            {
                ulong mapping = l.MappingId == 0 ? 0 : mappingIds[l.MappingId];
                keyText.Clear().Append(mapping).Append('/').Append(l.Address).Append('/').Append(l.IsFolded);
                foreach (var line in l.Line)
                {
                    keyText.Append('/').Append(line.FunctionId == 0 ? 0 : functionIds[line.FunctionId]).Append(':').Append(line.Line_).Append(':').Append(line.Column);
                }

                string key = keyText.ToString();
                if (!_locations.TryGetValue(key, out ulong id))
                {
                    id = (ulong)Profile.Location.Count + 1;
                    var copy = new Location { Id = id, MappingId = mapping, Address = l.Address, IsFolded = l.IsFolded };
                    foreach (var line in l.Line)
                    {
                        copy.Line.Add(new Line { FunctionId = line.FunctionId == 0 ? 0 : functionIds[line.FunctionId], Line_ = line.Line_, Column = line.Column });
                    }

                    Profile.Location.Add(copy);
                    _locations[key] = id;
                }

                locationIds[l.Id] = id;
            }

            foreach (var s in from.Sample)
            {
                var copy = new Sample();
                foreach (ulong id in s.LocationId)
                {
                    copy.LocationId.Add(locationIds[id]);
                }

                copy.Value.Add(s.Value);
                foreach (var label in s.Label)
                {
                    copy.Label.Add(new Label { Key = S(label.Key), Str = S(label.Str), Num = label.Num, NumUnit = S(label.NumUnit) });
                }

                Profile.Sample.Add(copy);
            }
        }
    }
}
