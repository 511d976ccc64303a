using Heapwise.Tests.Analysis;
using Heapwise.Tests.Cli;
using Heapwise.Tests.Collection;
using Heapwise.Tests.Infrastructure;

namespace Heapwise.Tests.Heap;

/// <summary><c>heapwise heap</c> end to end on a real process: snapshot, report, path, and a leak at the top of diff.</summary>
[Collection(EventPipeTests.Name)]
public sealed class HeapCliTests(HeapShapesTarget target) : IClassFixture<HeapShapesTarget>
{
    private const string Ns = "Heapwise.TestTarget.";

    [Fact]
    public async Task Snapshot_report_path_and_a_growing_leak_at_the_top_of_diff()
    {
        using var folder = new TemporaryDirectory();
        string before = Path.Combine(folder.Path, "before.pb.gz");
        string after = Path.Combine(folder.Path, "after.pb.gz");

        var first = await CliRun.InvokeAsync("heap", "--pid", target.Target.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "-o", before);
        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.True(File.Exists(before));
        Assert.True(File.Exists(Path.Combine(folder.Path, "before.hwheap")));
        Assert.Contains(first.StderrLines, l => l.StartsWith("heapwise: wrote", StringComparison.Ordinal));
        Assert.Contains(Ns + "StaticHeld", first.Stdout, StringComparison.Ordinal);

        await target.GrowLeakAsync();
        var second = await CliRun.InvokeAsync("heap", "-p", target.Target.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "-o", after);
        Assert.True(second.ExitCode == 0, second.Stderr);

        var report = await CliRun.InvokeAsync("heap", "report", Path.Combine(folder.Path, "before.hwheap"));
        Assert.Equal(0, report.ExitCode);
        Assert.Contains("Largest retainers (dominator tree)", report.Stdout, StringComparison.Ordinal);
        Assert.Contains(report.Stdout.Split('\n'), l => l.Contains("1,000", StringComparison.Ordinal) && l.Contains("24,000", StringComparison.Ordinal) && l.EndsWith(Ns + "StaticHeld", StringComparison.Ordinal));

        var path = await CliRun.InvokeAsync("heap", "path", Path.Combine(folder.Path, "before.hwheap"), "--type", Ns + "HandleHeld");
        Assert.Equal(0, path.ExitCode);
        Assert.Contains("[strong handle]", path.Stdout, StringComparison.Ordinal);

        string diffProfile = Path.Combine(folder.Path, "diff.pb.gz");
        var diff = await CliRun.InvokeAsync("heap", "diff", Path.Combine(folder.Path, "before.hwheap"), Path.Combine(folder.Path, "after.hwheap"), "-o", diffProfile);
        Assert.True(diff.ExitCode == 0, diff.Stderr);
        var lines = diff.Stdout.Split('\n', StringSplitOptions.TrimEntries);
        string topType = lines[Array.IndexOf(lines, "Types that grew") + 2];
        Assert.EndsWith(Ns + "Leaked", topType, StringComparison.Ordinal);
        string[] cells = topType.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal($"+{HeapShapesTarget.LeakStep * HeapShapesTarget.SmallObjectBytes:N0}", cells[0]);
        Assert.Equal($"+{HeapShapesTarget.LeakStep:N0}", cells[1]);
        string topPath = lines[Array.IndexOf(lines, "Reference paths that grew (root first)") + 2];
        Assert.EndsWith($"[static] Leak → System.Collections.Generic.List<{Ns}Leaked> → {Ns}Leaked[] → {Ns}Leaked", topPath, StringComparison.Ordinal);

        // The diff profile: pprof ranks the leak first by objects gained.
        string[] top = GoPprof.Run(diffProfile, "-top", "-sample_index=inuse_objects");
        string firstRow = top.SkipWhile(l => !l.TrimStart().StartsWith("flat", StringComparison.Ordinal)).Skip(1).First();
        Assert.EndsWith(Ns + "Leaked", firstRow, StringComparison.Ordinal);
        Assert.StartsWith($"{HeapShapesTarget.LeakStep} ", firstRow.TrimStart(), StringComparison.Ordinal);
    }
}
