using System.Runtime.CompilerServices;
using Heapwise.Testing;
using Heapwise.Tests.Collection;

namespace Heapwise.Tests.Testing;

/// <summary>
/// <see cref="AllocationAssert"/> on real delegates; failures are explained by a real in-process EventPipe session,
/// so these run with the other EventPipe tests, one at a time.
/// </summary>
[Collection(EventPipeTests.Name)]
public sealed class AllocationAssertTests
{
    private static readonly int[] Numbers = [.. Enumerable.Range(0, 1_000)];
    private static object? s_sink;
    private static int s_bufferLine;
    private static int s_stringLine;

    [Fact]
    public void Code_that_allocates_nothing_passes()
    {
        AllocationAssert.AllocatesNothing(() => s_sink = null);
        AllocationAssert.AllocatesNothing(SumNumbers);
        AllocationAssert.AllocatesAtMost(1_024, () => s_sink = new byte[1000]);
        AllocationAssert.AllocatesAtMostPerRun(1_024, runs: 1_000, () => s_sink = new byte[1000]);
    }

    [Fact]
    public void Per_run_averages_are_rounded_down_as_go_does_so_a_one_off_allocation_is_nothing()
    {
        int run = 0;

        // One 1,024-byte array in 1,000 runs: 1.024 bytes per run, which Go's AllocsPerRun would call 1.
        AllocationAssert.AllocatesAtMostPerRun(1, runs: 1_000, () => s_sink = ++run % 1_000 == 0 ? new byte[1000] : null);
        var failure = Assert.Throws<AllocationAssertionException>(
            () => AllocationAssert.AllocatesAtMostPerRun(0, runs: 1_000, () => s_sink = ++run % 1_000 == 0 ? new byte[1000] : null,
                new AllocationAssertOptions { ExplainFailures = false }));
        Assert.Equal(1_024, failure.Measurement.TotalBytes);
        Assert.Equal(1, failure.Measurement.WholeBytesPerRun);
    }

    [Fact]
    public void A_failure_names_the_allocating_type_method_and_line()
    {
        var failure = Assert.Throws<AllocationAssertionException>(() => AllocationAssert.AllocatesNothing(AllocateBuffer));
        TestContext.Current.TestOutputHelper?.WriteLine(failure.Message);

        Assert.StartsWith("Expected AllocateBuffer to allocate nothing, but it allocated 1,024 bytes (exact, on the calling thread, after 1 warm-up run).", failure.Message, StringComparison.Ordinal);
        Assert.Equal(1_024, failure.Measurement.TotalBytes);
        var explanation = Assert.IsType<AllocationExplanation>(failure.Explanation);
        Assert.True(explanation.SampleCount >= 16, $"only {explanation.SampleCount} samples");
        var top = explanation.Sites[0];
        Assert.Equal("System.Byte[]", top.Type);
        Assert.Equal("Heapwise.Tests.Testing.AllocationAssertTests.AllocateBuffer", top.Function);
        Assert.EndsWith($"AllocationAssertTests.cs:{s_bufferLine}", top.Location, StringComparison.Ordinal);
        Assert.Contains("System.Byte[] at Heapwise.Tests.Testing.AllocationAssertTests.AllocateBuffer (", failure.Message, StringComparison.Ordinal);
        Assert.Contains($"AllocationAssertTests.cs:{s_bufferLine})", failure.Message, StringComparison.Ordinal);

        // An estimate from samples, so a range: 1,024 bytes and one object per run.
        Assert.InRange(top.BytesPerRun, 1_024 * 0.6, 1_024 * 1.4);
        Assert.InRange(top.ObjectsPerRun, 0.6, 1.4);
    }

