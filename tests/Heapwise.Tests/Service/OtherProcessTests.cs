using Heapwise.Collection;
using Heapwise.Tests.Collection;

namespace Heapwise.Tests.Service;

/// <summary><see cref="CpuProfiler.RecordAsync"/> and <see cref="ThreadStackDump.CaptureAsync(int, CancellationToken)"/> on another process.</summary>
[Collection(EventPipeTests.Name)]
public sealed class OtherProcessTests
{
    [Fact]
    public async Task Cpu_profile_of_another_process_has_its_busy_thread_on_top()
    {
        using var target = TestTarget.Start("spin");
        var recording = await CpuProfiler.RecordAsync(target.Id, new RecordingOptions { Duration = TimeSpan.FromSeconds(2) }, TestContext.Current.CancellationToken);
        await target.StopAsync();
        var profile = recording.Profile.RoundTrip();

        TestContext.Current.TestOutputHelper?.WriteLine(string.Join('\n', recording.Notes));
        var flat = profile.Sample.GroupBy(s => profile.Str(profile.Frames(s).First().Name)).ToDictionary(g => g.Key, g => g.Sum(s => s.Value[1]));
        Assert.Equal("Heapwise.TestTarget.SpinWorkload.Spin", flat.MaxBy(f => f.Value).Key);
        Assert.True(flat["Heapwise.TestTarget.SpinWorkload.Spin"] > 0.5 * flat.Values.Sum());
        Assert.EndsWith("/Heapwise.TestTarget.dll", profile.Str(profile.Mapping[0].Filename), StringComparison.Ordinal);
        Assert.Contains(recording.Notes, n => n.StartsWith("CPU time: each thread's CPU time as the OS measured it", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Thread_dump_of_another_process_names_its_threads()
    {
        using var target = TestTarget.Start("spin");
        var dump = await ThreadStackDump.CaptureAsync(target.Id, TestContext.Current.CancellationToken);
        await target.StopAsync();

        var waiter = Assert.Single(dump.Threads, t => t.Name == "hw-waiter");
        Assert.Contains(waiter.Frames, f => f.StartsWith("Heapwise.TestTarget.SpinWorkload.WaitUntilStopped", StringComparison.Ordinal));
        Assert.False(waiter.RunningManagedCode);
        var spinner = Assert.Single(dump.Threads, t => t.Name == "hw-spinner");
        Assert.Contains(spinner.Frames, f => f.StartsWith("Heapwise.TestTarget.SpinWorkload.Spin", StringComparison.Ordinal));
        Assert.Contains(dump.Threads, t => t.OsThreadId == target.Id && t.Frames.Any(f => f.Contains("Program.Main", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_process_that_does_not_exist_is_one_clear_error()
    {
        var e = await Assert.ThrowsAsync<HeapwiseException>(() => ThreadStackDump.CaptureAsync(int.MaxValue, TestContext.Current.CancellationToken));
        Assert.StartsWith($"Process {int.MaxValue} was not found", e.Message, StringComparison.Ordinal);
    }
}
