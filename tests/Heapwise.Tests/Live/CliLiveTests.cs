using System.Globalization;
using Heapwise.Cli.Commands;
using Heapwise.Profiles;
using Heapwise.Tests.Analysis;
using Heapwise.Tests.Cli;
using Heapwise.Tests.Collection;
using Heapwise.Tests.Infrastructure;

namespace Heapwise.Tests.Live;

/// <summary>
/// <c>run --live</c> and <c>record --live</c> end to end: the in-use profile is written next to the allocation profile,
/// and <c>heapwise top</c> reads it exactly as the real <c>go tool pprof -top</c> does, for in-use and allocated space.
/// </summary>
public sealed class CliLiveTests : IDisposable
{
    private readonly TemporaryDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Run_live_writes_the_in_use_profile_next_to_the_allocations_and_top_reads_it_as_go_tool_pprof_does()
    {
        string output = Path.Combine(_folder.Path, "app.pb.gz");
        string live = Path.Combine(_folder.Path, "app.inuse.pb.gz");

        var result = await CliRun.InvokeAsync(["run", "--live", "-o", output, "--", TestTarget.DotnetHost,
            .. TestTarget.Arguments("live", Path.Combine(_folder.Path, "kept.txt"), "40")]);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains($"heapwise: wrote {live} (in use at the last GC", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("heapwise: note: In use: the sampled objects alive at the end of the last of", result.Stderr, StringComparison.Ordinal);
        var profile = PprofReader.ReadFile(live);
        Assert.Equal(["alloc_objects", "alloc_space", "inuse_objects", "inuse_space"], profile.SampleType.Select(t => profile.Str(t.Type)));
        Assert.True(profile.BytesUnder("Heapwise.TestTarget.LiveWorkload.KeepAll", "inuse_space") > 0);
        Assert.Equal(0, profile.BytesUnder("Heapwise.TestTarget.LiveWorkload.KeepNone", "inuse_space"));
        Assert.NotNull(PprofReader.ReadFile(output));

        foreach (string? sampleIndex in (string?[])[null, "alloc_space", "inuse_objects"])
        {
            string[] expected = GoPprof.Top(live, sampleIndex, nodeCount: 8);
            string[] arguments = sampleIndex is null ? ["top", "-n", "8", live] : ["top", "--sample_index=" + sampleIndex, "-n", "8", live];
            var top = await CliRun.InvokeAsync(arguments);
            Assert.Equal(0, top.ExitCode);
            Assert.Equal(expected, GoPprof.Lines(top.Stdout));
        }
    }

    [Fact]
    public async Task Record_live_writes_the_in_use_profile_of_a_running_process()
    {
        using var target = TestTarget.StartLoop();
        string output = Path.Combine(_folder.Path, "attached.pb.gz");

        var result = await CliRun.InvokeAsync("record", "--live", "--pid", target.Id.ToString(CultureInfo.InvariantCulture), "--duration", "2s", "-o", output);

        Assert.True(result.ExitCode == 0, result.Stderr);
        var profile = PprofReader.ReadFile(Path.Combine(_folder.Path, "attached.inuse.pb.gz"));
        Assert.Equal("inuse_space", profile.Str(profile.DefaultSampleType));
        Assert.NotEmpty(profile.Sample);
    }

    [Fact]
    public async Task Without_live_no_in_use_profile_is_written()
    {
        string output = Path.Combine(_folder.Path, "plain.pb.gz");

        var result = await CliRun.InvokeAsync(["run", "-o", output, "--", TestTarget.DotnetHost, .. TestTarget.Arguments("exit", "0")]);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.False(File.Exists(Path.Combine(_folder.Path, "plain.inuse.pb.gz")));
        Assert.DoesNotContain("In use", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("allocs.pb.gz", "allocs.inuse.pb.gz")]
    [InlineData("out/app.pprof", "out/app.inuse.pb.gz")]
    [InlineData("profile.pb", "profile.inuse.pb.gz")]
    [InlineData("heap", "heap.inuse.pb.gz")]
    public void The_in_use_file_is_the_stem_plus_inuse_pb_gz(string output, string expected)
    {
        Assert.Equal(expected, RecordingCommandParts.LiveOutput(output));
    }
}
