using Heapwise.Testing;

namespace Heapwise.Samples.Tests;

/// <summary>The analysis workload: a budget the optimized version keeps and the naive one breaks, with the reasons.</summary>
public sealed class AnalysisAllocationTests
{
    private const long Budget = 2_000_000;

    [Fact]
    public void Optimized_analysis_stays_within_two_megabytes()
    {
        AllocationAssert.AllocatesAtMost(Budget, () => AnalysisWorkload.AnalyzeOptimized());
    }

    [Fact]
    public void Naive_analysis_breaks_the_budget_and_the_message_lists_the_sites()
    {
        var failure = Assert.Throws<AllocationAssertionException>(() =>
            AllocationAssert.AllocatesAtMost(Budget, () => AnalysisWorkload.AnalyzeNaive()));
        TestContext.Current.TestOutputHelper?.WriteLine(failure.Message);

        var sites = failure.Explanation!.Sites;
        Assert.Contains(sites, s => s.Type == "System.String" && s.Function.StartsWith("Heapwise.Samples.AnalysisWorkload.", StringComparison.Ordinal));
        Assert.All(sites, s => Assert.StartsWith("Heapwise.Samples.", s.Function, StringComparison.Ordinal));
        Assert.Contains("AnalysisWorkload.Naive.cs:", failure.Message, StringComparison.Ordinal);
    }
}
