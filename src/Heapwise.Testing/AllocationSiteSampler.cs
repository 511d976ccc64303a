using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Heapwise.Analysis;
using Heapwise.Collection;
using Heapwise.Profiles;

namespace Heapwise.Testing;

/// <summary>
/// Explains a failed allocation assertion: repeats the operation under the in-process <see cref="AllocationProfiler"/>
/// until enough allocations were sampled, then names the top sites with the core reports (<see cref="TopReport"/> by
/// type, then by source line within each type).
/// </summary>
/// <remarks>
/// The runtime samples about one allocation per 100 KiB, so an operation that allocates 100 bytes must run about
/// 1,000 times per sample: the budget is <see cref="AllocationAssertOptions.TargetSamples"/> × 100 KiB of allocations
/// or <see cref="AllocationAssertOptions.MaxSamplingTime"/>, whichever comes first. Synchronous operations are repeated
/// in <see cref="Repeat"/>, and only samples with that frame on their stack count (pprof's <c>-focus</c>), which leaves
/// out every other thread of the process, tests running in parallel included. Asynchronous operations continue on
/// other threads, so their explanation counts every thread of the process during the runs, and says so.
/// </remarks>
internal static partial class AllocationSiteSampler
{
    private const string RepeatFrame = @"^Heapwise\.Testing\.AllocationSiteSampler\.Repeat$";

    /// <summary>Repeats <paramref name="action"/> under the profiler and names its allocation sites.</summary>
    public static AllocationExplanation Explain(Action action, AllocationAssertOptions options)
    {
        long target = TargetBytes(options);
        return Record(options, focus: RepeatFrame, note: null, run: () => Repeat(action, target, options.MaxSamplingTime));
    }

    /// <summary>Repeats <paramref name="operation"/> under the profiler and names the allocation sites of the whole process meanwhile.</summary>
    public static async Task<AllocationExplanation> ExplainAsync(Func<Task> operation, AllocationAssertOptions options)
    {
        long target = TargetBytes(options);
        var counter = new FlowAllocationCounter();
        int runs = 0;
        if (TryStart(out var unavailable) is not { } profiler)
        {
            return unavailable!;
        }

        using (profiler)
        {
            var clock = Stopwatch.StartNew();
            do
            {
                await counter.Start(operation).ConfigureAwait(false);
                runs++;
            }
            while (counter.Bytes < target && clock.Elapsed < options.MaxSamplingTime);

            counter.WaitUntilNoThreadInside(TimeSpan.FromSeconds(1));
            var recording = await Task.Run(profiler.Stop).ConfigureAwait(false);
            return Build(recording, options, focus: null, runs, counter.Bytes,
                "asynchronous: the sites include what every thread of the process allocated during the runs.");
        }
    }

    private static long TargetBytes(AllocationAssertOptions options) => options.TargetSamples * AllocationSampleScaler.SamplingDistance;

    private static AllocationExplanation Record(AllocationAssertOptions options, string focus, string? note, Func<(int Runs, long Bytes)> run)
    {
        if (TryStart(out var unavailable) is not { } profiler)
        {
            return unavailable!;
        }

        using (profiler)
        {
            (int Runs, long Bytes) repeated;
            try
            {
                repeated = run();
            }
#pragma warning disable CA1031 // The assertion has already failed: a throwing repeat must not replace that failure.
            catch (Exception e)
#pragma warning restore CA1031
            {
                profiler.Stop();
                return new AllocationExplanation(null, [], 0, 0, 0,
                    $"running the code again to sample its allocations threw {e.GetType().Name}: {e.Message}; set {nameof(AllocationAssertOptions.ExplainFailures)} to false for code that cannot run twice.");
            }

            return Build(profiler.Stop(), options, focus, repeated.Runs, repeated.Bytes, note);
        }
    }

    // The profiler, or null and the explanation that says why it could not start.
    private static AllocationProfiler? TryStart(out AllocationExplanation? unavailable)
    {
        try
        {
            unavailable = null;
            return AllocationProfiler.Start();
        }
        catch (HeapwiseException e)
        {
            unavailable = new(null, [], 0, 0, 0, $"the allocation profiler could not start, so no sites are shown: {e.Message}");
            return null;
        }
    }

