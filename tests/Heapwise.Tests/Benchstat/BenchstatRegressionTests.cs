using Heapwise.Benchstat;

namespace Heapwise.Tests.Benchstat;

/// <summary>Which changes the regression gate counts as worse, by unit direction and significance.</summary>
public sealed class BenchstatRegressionTests
{
    [Fact]
    public void A_throughput_that_starts_from_zero_is_an_improvement_and_a_cost_from_zero_a_regression()
    {
        var report = Compare(
            Lines("A", "0 B/s 0 B/op", 6),
            Lines("A", "100 B/s 16 B/op", 6));

        var regression = Assert.Single(report.FindRegressions(0.05));
        Assert.Equal(("A", "B/op"), (regression.Benchmark, regression.Unit));
        Assert.True(double.IsPositiveInfinity(regression.Change));
    }

    [Fact]
    public void Changes_below_the_threshold_pass_and_above_it_fail()
    {
        var report = Compare(Lines("A", "100 ns/op", 6), Lines("A", "104 ns/op", 6)); // +4%, p = 0.002

        Assert.Empty(report.FindRegressions(0.05));
        Assert.Single(report.FindRegressions(0.03));
    }

    [Fact]
    public void A_non_significant_change_is_never_a_regression()
    {
        // Three runs each can never reach p <= 0.05 (the smallest p is 0.1): "~", however large the change.
        var report = Compare(Lines("A", "100 ns/op", 3), Lines("A", "500 ns/op", 3));

        Assert.Empty(report.FindRegressions(0.0));
    }

    private static string Lines(string name, string values, int count) =>
        string.Concat(Enumerable.Repeat($"Benchmark{name} 1000 {values}\n", count));

    private static BenchstatReport Compare(string old, string @new) =>
        BenchstatComparer.Compare(
            [GoBenchmarkParser.Parse(new StringReader(old), "old"), GoBenchmarkParser.Parse(new StringReader(@new), "new")],
            BenchstatOptions.Default);
}
