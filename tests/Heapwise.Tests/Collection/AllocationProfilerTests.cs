using System.Runtime.CompilerServices;
using Heapwise.Collection;
using Heapwise.Profiles;

namespace Heapwise.Tests.Collection;

/// <summary><see cref="AllocationProfiler"/>: the test process records itself.</summary>
[Collection(EventPipeTests.Name)]
public sealed class AllocationProfilerTests
{
    private static object? s_sink;

    [Fact]
    public async Task Records_this_process_and_leaves_out_its_own_reader_thread()
    {
        using var profiler = AllocationProfiler.Start();
        AllocateInTest();
        int rounds = 1;

        // The reader allocates while it parses; on a loaded machine it may lag so far that it parses everything after
        // the session stopped, so nothing it allocated is sampled. Allocate until some of its own events came back.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (profiler.ExcludedEvents == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
            AllocateInTest();
            rounds++;
        }

        using var stream = new MemoryStream();
        await profiler.WriteAsync(stream, TestContext.Current.CancellationToken);
        stream.Position = 0;
        var profile = PprofReader.Read(stream);
        var names = profile.Function.Select(f => profile.Str(f.Name)).ToList();

        Assert.Contains("Heapwise.Tests.Collection.AllocationProfilerTests.AllocateInTest", names);
        long bytes = profile.BytesUnder("Heapwise.Tests.Collection.AllocationProfilerTests.AllocateInTest");
        Assert.InRange(bytes, rounds * 128_000_000 * 0.85, rounds * 128_000_000 * 1.15);

        var (resolved, withLines, frames) = profile.FrameResolution();
        TestContext.Current.TestOutputHelper?.WriteLine($"in-process: {frames} frames, {resolved:P1} resolved, {withLines:P1} with lines, {profiler.ExcludedEvents} reader events left out");

        // The reader thread parses every event and allocates while doing it: those samples are counted and left out.
        Assert.True(profiler.ExcludedEvents > 0);
        Assert.DoesNotContain(names, n => n.StartsWith("Microsoft.Diagnostics.Tracing.", StringComparison.Ordinal));
        Assert.Contains(profiler.Stop().Notes, n => n.Contains("from Heapwise's own event-reading threads were left out", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Two_recordings_at_once_leave_out_each_others_reader_threads()
    {
        // Each reader allocates while parsing; each recording must leave out both readers, not only its own.
        using var outer = AllocationProfiler.Start();
        using (var inner = AllocationProfiler.Start())
        {
            AllocateInTest();
            await using var innerStream = new MemoryStream();
            await inner.WriteAsync(innerStream, TestContext.Current.CancellationToken);
        }

        AllocateInTest();
        await using var stream = new MemoryStream();
        await outer.WriteAsync(stream, TestContext.Current.CancellationToken);
        stream.Position = 0;
        var profile = PprofReader.Read(stream);
        var names = profile.Function.Select(f => profile.Str(f.Name)).ToList();

        Assert.Contains("Heapwise.Tests.Collection.AllocationProfilerTests.AllocateInTest", names);
        Assert.DoesNotContain(names, n => n.StartsWith("Microsoft.Diagnostics.Tracing.", StringComparison.Ordinal));
    }

    [Fact]
    public void Stop_is_idempotent()
    {
        using var profiler = AllocationProfiler.Start();
        var first = profiler.Stop();
        var second = profiler.Stop();

        Assert.Same(first, second);
        Assert.NotNull(first.Profile.RoundTrip());
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AllocateInTest()
    {
        for (int i = 0; i < 125_000; i++)
        {
            s_sink = new byte[1000]; // 1,024 bytes each: 128 MB in all
        }

        GC.KeepAlive(s_sink);
    }
}
