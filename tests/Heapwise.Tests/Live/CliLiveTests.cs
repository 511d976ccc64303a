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
        Assert.Contains("heapwise: note: In use: the sampled objects alive at the end of GC ", result.Stderr, StringComparison.Ordinal);
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
    public async Task Record_live_every_rewrites_the_in_use_profile_while_recording_and_it_grows_with_a_leak()
    {
        // The leak target keeps 2 MB more every 300 ms and runs a full GC each time.
        using var target = TestTarget.Start("leak");
        string output = Path.Combine(_folder.Path, "leak.pb.gz");
        string live = Path.Combine(_folder.Path, "leak.inuse.pb.gz");
        var recording = CliRun.InvokeAsync("record", "--live", "--live-every", "1s", "--pid", target.Id.ToString(CultureInfo.InvariantCulture),
            "--duration", "8s", "-o", output);

        var seen = new List<long>();
        while (!recording.IsCompleted)
        {
            // The file is replaced whole (written aside, then renamed), so it can be read at any time.
            if (File.Exists(live) && PprofReader.ReadFile(live) is var profile
                && profile.Comment.Any(c => profile.Str(c).StartsWith("Taken while recording, ", StringComparison.Ordinal)))
            {
                long leaked = profile.BytesUnder("Heapwise.TestTarget.LeakWorkload.Leak", "inuse_space");
                if (seen.Count == 0 || seen[^1] != leaked)
                {
                    seen.Add(leaked);
                }
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        var result = await recording;
        Assert.True(result.ExitCode == 0, result.Stderr);
        TestContext.Current.TestOutputHelper?.WriteLine("in use at Leak while recording: " + string.Join(", ", seen.Select(b => b.ToString("N0", CultureInfo.InvariantCulture))));
        Assert.True(seen.Count >= 2, $"expected at least two live profiles while recording, saw {seen.Count}");
        Assert.True(seen[^1] > seen[0], "the leak grows between live profiles");

        // At the end the file is the recording's own live profile, with everything the last GC kept.
        var final = PprofReader.ReadFile(live);
        Assert.DoesNotContain(final.Comment, c => final.Str(c).StartsWith("Taken while recording, ", StringComparison.Ordinal));
        Assert.True(final.BytesUnder("Heapwise.TestTarget.LeakWorkload.Leak", "inuse_space") >= seen[^1]);
    }

    [Theory]
    [InlineData("--live-every 2s", "--live-every writes the live heap profile while recording: add --live.")]
    [InlineData("--live --live-every 500ms", "--live-every 500ms is too short")]
    public async Task Live_every_without_live_or_below_a_second_is_refused_in_one_line(string options, string message)
    {
        var result = await CliRun.InvokeAsync(["record", "--pid", "1", "-o", Path.Combine(_folder.Path, "x.pb.gz"), .. options.Split(' ')]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(message, Assert.Single(result.StderrLines), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_folder.Path));
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
