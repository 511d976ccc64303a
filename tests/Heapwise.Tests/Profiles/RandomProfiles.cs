using Heapwise.Profiles;

namespace Heapwise.Tests.Profiles;

/// <summary>Valid profiles with every field of profile.proto set to random values, for codec tests.</summary>
internal static class RandomProfiles
{
    public static Profile Create(int seed)
    {
        var random = new Random(seed);
        var p = new Profile();
        p.StringTable.Add(string.Empty);
        int stringCount = random.Next(1, 40);
        for (int i = 0; i < stringCount; i++)
        {
            p.StringTable.Add(RandomString(random));
        }

        long S() => random.Next(p.StringTable.Count);

        int types = random.Next(1, 5);
        for (int i = 0; i < types; i++)
        {
            p.SampleType.Add(new Heapwise.Profiles.ValueType { Type = S(), Unit = S() });
        }

        // Ids are sparse and unordered on purpose: the format allows any non-zero unique id.
        var mappingIds = Ids(random, random.Next(0, 4));
        foreach (ulong id in mappingIds)
        {
            p.Mapping.Add(new Mapping
            {
                Id = id, MemoryStart = (ulong)random.NextInt64(), MemoryLimit = (ulong)random.NextInt64(),
                FileOffset = (ulong)random.Next(), Filename = S(), BuildId = S(),
                HasFunctions = random.Next(2) == 1, HasFilenames = random.Next(2) == 1,
                HasLineNumbers = random.Next(2) == 1, HasInlineFrames = random.Next(2) == 1,
            });
        }

        var functionIds = Ids(random, random.Next(1, 30));
        foreach (ulong id in functionIds)
        {
            p.Function.Add(new Function { Id = id, Name = S(), SystemName = S(), Filename = S(), StartLine = random.Next(-5, 5000) });
        }

        var locationIds = Ids(random, random.Next(1, 40));
        foreach (ulong id in locationIds)
        {
            var l = new Location
            {
                Id = id, Address = (ulong)random.NextInt64(), IsFolded = random.Next(4) == 0,
                MappingId = mappingIds.Count > 0 && random.Next(3) > 0 ? mappingIds[random.Next(mappingIds.Count)] : 0,
            };
            int lines = random.Next(0, 4);
            for (int i = 0; i < lines; i++)
            {
                l.Line.Add(new Line { FunctionId = functionIds[random.Next(functionIds.Count)], Line_ = random.Next(0, 10000), Column = random.Next(0, 120) });
            }

            p.Location.Add(l);
        }

        int samples = random.Next(0, 60);
        for (int i = 0; i < samples; i++)
        {
            var s = new Sample();
            int depth = random.Next(0, 12);
            for (int d = 0; d < depth; d++)
            {
                s.LocationId.Add(locationIds[random.Next(locationIds.Count)]);
            }

            for (int v = 0; v < types; v++)
            {
                s.Value.Add(random.Next(3) == 0 ? random.NextInt64(long.MinValue, long.MaxValue) : random.Next(-10, 1_000_000));
            }

            int labels = random.Next(0, 3);
            for (int k = 0; k < labels; k++)
            {
                s.Label.Add(random.Next(2) == 0
                    ? new Label { Key = S(), Str = S() }
                    : new Label { Key = S(), Num = random.NextInt64(), NumUnit = S() });
            }

            p.Sample.Add(s);
        }

        p.DropFrames = S();
        p.KeepFrames = S();
        p.TimeNanos = random.NextInt64();
        p.DurationNanos = random.NextInt64();
        if (random.Next(2) == 0)
        {
            p.PeriodType = new Heapwise.Profiles.ValueType { Type = S(), Unit = S() };
        }

        p.Period = random.NextInt64();
        for (int i = random.Next(0, 3); i > 0; i--)
        {
            p.Comment.Add(S());
        }

        p.DefaultSampleType = S();
        p.DocUrl = S();
        return p;
    }

    private static List<ulong> Ids(Random random, int count)
    {
        var ids = new HashSet<ulong>();
        while (ids.Count < count)
        {
            ids.Add((ulong)random.NextInt64(1, random.Next(2) == 0 ? 1000 : long.MaxValue));
        }

        return [.. ids];
    }

    private static string RandomString(Random random)
    {
        string[] pieces = ["System.String", "alloc_space", "bytes", "MyApp.Cache<T>.Add", "/src/app/Cache.cs", "ü€😀", "a\u0000b", " ", "Dictionary<string, int[]>"];
        return random.Next(3) == 0
            ? new string((char)random.Next(32, 0xD7FF), random.Next(0, 8))
            : pieces[random.Next(pieces.Length)] + random.Next(1000).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
