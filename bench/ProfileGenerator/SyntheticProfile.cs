using Heapwise.Profiles;

namespace Heapwise.Bench.ProfileGenerator;

/// <summary>
/// Generates an allocation profile shaped like one Heapwise collects: sample types
/// <c>alloc_objects/count</c> and <c>alloc_space/bytes</c>, period <c>space/bytes</c> 102,400, a
/// <c>type</c> label per sample, and values up-scaled from the sampling probability of the object size.
/// </summary>
internal static class SyntheticProfile
{
    private const double SamplingRate = 1.0 / 102_400;

    /// <summary>Builds the profile <paramref name="options"/> describe. The same options give the same profile.</summary>
    public static Profile Generate(GeneratorOptions options)
    {
        options.Validate();
        var random = new SkewedRandom(options.Seed);
        var builder = new ProfileBuilder(("alloc_objects", "count"), ("alloc_space", "bytes"))
            .Period("space", "bytes", 102_400)
            .DefaultSampleType("alloc_space")
            .Comment($"synthetic profile: Heapwise.ProfileGenerator --samples {options.Samples} --functions {options.Functions} " +
                $"--locations {options.Locations} --min-depth {options.MinDepth} --max-depth {options.MaxDepth} --types {options.Types} --seed {options.Seed}")
            .Time(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).AddDays(options.Seed % 365), TimeSpan.FromMinutes(1));
        var codebase = new SyntheticCodebase(options, builder, random);
        var types = new SyntheticTypes(options, builder, random);

        ulong[] stack = new ulong[options.MaxDepth];
        Span<long> values = stackalloc long[2];
        for (int i = 0; i < options.Samples; i++)
        {
            int depth = random.Between(options.MinDepth, options.MaxDepth);
            int allocator = WalkStack(codebase, random, stack.AsSpan(0, depth));
            int type = types.Pick(random, codebase.AllocatorIndex(allocator));
            long size = types.SampleSize(random, type);

            // A sampled object of size s stands for 1/P objects and s/P bytes, P = 1 - (1 - rate)^s;
            // some samples merge a few identical events, as an aggregating collector would.
            double probability = -double.ExpM1(size * double.LogP1(-SamplingRate));
            int events = random.Next() < 0.8 ? 1 : random.Between(2, 5);
            values[0] = (long)Math.Round(events / probability);
            values[1] = (long)Math.Round(events * size / probability);
            builder.AddSample(stack.AsSpan(0, depth), values, [types.Label(type)]);
        }

        return builder.Build();
    }

    /// <summary>Fills <paramref name="stack"/> leaf first and returns the allocating function at the leaf.</summary>
    private static int WalkStack(SyntheticCodebase codebase, SkewedRandom random, Span<ulong> stack)
    {
        int function = SyntheticCodebase.PickRoot(random);
        int frame = stack.Length - 1;
        while (true)
        {
            int site = codebase.PickSite(random, function);
            stack[frame--] = codebase.LocationOf(site);
            if (frame == 0)
            {
                function = codebase.AllocatorOf(site);
                stack[0] = codebase.LocationOf(codebase.PickSite(random, function));
                return function;
            }

            function = codebase.CalleeOf(site);
        }
    }
}
