using System.Globalization;
using Heapwise.Heap;
using Heapwise.Profiles;
using Heapwise.Tests.Cli;
using Heapwise.Tests.Collection;
using Heapwise.Tests.Infrastructure;

namespace Heapwise.Tests.Monitoring;

/// <summary><c>heapwise monitor</c> on a real leaking process: counters read over EventPipe, rules firing, evidence captured.</summary>
public sealed class MonitorCommandTests : IDisposable
{
    private readonly TemporaryDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_leaking_process_fires_the_leak_and_heap_rules_and_an_allocation_profile_and_a_heap_snapshot_are_captured()
    {
        using var target = TestTarget.Start("leak");
        string captures = Path.Combine(_folder.Path, "captures");

        var result = await CliRun.InvokeAsync("monitor", "--pid", target.Id.ToString(CultureInfo.InvariantCulture),
            "--duration", "12s", "--max-heap", "30MB", "--leak-window", "1m", "--capture-dir", captures, "--capture-duration", "2s");

        Assert.True(result.ExitCode == 0, result.Stderr);
        TestContext.Current.TestOutputHelper?.WriteLine(result.Stdout);
        Assert.Contains(result.Stdout.Split('\n'), l => l.Contains("FIRING heap-size: heap ", StringComparison.Ordinal));
        Assert.Contains(result.Stdout.Split('\n'), l => l.Contains("FIRING leak: heap after full collections rose at each of the last", StringComparison.Ordinal));
        Assert.Contains(result.Stdout.Split('\n'), l => l.Contains("  heap ", StringComparison.Ordinal) && l.Contains(" alloc ", StringComparison.Ordinal));

        string[] files = Directory.GetFiles(captures);
        Assert.Contains(files, f => f.EndsWith("-heap-size.allocs.pb.gz", StringComparison.Ordinal));
        string leak = Assert.Single(files, f => f.EndsWith("-leak.allocs.pb.gz", StringComparison.Ordinal));
        var profile = PprofReader.ReadFile(leak);
        Assert.Contains(profile.Function, f => profile.StringTable[(int)f.Name] == "Heapwise.TestTarget.LeakWorkload.Leak");

        // Then a heap snapshot: its pprof profile and the .hwheap file, both showing the static list that leaks.
        string heap = Assert.Single(files, f => f.EndsWith("-leak.heap.pb.gz", StringComparison.Ordinal));
        string snapshot = Assert.Single(files, f => f.EndsWith("-leak.hwheap", StringComparison.Ordinal));
        var heapProfile = PprofReader.ReadFile(heap);
        Assert.Contains(heapProfile.SampleType, t => heapProfile.StringTable[(int)t.Type] == "inuse_space");
        Assert.Contains(heapProfile.Function, f => heapProfile.StringTable[(int)f.Name] == "[static] Retained");
        Assert.NotEmpty(HeapSnapshotFile.Read(snapshot).FindTypes("System.Byte[]"));
    }

    [Fact]
    public async Task Monitoring_a_missing_process_is_one_line_and_exit_3()
    {
        var result = await CliRun.InvokeAsync("monitor", "--pid", "3999999", "--duration", "2s");

        Assert.Equal(3, result.ExitCode);
        Assert.StartsWith("heapwise: Process 3999999 was not found", Assert.Single(result.StderrLines), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--max-heap", "lots", "--max-heap must be a size such as 512MB, 2GB or 64KB, not 'lots'.")]
    [InlineData("--max-gc-pause", "150%", "--max-gc-pause must be a percentage such as 10% (or a fraction such as 0.1), not '150%'.")]
    [InlineData("--interval", "0s", "--interval must be a duration such as 30s, 5m or 1h, not '0s'.")]
    public async Task Bad_thresholds_are_one_line_and_exit_1(string option, string value, string message)
    {
        var result = await CliRun.InvokeAsync("monitor", "--pid", "1", option, value);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal([message, "Run 'heapwise monitor --help' for usage and examples."], result.StderrLines);
    }
}
