namespace Heapwise.Profiles;

/// <summary>
/// Checks that a profile's cross references hold: string indices within the table, sample values
/// matching the sample types, location/function/mapping ids defined once and resolvable.
/// Readers call it after decoding and writers before encoding, so analysis code can trust the model.
/// </summary>
public static class ProfileValidator
{
    /// <summary>Throws when <paramref name="profile"/> is not internally consistent.</summary>
    /// <exception cref="PprofFormatException">The first inconsistency found, described.</exception>
    public static void Validate(Profile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        int strings = profile.StringTable.Count;
        if (strings == 0)
        {
            throw new PprofFormatException("it has no string table, so it is not a pprof profile (is it the right file?).");
        }

        if (profile.StringTable[0].Length != 0)
        {
            throw new PprofFormatException("string_table[0] must be the empty string.");
        }

        void CheckString(long index, string field)
        {
            if (index < 0 || index >= strings)
            {
                throw new PprofFormatException($"{field} refers to string {index}, but the string table has {strings} entries.");
            }
        }

        if (profile.SampleType.Count == 0 && (profile.Sample.Count > 0 || profile.CompactSamples?.Count > 0))
        {
            throw new PprofFormatException("the profile has samples but no sample_type.");
        }

        foreach (ValueType t in profile.SampleType)
        {
            CheckString(t.Type, "sample_type.type");
            CheckString(t.Unit, "sample_type.unit");
        }

        if (profile.PeriodType is { } period)
        {
            CheckString(period.Type, "period_type.type");
            CheckString(period.Unit, "period_type.unit");
        }

        foreach (long c in profile.Comment)
        {
            CheckString(c, "comment");
        }

        CheckString(profile.DropFrames, "drop_frames");
        CheckString(profile.KeepFrames, "keep_frames");
        CheckString(profile.DefaultSampleType, "default_sample_type");
        CheckString(profile.DocUrl, "doc_url");

        var mappings = new IdSet(profile.Mapping.Count);
        foreach (Mapping m in profile.Mapping)
        {
            if (m.Id == 0 || !mappings.Add(m.Id))
            {
                throw new PprofFormatException($"mapping id {m.Id} is zero or defined twice.");
            }

            CheckString(m.Filename, "mapping.filename");
            CheckString(m.BuildId, "mapping.build_id");
        }

        var functions = new IdSet(profile.Function.Count);
        foreach (Function f in profile.Function)
        {
            if (f.Id == 0 || !functions.Add(f.Id))
            {
                throw new PprofFormatException($"function id {f.Id} is zero or defined twice.");
            }

            CheckString(f.Name, "function.name");
            CheckString(f.SystemName, "function.system_name");
            CheckString(f.Filename, "function.filename");
        }

        var locations = new IdSet(profile.Location.Count);
        foreach (Location l in profile.Location)
        {
            if (l.Id == 0 || !locations.Add(l.Id))
            {
                throw new PprofFormatException($"location id {l.Id} is zero or defined twice.");
            }

            if (l.MappingId != 0 && !mappings.Contains(l.MappingId))
            {
                throw new PprofFormatException($"location {l.Id} refers to mapping {l.MappingId}, which is not defined.");
            }

            foreach (Line line in l.Line)
            {
                if (!functions.Contains(line.FunctionId))
                {
                    throw new PprofFormatException($"location {l.Id} refers to function {line.FunctionId}, which is not defined.");
                }
            }
        }

        if (profile.CompactSamples is { } table)
        {
            ValidateCompact(table, profile.SampleType.Count, locations, strings);
        }

        int valueCount = profile.SampleType.Count;
        for (int i = 0; i < profile.Sample.Count; i++)
        {
            Sample s = profile.Sample[i];
            if (s.Value.Count != valueCount)
            {
                throw new PprofFormatException($"sample {i} has {s.Value.Count} values but the profile has {valueCount} sample types.");
            }

            foreach (ulong id in s.LocationId)
            {
                if (!locations.Contains(id))
                {
                    throw new PprofFormatException($"sample {i} refers to location {id}, which is not defined.");
                }
            }

            foreach (Label label in s.Label)
            {
                CheckString(label.Key, "label.key");
                CheckString(label.Str, "label.str");
                CheckString(label.NumUnit, "label.num_unit");
            }
        }
    }

    private static void ValidateCompact(SampleTable table, int valueCount, IdSet locations, int strings)
    {
        if (table.Count > 0 && table.ValueCount != valueCount)
        {
            throw new PprofFormatException($"samples have {table.ValueCount} values but the profile has {valueCount} sample types.");
        }

        foreach (ulong id in table.DistinctLocationIds())
        {
            if (!locations.Contains(id))
            {
                throw new PprofFormatException($"a sample refers to location {id}, which is not defined.");
            }
        }

        for (int set = 1; set <= table.LabelSetCount; set++)
        {
            var labels = table.Labels(set);
            for (int at = 0; at < labels.Length; at += 4)
            {
                foreach (var (index, field) in new[] { (labels[at], "label.key"), (labels[at + 1], "label.str"), (labels[at + 3], "label.num_unit") })
                {
                    if (index < 0 || index >= strings)
                    {
                        throw new PprofFormatException($"{field} refers to string {index}, but the string table has {strings} entries.");
                    }
                }
            }
        }
    }
}