    // Its name is the focus of the explanation's reports: keep it, and keep it out of line. Not optimized, so dynamic
    // PGO cannot inline the delegate's target here and take its frame (the site the report must name) off the stack.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.NoOptimization)]
    private static (int Runs, long Bytes) Repeat(Action action, long targetBytes, TimeSpan maxTime)
    {
        var clock = Stopwatch.StartNew();
        long start = GC.GetAllocatedBytesForCurrentThread();
        long allocated;
        int runs = 0;
        do
        {
            action();
            runs++;
            allocated = GC.GetAllocatedBytesForCurrentThread() - start;
        }
        while (allocated < targetBytes && clock.Elapsed < maxTime && runs < int.MaxValue);

        return (runs, allocated);
    }

    private static AllocationExplanation Build(AllocationRecording recording, AllocationAssertOptions options, string? focus, int runs, long bytes, string? note)
    {
        var profile = recording.Profile;
        var filter = new SampleFilterOptions { Focus = focus };
        var byType = profile.Sample.Count == 0 ? null
            : TopReport.Compute(profile, new TopOptions { SampleIndex = "alloc_space", By = "type", Filter = filter, NodeFraction = 0 });
        if (byType is null || byType.Rows.Count == 0)
        {
            string why = recording.SampleCount == 0
                ? $"no allocation was sampled in {runs:N0} run(s) that allocated {bytes:N0} bytes: the runtime samples about one allocation per 100 KiB, so small amounts are often missed; raise {nameof(AllocationAssertOptions.MaxSamplingTime)} to repeat the code longer."
                : $"{recording.SampleCount:N0} allocation(s) were sampled, but none on the thread that ran the code{(focus is null ? string.Empty : " (other threads are left out)")}: the code allocated too little in {runs:N0} run(s) ({bytes:N0} bytes) to be sampled; raise {nameof(AllocationAssertOptions.MaxSamplingTime)}.";
            return new AllocationExplanation(profile, [], runs, bytes, recording.SampleCount, why);
        }

        long sampledTotal = byType.Rows.Sum(r => r.Flat);
        var sites = new List<AllocationSite>();
        foreach (var typeRow in byType.Rows.Take(options.MaxSites))
        {
            var siteFilter = filter with { Hide = options.HideFrames, TagFocus = "type=^" + EscapeTagValue(typeRow.Name) + "$" };
            var bytesBySite = TopReport.Compute(profile, new TopOptions { SampleIndex = "alloc_space", Granularity = Granularity.Lines, Filter = siteFilter, NodeFraction = 0 });
            var objectsBySite = TopReport.Compute(profile, new TopOptions { SampleIndex = "alloc_objects", Granularity = Granularity.Lines, Filter = siteFilter, NodeFraction = 0 });
            var objects = objectsBySite.Rows.ToDictionary(r => r.Name, r => r.Flat, StringComparer.Ordinal);
            foreach (var row in bytesBySite.Rows.Where(r => r.Flat > 0))
            {
                var (function, location) = SplitLocation(row.Name);
                sites.Add(new AllocationSite(typeRow.Name, function, location, (double)row.Flat / runs,
                    (double)objects.GetValueOrDefault(row.Name) / runs, (double)row.Flat / sampledTotal));
            }
        }

        var top = sites.OrderByDescending(s => s.BytesPerRun).ThenBy(s => s.Type, StringComparer.Ordinal).Take(options.MaxSites).ToList();
        return new AllocationExplanation(profile, top, runs, bytes, recording.SampleCount, note);
    }

    // Tag filters split their patterns at commas, and generic type names contain them.
    private static string EscapeTagValue(string value) => Regex.Escape(value).Replace(",", @"\x2C", StringComparison.Ordinal);

    // At line granularity a row is "Function /path/File.cs:42"; without a source location it is the function alone.
    private static (string Function, string? Location) SplitLocation(string name)
    {
        int space = name.LastIndexOf(' ');
        if (space > 0 && LocationPattern().IsMatch(name.AsSpan(space + 1)))
        {
            return (name[..space], name[(space + 1)..]);
        }

        return (name, null);
    }

    [GeneratedRegex(@":\d+$")]
    private static partial Regex LocationPattern();
}
