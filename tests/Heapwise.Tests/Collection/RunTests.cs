using Heapwise.Collection;

namespace Heapwise.Tests.Collection;

/// <summary><see cref="AllocationRecorder.RunAsync"/> on Heapwise.TestTarget, a real .NET program started suspended.</summary>
[Collection(EventPipeTests.Name)]
public sealed class RunTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_exit_code_passes_through()
    {
        var launched = await AllocationRecorder.RunAsync(TestTarget.DotnetHost, TestTarget.Arguments("exit", "3"), RecordingOptions.Default, Token);

        Assert.Equal(3, launched.ExitCode);
        Assert.NotNull(launched.Recording.Profile.RoundTrip());
        Assert.Contains(launched.Recording.Notes, n => n.Contains("Heapwise", StringComparison.Ordinal) && n.Contains("exit 3", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Programs_the_target_starts_are_not_left_waiting_for_the_recorder()
    {
        // The grandchild inherits DOTNET_DiagnosticPorts unless the recorder clears it in the child before resuming;
        // then it would wait, suspended, for a connection nobody accepts, and the target would report 99.
        var launched = await AllocationRecorder.RunAsync(TestTarget.DotnetHost, TestTarget.Arguments("spawn", "5"), RecordingOptions.Default, Token);

        Assert.Equal(5, launched.ExitCode);
    }

    [Fact]
    public async Task A_dll_is_run_with_the_dotnet_host()
    {
        var launched = await AllocationRecorder.RunAsync(TestTarget.AssemblyPath, ["exit", "4"], RecordingOptions.Default, Token);

        Assert.Equal(4, launched.ExitCode);
    }

    [Fact]
    public async Task Frames_name_the_target_methods_with_file_and_line()
    {
        var launched = await AllocationRecorder.RunAsync(TestTarget.DotnetHost, TestTarget.Arguments("accuracy", "", "32"), RecordingOptions.Default, Token);
        var profile = launched.Recording.Profile.RoundTrip();

        var function = profile.Function.Single(f => profile.Str(f.Name) == "Heapwise.TestTarget.AccuracyWorkload.AllocateMidArrays");
        string file = profile.Str(function.Filename);
        Assert.EndsWith("AccuracyWorkload.cs", file, StringComparison.Ordinal);
        int expectedLine = Array.FindIndex(File.ReadAllLines(file), l => l.Contains("new byte[MidArrayLength]", StringComparison.Ordinal)) + 1;
        var lines = profile.Location.Where(l => l.Line[0].FunctionId == function.Id).Select(l => l.Line[0].Line_).ToList();
        Assert.Contains(expectedLine, lines);

        var location = profile.Location.First(l => l.Line[0].FunctionId == function.Id);
        Assert.EndsWith("Heapwise.TestTarget.dll", profile.Str(profile.Mapping.Single(m => m.Id == location.MappingId).Filename), StringComparison.Ordinal);

        // Framework code (ReadyToRun, no PDB here) is named by the rundown, without lines.
        Assert.Contains(profile.Function, f => profile.Str(f.Name) == "System.String.Ctor");
    }

    [Fact]
    public async Task Samples_carry_readable_type_kind_and_size_labels()
    {
        var launched = await AllocationRecorder.RunAsync(TestTarget.DotnetHost, TestTarget.Arguments("accuracy", "", "32"), RecordingOptions.Default, Token);
        var profile = launched.Recording.Profile;

        Assert.Equal("alloc_space", profile.Str(profile.DefaultSampleType));
        Assert.Equal(["alloc_objects/count", "alloc_space/bytes"], profile.SampleType.Select(t => $"{profile.Str(t.Type)}/{profile.Str(t.Unit)}"));
        Assert.Equal(102_400, profile.Period);
        Assert.Equal("space/bytes", $"{profile.Str(profile.PeriodType.Type)}/{profile.Str(profile.PeriodType.Unit)}");
        var large = profile.Sample.Single(s => profile.Frames(s).Any(f => profile.Str(f.Name).EndsWith("AllocateLargeArrays", StringComparison.Ordinal)));
        Assert.Equal("System.Byte[]", profile.Label(large, "type"));
        Assert.Equal("large", profile.Label(large, "kind"));
        Assert.Equal(100_024, large.Label.Single(l => profile.Str(l.Key) == "bytes").Num);
        var mid = profile.Sample.Single(s => profile.Frames(s).Any(f => profile.Str(f.Name).EndsWith("AllocateMidArrays", StringComparison.Ordinal)));
        Assert.Equal("small", profile.Label(mid, "kind"));

        // Raw counts are re-derivable: the samples labels add up to the event count.
        long samples = profile.Sample.Sum(s => s.Label.Single(l => profile.Str(l.Key) == "samples").Num);
        Assert.Equal(launched.Recording.SampleCount, samples);
    }

    [Fact]
    public async Task Compiler_generated_frames_read_as_the_source()
    {
        var launched = await AllocationRecorder.RunAsync(TestTarget.DotnetHost, TestTarget.Arguments("shapes"), RecordingOptions.Default, Token);
        var profile = launched.Recording.Profile;
        var names = profile.Function.Select(f => profile.Str(f.Name)).ToHashSet();
        var types = profile.Sample.Select(s => profile.Label(s, "type")).ToHashSet();
        var (resolved, withLines, frames) = profile.FrameResolution();
        TestContext.Current.TestOutputHelper?.WriteLine($"shapes: {frames} frames, {resolved:P1} resolved, {withLines:P1} with lines");
        Assert.True(resolved > 0.95, $"only {resolved:P1} of {frames} frames resolved");

        Assert.Equal(0, launched.ExitCode);
        Assert.Contains("Heapwise.TestTarget.ShapesWorkload.AllocateAsync", names);
        Assert.Contains("Heapwise.TestTarget.ShapesWorkload.RunAsync.lambda1", names);
        Assert.Contains("Heapwise.TestTarget.ShapesWorkload.AllocateInLocalFunction.Fill", names);
        Assert.Contains("Heapwise.TestTarget.ShapesWorkload.Bag<T>.Fill", names);
        Assert.Contains("System.Collections.Generic.Dictionary<System.String, System.Int32>", types);
        Assert.DoesNotContain(names, n => n.Contains('`', StringComparison.Ordinal) || n.Contains("__Canon", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Duration_ends_the_recording_and_the_program()
    {
        var options = new RecordingOptions { Duration = TimeSpan.FromSeconds(2) };
        var launched = await AllocationRecorder.RunAsync(TestTarget.DotnetHost, TestTarget.Arguments("loop", "forever"), options, Token);

        Assert.InRange(launched.Recording.Duration, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(30));
        Assert.True(launched.Recording.SampleCount > 0);
        Assert.NotEqual(0, launched.ExitCode); // ended by Heapwise
    }

    [Fact]
    public async Task Cancellation_still_returns_a_valid_profile()
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Token);
        cancel.CancelAfter(TimeSpan.FromSeconds(2));
        var launched = await AllocationRecorder.RunAsync(TestTarget.DotnetHost, TestTarget.Arguments("loop", "forever"), RecordingOptions.Default, cancel.Token);

        var profile = launched.Recording.Profile.RoundTrip();
        Assert.True(launched.Recording.SampleCount > 0);
        Assert.Contains(profile.Function, f => profile.Str(f.Name) == "Heapwise.TestTarget.LoopWorkload.AllocateInLoop");
    }

    [Fact]
    public async Task Progress_is_reported_while_recording()
    {
        var reports = new List<RecordingProgress>();
        var options = new RecordingOptions { Progress = new SynchronousProgress(reports) };
        var launched = await AllocationRecorder.RunAsync(TestTarget.DotnetHost, TestTarget.Arguments("accuracy", "", "64"), options, Token);

        lock (reports)
        {
            Assert.NotEmpty(reports);
            Assert.Equal(launched.Recording.SampleCount, reports[^1].Samples);
            Assert.True(reports[^1].EstimatedBytes > 200_000_000);
        }
    }

    [Fact]
    public async Task A_missing_command_is_a_clear_error()
    {
        var e = await Assert.ThrowsAsync<HeapwiseException>(() =>
            AllocationRecorder.RunAsync("heapwise-no-such-command", [], RecordingOptions.Default, Token));

        Assert.Contains("'heapwise-no-such-command' could not be started", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_program_that_is_not_dotnet_is_a_clear_error()
    {
        var e = await Assert.ThrowsAsync<HeapwiseException>(() =>
            AllocationRecorder.RunAsync("true", [], RecordingOptions.Default, Token));

        Assert.Contains("before a .NET runtime connected", e.Message, StringComparison.Ordinal);
    }

    private sealed class SynchronousProgress(List<RecordingProgress> reports) : IProgress<RecordingProgress>
    {
        public void Report(RecordingProgress value)
        {
            lock (reports)
            {
                reports.Add(value);
            }
        }
    }
}