    [Fact]
    public void Library_frames_are_hidden_so_the_site_is_your_code()
    {
        // string.Concat allocates the string; the site shown is the line of this file that called it.
        var failure = Assert.Throws<AllocationAssertionException>(() => AllocationAssert.AllocatesAtMostPerRun(16, runs: 100, ConcatenateStrings));
        TestContext.Current.TestOutputHelper?.WriteLine(failure.Message);

        var site = Assert.Single(failure.Explanation!.Sites, s => s.Type == "System.String");
        Assert.Equal("Heapwise.Tests.Testing.AllocationAssertTests.ConcatenateStrings", site.Function);
        Assert.EndsWith($"AllocationAssertTests.cs:{s_stringLine}", site.Location, StringComparison.Ordinal);
        Assert.Contains("per run (", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Explanation_can_be_turned_off()
    {
        var failure = Assert.Throws<AllocationAssertionException>(() =>
            AllocationAssert.AllocatesAtMost(100, () => s_sink = new byte[1000], new AllocationAssertOptions { ExplainFailures = false }));

        Assert.Null(failure.Explanation);
        Assert.Equal("Expected () => s_sink = new byte[1000] to allocate at most 100 bytes per run, but it allocated 1,024 bytes (exact, on the calling thread, after 1 warm-up run).", failure.Message);
    }

    [Fact]
    public async Task Async_failures_are_measured_across_threads_and_explained()
    {
        await AllocationAssert.AllocatesNothingAsync(() => Task.CompletedTask);

        var failure = await Assert.ThrowsAsync<AllocationAssertionException>(() =>
            AllocationAssert.AllocatesAtMostAsync(1_000, AllocateAfterYieldAsync));
        TestContext.Current.TestOutputHelper?.WriteLine(failure.Message);

        Assert.Contains("on the threads the operation's execution context ran on", failure.Message, StringComparison.Ordinal);
        Assert.True(failure.Measurement.TotalBytes >= 2 * 1_024);
        Assert.Contains(failure.Explanation!.Sites, s => s.Type == "System.Byte[]" && s.Function.Contains("AllocateAfterYieldAsync", StringComparison.Ordinal));
        Assert.Contains("every thread of the process", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Code_that_cannot_run_again_keeps_the_failure_and_says_why_there_are_no_sites()
    {
        int calls = 0;
        var failure = Assert.Throws<AllocationAssertionException>(() => AllocationAssert.AllocatesNothing(() =>
        {
            // Warm-up and measured run succeed; the explanation's repeats find the resource used up.
            s_sink = ++calls <= 2 ? new byte[1000] : throw new InvalidOperationException("the stream was already read");
        }));

        Assert.Empty(failure.Explanation!.Sites);
        Assert.Contains("Allocation sites: none shown: running the code again to sample its allocations threw InvalidOperationException: the stream was already read; set ExplainFailures to false", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_arguments_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => AllocationAssert.AllocatesAtMost(-1, () => { }));
        Assert.Throws<ArgumentOutOfRangeException>(() => AllocationAssert.AllocatesAtMostPerRun(0, runs: 0, () => { }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AllocationAssertOptions { TargetSamples = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new AllocationAssertOptions { MaxSamplingTime = TimeSpan.Zero });
    }

    private static void SumNumbers()
    {
        long sum = 0;
        foreach (int n in Numbers)
        {
            sum += n;
        }

        s_sink = sum == 0 ? null : s_sink;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AllocateBuffer() => s_sink = new byte[BufferSize()];

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ConcatenateStrings() => s_sink = string.Concat(NumberText(), "-", NumberText());

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task AllocateAfterYieldAsync()
    {
        await Task.Yield();
        s_sink = new byte[1000];
        await Task.Yield();
        s_sink = new byte[1000];
    }

    // Record the caller's line: the line the profile must name.
    private static int BufferSize([CallerLineNumber] int line = 0)
    {
        s_bufferLine = line;
        return 1000;
    }

    private static string NumberText([CallerLineNumber] int line = 0)
    {
        s_stringLine = line;
        return "1234567890";
    }
}
