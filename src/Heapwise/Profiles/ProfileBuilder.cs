namespace Heapwise.Profiles;

/// <summary>
/// Builds a <see cref="Profile"/> one sample at a time, interning strings, functions and
/// locations so that each distinct one is stored once. Collectors use it; it never formats output.
/// </summary>
/// <example>
/// <code>
/// var b = new ProfileBuilder(("alloc_objects", "count"), ("alloc_space", "bytes"));
/// ulong main = b.Location(b.Function("App.Program.Main", "Program.cs"), line: 12);
/// b.AddSample([main], [1, 1024], [b.Label("type", "System.Byte[]")]);
/// Profile p = b.Build();
/// </code>
/// </example>
public sealed class ProfileBuilder
{
    private readonly Profile _profile = new();
    private readonly Dictionary<string, long> _strings = new(StringComparer.Ordinal);
    private readonly Dictionary<(long Name, long File), ulong> _functions = [];
    private readonly Dictionary<(ulong Function, long Line), ulong> _locations = [];
    private readonly Dictionary<string, ulong> _mappings = new(StringComparer.Ordinal);

    /// <summary>Starts a profile whose samples carry one value per given (type, unit) pair.</summary>
    /// <exception cref="ArgumentException">No sample type was given.</exception>
    public ProfileBuilder(params (string Type, string Unit)[] sampleTypes)
    {
        ArgumentNullException.ThrowIfNull(sampleTypes);
        if (sampleTypes.Length == 0)
        {
            throw new ArgumentException("A profile needs at least one sample type.", nameof(sampleTypes));
        }

        _profile.StringTable.Add(string.Empty);
        _strings[string.Empty] = 0;
        foreach (var (type, unit) in sampleTypes)
        {
            _profile.SampleType.Add(new ValueType { Type = Intern(type), Unit = Intern(unit) });
        }
    }

    /// <summary>Number of values each sample must carry.</summary>
    public int ValueCount => _profile.SampleType.Count;

    /// <summary>Returns the string-table index of <paramref name="value"/>, adding it if new.</summary>
    public long Intern(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!_strings.TryGetValue(value, out long index))
        {
            index = _profile.StringTable.Count;
            _profile.StringTable.Add(value);
            _strings[value] = index;
        }

        return index;
    }

    /// <summary>Returns the id of a mapping (a loaded module) named <paramref name="fileName"/>, adding it if new.</summary>
    public ulong Mapping(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        if (!_mappings.TryGetValue(fileName, out ulong id))
        {
            id = (ulong)_profile.Mapping.Count + 1;
            _profile.Mapping.Add(new Mapping { Id = id, Filename = Intern(fileName), HasFunctions = true });
            _mappings[fileName] = id;
        }

        return id;
    }

    /// <summary>Returns the id of the function with this display name and source file, adding it if new.</summary>
    /// <param name="name">Name as a developer reads it, e.g. <c>App.Cache.Add</c>.</param>
    /// <param name="fileName">Source file, or empty when unknown.</param>
    /// <param name="systemName">Name as the runtime spells it; defaults to <paramref name="name"/>.</param>
    public ulong Function(string name, string fileName = "", string? systemName = null)
    {
        long nameIndex = Intern(name);
        long fileIndex = Intern(fileName);
        if (!_functions.TryGetValue((nameIndex, fileIndex), out ulong id))
        {
            id = (ulong)_profile.Function.Count + 1;
            _profile.Function.Add(new Function
            {
                Id = id,
                Name = nameIndex,
                SystemName = Intern(systemName ?? name),
                Filename = fileIndex,
            });
            _functions[(nameIndex, fileIndex)] = id;
        }

        return id;
    }

    /// <summary>Returns the id of a location in function <paramref name="functionId"/> at source <paramref name="line"/> (0 when unknown), adding it if new.</summary>
    /// <param name="functionId">An id returned by <see cref="Function"/>.</param>
    /// <param name="line">Source line, or 0 when unknown.</param>
    /// <param name="mappingId">An id returned by <see cref="Mapping"/>, or 0 for none.</param>
    public ulong Location(ulong functionId, long line = 0, ulong mappingId = 0)
    {
        if (!_locations.TryGetValue((functionId, line), out ulong id))
        {
            id = (ulong)_profile.Location.Count + 1;
            var location = new Location { Id = id, MappingId = mappingId };
            location.Line.Add(new Line { FunctionId = functionId, Line_ = line });
            _profile.Location.Add(location);
            _locations[(functionId, line)] = id;
        }

        return id;
    }

    /// <summary>A string label, e.g. <c>type = System.String</c>.</summary>
    public Label Label(string key, string value) => new() { Key = Intern(key), Str = Intern(value) };

    /// <summary>A numeric label, e.g. <c>bytes = 1024</c> with unit <c>bytes</c>.</summary>
    public Label NumericLabel(string key, long value, string unit = "") =>
        new() { Key = Intern(key), Num = value, NumUnit = unit.Length == 0 ? 0 : Intern(unit) };

    /// <summary>Adds a sample: its stack (leaf first), one value per sample type, and labels.</summary>
    /// <exception cref="ArgumentException">The number of values differs from the number of sample types.</exception>
    public void AddSample(ReadOnlySpan<ulong> locationIds, ReadOnlySpan<long> values, ReadOnlySpan<Label> labels = default)
    {
        if (values.Length != ValueCount)
        {
            throw new ArgumentException($"Expected {ValueCount} values per sample, got {values.Length}.", nameof(values));
        }

        var sample = new Sample();
        foreach (ulong id in locationIds)
        {
            sample.LocationId.Add(id);
        }

        foreach (long v in values)
        {
            sample.Value.Add(v);
        }

        foreach (Label l in labels)
        {
            sample.Label.Add(l);
        }

        _profile.Sample.Add(sample);
    }

    /// <summary>Sets what one sample stands for, e.g. <c>space/bytes</c> every 102,400.</summary>
    public ProfileBuilder Period(string type, string unit, long period)
    {
        _profile.PeriodType = new ValueType { Type = Intern(type), Unit = Intern(unit) };
        _profile.Period = period;
        return this;
    }

    /// <summary>Names the sample type viewers show first.</summary>
    public ProfileBuilder DefaultSampleType(string type)
    {
        _profile.DefaultSampleType = Intern(type);
        return this;
    }

    /// <summary>Adds a free-text comment, shown by <c>go tool pprof</c> and <c>heapwise top</c>.</summary>
    public ProfileBuilder Comment(string text)
    {
        _profile.Comment.Add(Intern(text));
        return this;
    }

    /// <summary>Sets when collection started and how long it lasted.</summary>
    public ProfileBuilder Time(DateTimeOffset start, TimeSpan duration)
    {
        _profile.TimeNanos = (start - DateTimeOffset.UnixEpoch).Ticks * 100;
        _profile.DurationNanos = duration.Ticks * 100;
        return this;
    }

    /// <summary>Returns the profile built so far. The builder must not be used afterwards.</summary>
    public Profile Build() => _profile;
}
