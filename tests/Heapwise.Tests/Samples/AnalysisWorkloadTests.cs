using Heapwise.Samples;

namespace Heapwise.Tests.Samples;

public sealed class AnalysisWorkloadTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    [InlineData(10_000)] // several 64 KiB chunks, so chunk boundaries are exercised
    public void Optimized_computes_exactly_what_naive_computes(int lines)
    {
        string log = AnalysisWorkload.CreateLog(lines, seed: lines);

        var naive = AnalysisWorkload.AnalyzeNaive(log);
        var optimized = AnalysisWorkload.AnalyzeOptimized(log);

        Assert.Equal(naive.ChunkMedianSum, optimized.ChunkMedianSum);
        Assert.Equal(naive.ByKey.OrderBy(p => p.Key, StringComparer.Ordinal), optimized.ByKey.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal(lines, optimized.ByKey.Values.Sum(s => s.Count));
    }

    [Fact]
    public void Keys_are_user_and_action()
    {
        var result = AnalysisWorkload.AnalyzeOptimized("user0001 login 10\nuser0001 login 30\nuser0002 view 5\n");

        Assert.Equal(new RequestStats(2, 40), result.ByKey["user0001:login"]);
        Assert.Equal(new RequestStats(1, 5), result.ByKey["user0002:view"]);
        Assert.Equal(10 + 30 + 5, result.ByKey.Values.Sum(s => s.Bytes));
    }

    [Fact]
    public void Optimized_gives_the_same_checksum_and_allocates_under_a_tenth()
    {
        (long naiveBytes, ulong naive) = AllocationMeter.Measure(AnalysisWorkload.AnalyzeNaive);
        (long optimizedBytes, ulong optimized) = AllocationMeter.Measure(AnalysisWorkload.AnalyzeOptimized);
        output.WriteLine($"naive: {AllocationMeter.Megabytes(naiveBytes)}, optimized: {AllocationMeter.Megabytes(optimizedBytes)}");

        Assert.Equal(naive, optimized);
        Assert.True(optimizedBytes * 10 <= naiveBytes, $"optimized allocated {optimizedBytes:N0} bytes, naive {naiveBytes:N0}");
    }
}
