using System.Diagnostics;
using Heapwise.Collection;

namespace Heapwise.Tests.Collection;

/// <summary><see cref="AllocationRecorder.RecordAsync(int, RecordingOptions, CancellationToken)"/> on running processes.</summary>
[Collection(EventPipeTests.Name)]
public sealed class AttachTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Records_a_running_process_for_a_duration_and_leaves_it_running()
    {
        using var target = TestTarget.StartLoop();
        var recording = await AllocationRecorder.RecordAsync(target.Id, new RecordingOptions { Duration = TimeSpan.FromSeconds(2) }, Token);
        var profile = recording.Profile.RoundTrip();

        Assert.True(recording.SampleCount > 0);
        Assert.False(recording.IsBiased);
        var (resolved, withLines, frames) = profile.FrameResolution();
        TestContext.Current.TestOutputHelper?.WriteLine($"attach: {frames} frames, {resolved:P1} resolved, {withLines:P1} with lines");
        Assert.True(resolved > 0.95, $"only {resolved:P1} of {frames} frames resolved");
        Assert.InRange(recording.Duration, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(30));

        // AllocateInLoop was compiled before the session started: the rundown at the end names it, with its line.
        var function = profile.Function.Single(f => profile.Str(f.Name) == "Heapwise.TestTarget.LoopWorkload.AllocateInLoop");
        Assert.EndsWith("LoopWorkload.cs", profile.Str(function.Filename), StringComparison.Ordinal);
        Assert.Contains(profile.Location, l => l.Line[0].FunctionId == function.Id && l.Line[0].Line_ > 0);
        Assert.Contains(recording.Notes, n => n.Contains($"process {target.Id}", StringComparison.Ordinal));

        Assert.False(target.Process.HasExited);
        Assert.Equal(0, await target.StopAsync());
    }

    [Fact]
    public async Task Cancellation_still_returns_a_valid_profile()
    {
        using var target = TestTarget.StartLoop();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Token);
        cancel.CancelAfter(TimeSpan.FromSeconds(1.5));
        var recording = await AllocationRecorder.RecordAsync(target.Id, RecordingOptions.Default, cancel.Token);

        Assert.True(recording.SampleCount > 0);
        Assert.NotEmpty(recording.Profile.RoundTrip().Sample);
        Assert.Equal(0, await target.StopAsync());
    }

    [Fact]
    public async Task Recording_ends_when_the_process_exits()
    {
        using var target = TestTarget.StartLoop();
        var recording = AllocationRecorder.RecordAsync(target.Id, RecordingOptions.Default, Token);
        await Task.Delay(TimeSpan.FromSeconds(1), Token);
        Assert.Equal(0, await target.StopAsync());

        var finished = await recording.WaitAsync(TimeSpan.FromSeconds(60), Token);
        Assert.True(finished.SampleCount > 0);
    }

    [Fact]
    public async Task The_allocation_tick_fallback_is_marked_biased()
    {
        // Only .NET 10 is installed here, so the fallback for .NET 8/9 targets is exercised by forcing it:
        // GCAllocationTick still exists on .NET 10.
        using var target = TestTarget.StartLoop();
        var options = new RecordingOptions { Duration = TimeSpan.FromSeconds(2) };
        var recording = await AllocationRecorder.RecordAsync(target.Id, options, s => s with { Choice = AllocationEventChoice.AllocationTick }, Token);
        var profile = recording.Profile.RoundTrip();

        Assert.True(recording.IsBiased);
        Assert.True(recording.SampleCount > 0);
        Assert.Contains(recording.Notes, n => n.StartsWith("Figures are biased: GCAllocationTick", StringComparison.Ordinal));
        Assert.Contains(profile.Comment, c => profile.Str(c).StartsWith("Figures are biased", StringComparison.Ordinal));
        Assert.Contains(profile.Function, f => profile.Str(f.Name) == "Heapwise.TestTarget.LoopWorkload.AllocateInLoop");
        Assert.Equal(0, await target.StopAsync());
    }

    [Fact]
    public async Task Asking_for_both_events_uses_the_unbiased_one_when_it_arrives()
    {
        using var target = TestTarget.StartLoop();
        var options = new RecordingOptions { Duration = TimeSpan.FromSeconds(1.5) };
        var recording = await AllocationRecorder.RecordAsync(target.Id, options, s => s with { Choice = AllocationEventChoice.Both }, Token);

        Assert.False(recording.IsBiased);
        Assert.True(recording.SampleCount > 0);
        Assert.Equal(0, await target.StopAsync());
    }

    [Fact]
    public async Task Dropped_events_are_counted_and_noted()
    {
        // A 1 MB buffer and a reader that starts 3 s late while the target allocates flat out: the runtime must drop.
        using var target = TestTarget.Start("churn", "4");
        var recording = await AllocationRecorder.RecordAsync(target.Id, RecordingOptions.Default,
            s => s with { BufferMegabytes = 1, ReadDelay = TimeSpan.FromSeconds(3) }, Token);
        var profile = recording.Profile.RoundTrip();

        TestContext.Current.TestOutputHelper?.WriteLine($"dropped {recording.DroppedEvents} events, kept {recording.SampleCount} samples");
        Assert.True(recording.DroppedEvents > 0);
        Assert.Contains(recording.Notes, n => n.EndsWith("events dropped by the runtime; estimates are low.", StringComparison.Ordinal));
        Assert.Contains(profile.Comment, c => profile.Str(c).Contains("events dropped by the runtime", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_process_that_does_not_exist_is_a_clear_error()
    {
        int unused = FindUnusedProcessId();
        var e = await Assert.ThrowsAsync<HeapwiseException>(() => AllocationRecorder.RecordAsync(unused, RecordingOptions.Default, Token));

        Assert.StartsWith($"Process {unused} was not found", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_process_that_is_not_dotnet_is_a_clear_error()
    {
        using var sleep = Process.Start(new ProcessStartInfo("sleep", "30") { UseShellExecute = false })!;
        try
        {
            var e = await Assert.ThrowsAsync<HeapwiseException>(() => AllocationRecorder.RecordAsync(sleep.Id, RecordingOptions.Default, Token));

            Assert.Contains($"Process {sleep.Id} (sleep) is not a .NET process or its diagnostics are disabled (DOTNET_EnableDiagnostics=0)", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            sleep.Kill();
        }
    }

    private static int FindUnusedProcessId()
    {
        var used = Process.GetProcesses().Select(p => p.Id).ToHashSet();
        int candidate = 4_000_000;
        while (used.Contains(candidate))
        {
            candidate--;
        }

        return candidate;
    }
}
