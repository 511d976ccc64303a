using Heapwise.Collection;
using Heapwise.Profiles;
using Heapwise.Tests.Collection;

namespace Heapwise.Tests.Service;

/// <summary><see cref="CpuProfiler"/> and <see cref="ThreadStackDump"/> on the test process itself.</summary>
[Collection(EventPipeTests.Name)]
public sealed class CpuProfilerTests
{
    [Fact]
    public async Task A_busy_loop_is_the_top_function_by_cpu()
    {
        using var profiler = CpuProfiler.Start();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        var busy = Task.Run(() => Workloads.SpinUntil(stop.Token), TestContext.Current.CancellationToken);
        await busy;
        using var stream = new MemoryStream();
        await profiler.WriteAsync(stream, TestContext.Current.CancellationToken);
        stream.Position = 0;
        var profile = PprofReader.Read(stream);
        var recording = profiler.Stop();

        Assert.Equal(["samples", "cpu"], profile.SampleType.Select(t => profile.Str(t.Type)));
        Assert.Equal("nanoseconds", profile.Str(profile.PeriodType.Unit));
        Assert.Equal(1_000_000, profile.Period);
        Assert.Equal("cpu", profile.Str(profile.DefaultSampleType));

        // The busy thread starts in the thread pool (System.Private.CoreLib); the program's module is named first anyway.
        Assert.EndsWith("/Heapwise.Tests.dll", profile.Str(profile.Mapping[0].Filename), StringComparison.Ordinal);
        // Other test classes run in this process at the same time: look at stacks through this test's code only.
        var flat = FlatByFunction(profile, through: "Heapwise.Tests.Service.");
        TestContext.Current.TestOutputHelper?.WriteLine(string.Join('\n', flat.OrderByDescending(f => f.Value).Take(5).Select(f => $"{f.Value / 1e6,8:0}ms {f.Key}")));
        TestContext.Current.TestOutputHelper?.WriteLine(string.Join('\n', recording.Notes));
        Assert.Equal("Heapwise.Tests.Service.Workloads.SpinUntil", flat.MaxBy(f => f.Value).Key);

        // The spinning thread ran about 2 s: on a shared 2-core machine it gets less, never more.
        Assert.InRange(flat["Heapwise.Tests.Service.Workloads.SpinUntil"], 200_000_000, 2_600_000_000);
        Assert.True(recording.ExternalSamples > 0, "waiting threads are sampled too, and counted apart");
        Assert.DoesNotContain(FlatByFunction(profile, through: string.Empty).Keys, n => n.StartsWith("Microsoft.Diagnostics.Tracing.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Thread_dump_lists_a_thread_blocked_in_a_known_method()
    {
        using var release = new ManualResetEventSlim();
        var blocked = new Thread(() => Workloads.BlockUntilReleased(release)) { Name = "hw-blocked-test", IsBackground = true };
        blocked.Start();
        try
        {
            var dump = await ThreadStackDump.CaptureAsync(TestContext.Current.CancellationToken);
            var thread = Assert.Single(dump.Threads, t => t.Frames.Any(f => f.StartsWith("Heapwise.Tests.Service.Workloads.BlockUntilReleased", StringComparison.Ordinal)));
            Assert.Equal("hw-blocked-test", thread.Name);
            Assert.False(thread.RunningManagedCode);
            Assert.True(dump.Threads.Count >= 3);

            var text = new StringWriter();
            dump.WriteText(text);
            Assert.Contains($"thread {thread.OsThreadId} \"hw-blocked-test\" [waiting or in native code]:", text.ToString(), StringComparison.Ordinal);

            var profile = dump.Profile.RoundTrip();
            Assert.Equal(dump.Threads.Count, profile.Sample.Count);
            Assert.All(profile.Sample, s => Assert.Equal(1, s.Value[0]));
            Assert.Contains(profile.Sample, s => profile.Label(s, "thread_name") == "hw-blocked-test");
        }
        finally
        {
            release.Set();
            blocked.Join();
        }
    }

    private static Dictionary<string, long> FlatByFunction(Profile profile, string through)
    {
        var flat = new Dictionary<string, long>();
        foreach (var sample in profile.Sample)
        {
            var names = profile.Frames(sample).Select(f => profile.Str(f.Name)).ToList();
            if (!names.Any(n => n.StartsWith(through, StringComparison.Ordinal)))
            {
                continue;
            }

            string leaf = names[0];
            flat[leaf] = flat.GetValueOrDefault(leaf) + sample.Value[1];
        }

        return flat;
    }
}
