using System.Globalization;
using Heapwise.Analysis;
using Heapwise.Cli.Rendering;
using Heapwise.Collection;
using Heapwise.Profiles;
using Heapwise.Samples;

namespace Heapwise.Cli.Commands;

/// <summary>
/// Runs demo workloads under the in-process <see cref="AllocationProfiler"/> and prints, for each,
/// its top allocation sites and, for naive/optimized pairs, the bytes and objects saved.
/// </summary>
internal sealed class DemoRunner(CliConsole console, string folder, int topRows)
{
    private readonly TextStyle _style = console.StyleOutput ? TextStyle.Ansi : TextStyle.Plain;
    private bool _notesShown;

    /// <summary>Runs <paramref name="workloads"/> one after the other.</summary>
    public void RunAll(IReadOnlyList<DemoWorkload> workloads)
    {
        var output = console.Out;
        output.WriteLine($"Heapwise demo: {workloads.Count} workload{(workloads.Count == 1 ? "" : "s")}, profiles written to {folder}");
        foreach (var workload in workloads)
        {
            output.WriteLine();
            output.WriteLine(_style.Bold($"== {workload.Name} =="));
            output.WriteLine(workload.Description);
            RunOne(workload);
        }

        output.WriteLine();
        output.WriteLine($"Explore a profile with: heapwise top <file>, or go tool pprof -http=: <file>");
    }

    private void RunOne(DemoWorkload workload)
    {
        // Run each variant once unprofiled first, so JIT compilation and static initialisation
        // (allocations that happen once per process) do not count against the workload.
        console.Error.WriteLine($"heapwise: warming up {workload.Name}...");
        workload.Run();
        workload.Optimized?.Invoke();

        var naive = Measure(workload.Run, workload.Name, "demo-" + workload.Name + ".pb.gz");
        PrintTop("naive", naive);
        if (workload.Optimized is null)
        {
            PrintTotals(naive);
            return;
        }

        var optimized = Measure(workload.Optimized, workload.Name + " (optimized)", "demo-" + workload.Name + "-optimized.pb.gz");
        PrintTop("optimized", optimized);
        PrintComparison(naive, optimized);
    }

    private Measurement Measure(Action run, string label, string fileName)
    {
        console.Error.WriteLine($"heapwise: profiling {label}...");
        AllocationRecording recording;
        long bytes;
        using (var profiler = AllocationProfiler.Start())
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            run();
            bytes = GC.GetAllocatedBytesForCurrentThread() - before;
            recording = profiler.Stop();
        }

        string path = Path.Combine(folder, fileName);
        PprofWriter.WriteFile(recording.Profile, path);

        // The notes say how the profiler sampled; they are the same for every run but the counts.
        if (!_notesShown)
        {
            foreach (string note in recording.Notes)
            {
                console.Error.WriteLine("heapwise: note: " + note);
            }

            _notesShown = true;
        }

        if (recording.DroppedEvents > 0)
        {
            console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"heapwise: note: {recording.DroppedEvents:N0} events were dropped while profiling {label}; its numbers are low."));
        }

        return new Measurement(recording, bytes, EstimatedObjects(recording.Profile), path);
    }

    private void PrintTop(string variant, Measurement m)
    {
        var output = console.Out;
        output.WriteLine();
        if (m.Recording.SampleCount == 0)
        {
            output.WriteLine($"{Capitalize(variant)}: no allocation was sampled ({Bytes(m.Bytes)} allocated; " +
                "the profiler samples about one allocation per 100kB).");
            output.WriteLine(_style.Dim($"Profile: {m.Path}"));
            return;
        }

        string sampleIndex = HasSampleType(m.Recording.Profile, "alloc_space") ? "alloc_space" : string.Empty;
        var report = TopReport.Compute(m.Recording.Profile, new TopOptions { SampleIndex = sampleIndex });

        // Allocation sites only: the callers above them (the demo's own frames) have no flat value,
        // and rows are sorted by flat, so this keeps pprof's order and running sum.
        var sites = report.Rows.Where(r => r.Flat != 0).Take(topRows).ToList();
        output.WriteLine($"{Capitalize(variant)}: top {sites.Count} allocation site{(sites.Count == 1 ? "" : "s")} by {report.SampleType} " +
            $"({m.Recording.SampleCount.ToString("N0", CultureInfo.InvariantCulture)} samples)");
        TopTableWriter.WriteTable(output, report, sites, _style);
        output.WriteLine(_style.Dim($"Profile: {m.Path}"));
    }

    private void PrintTotals(Measurement m)
    {
        var output = console.Out;
        output.WriteLine();
        output.WriteLine($"Allocated on the thread: {Bytes(m.Bytes)}; objects (estimated from the profile): {Objects(m.Objects)}");
    }

    private void PrintComparison(Measurement naive, Measurement optimized)
    {
        var output = console.Out;
        output.WriteLine();
        output.WriteLine(_style.Bold($"{"",-26}{"naive",12}{"optimized",12}{"saving",9}"));
        output.WriteLine($"{"bytes allocated (exact)",-26}{Bytes(naive.Bytes),12}{Bytes(optimized.Bytes),12}{Saving(naive.Bytes, optimized.Bytes)}");
        output.WriteLine($"{"objects (estimated)",-26}{Objects(naive.Objects),12}{Objects(optimized.Objects),12}{Saving(naive.Objects, optimized.Objects)}");
    }

    // The saving column: padded first, then coloured, so escape codes do not upset the alignment.
    private string Saving(long? before, long? after)
    {
        if (before is not > 0 || after is null)
        {
            return "n/a".PadLeft(9);
        }

        double saving = 100.0 * (before.Value - after.Value) / before.Value;
        string text = (saving.ToString("0.0", CultureInfo.InvariantCulture) + "%").PadLeft(9);
        return saving > 0 ? _style.Good(text) : text;
    }

    private static string Bytes(long bytes) => MeasurementFormat.Label(bytes, "bytes");

    private static string Objects(long? objects) =>
        objects is null ? "n/a" : objects.Value.ToString("N0", CultureInfo.InvariantCulture);

    // The profile's object count, when it has one (alloc_objects, or the first type counted in units).
    private static long? EstimatedObjects(Profile profile)
    {
        for (int i = 0; i < profile.SampleType.Count; i++)
        {
            string type = profile.StringTable[(int)profile.SampleType[i].Type];
            if (type == "alloc_objects")
            {
                return SampleTotals.Sum(profile, i.ToString(CultureInfo.InvariantCulture));
            }
        }

        for (int i = 0; i < profile.SampleType.Count; i++)
        {
            if (profile.StringTable[(int)profile.SampleType[i].Unit] == "count")
            {
                return SampleTotals.Sum(profile, i.ToString(CultureInfo.InvariantCulture));
            }
        }

        return null;
    }

    private static bool HasSampleType(Profile profile, string name) =>
        profile.SampleType.Any(t => profile.StringTable[(int)t.Type] == name);

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private sealed record Measurement(AllocationRecording Recording, long Bytes, long? Objects, string Path);
}
