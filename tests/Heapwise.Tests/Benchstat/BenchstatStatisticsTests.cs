using CsCheck;
using Heapwise.Benchstat;

namespace Heapwise.Tests.Benchstat;

/// <summary>
/// Properties of the statistics that hold for any input (the exact figures are checked against the real
/// benchstat in <see cref="BenchstatCrossCheckTests"/>).
/// </summary>
public sealed class BenchstatStatisticsTests
{
    private static readonly Gen<double[]> Samples = Gen.Int[0, 12].Select(v => v * 10.0).Array[1, 30];

    [Fact]
    public void Without_ties_the_U_test_is_symmetric_and_a_probability()
    {
        Gen.Select(Samples, Samples).Sample((a, b) =>
        {
            double[] first = [.. a.Select((v, i) => v + (i * 1e-3))];
            double[] second = [.. b.Select((v, i) => v + 0.5 + (i * 1e-3))];
            double? p = MannWhitneyUTest.PValue(first, second);
            Assert.Equal(p, MannWhitneyUTest.PValue(second, first));
            Assert.InRange(p!.Value, 0.0, 1.0 + 1e-12);
        });
    }

    [Fact]
    public void Equal_samples_have_no_p_value()
    {
        Assert.Null(MannWhitneyUTest.PValue([624.0, 624.0, 624.0], [624.0, 624.0]));
    }

    [Theory]
    // Printed by go-moremath f10218a's stats.MannWhitneyUTest(x1, x2, LocationDiffers), the code benchstat
    // runs (fmt %v of res.P). With ties its exact distribution depends on the argument order and can
    // exceed 1 for tiny samples; benchstat always passes (baseline, new), and so do we, to print its numbers.
    [InlineData(new[] { 40.0 }, new[] { 40.0, 80.0 }, 1.3333333333333333)]
    [InlineData(new[] { 40.0, 80.0 }, new[] { 40.0 }, 0.6666666666666666)]
    [InlineData(new[] { 1.0, 2, 2, 3 }, new[] { 2.0, 3, 3, 4, 5 }, 0.15873015873015872)]
    [InlineData(new[] { 2.0, 3, 3, 4, 5 }, new[] { 1.0, 2, 2, 3 }, 0.06349206349206349)]
    public void With_ties_the_U_test_gives_go_moremaths_exact_values(double[] a, double[] b, double expected)
    {
        Assert.Equal(expected, MannWhitneyUTest.PValue(a, b));
    }

    [Fact]
    public void Without_ties_the_exact_U_test_matches_a_brute_force_permutation_count()
    {
        double[] a = [1, 4, 6, 7];
        double[] b = [2, 3, 5, 8, 9];
        double[] pooled = [.. a, .. b];
        double UOf(IReadOnlyCollection<int> firstIndexes) =>
            firstIndexes.Sum(i => Enumerable.Range(0, pooled.Length).Except(firstIndexes).Count(j => pooled[i] > pooled[j]));

        double observed = UOf([0, 1, 2, 3]);
        double small = Math.Min(observed, (a.Length * b.Length) - observed);
        var splits = Combinations(pooled.Length, a.Length).Select(c => UOf(c)).ToList();
        double expected = 2.0 * splits.Count(u => u <= small) / splits.Count;

        Assert.Equal(expected, MannWhitneyUTest.PValue(a, b)!.Value, 12);
    }

    [Fact]
    public void Median_intervals_are_ordered_and_hold_the_requested_confidence()
    {
        foreach (double confidence in new[] { 0.5, 0.9, 0.95, 0.99 })
        {
            for (int n = 1; n <= 80; n++)
            {
                var interval = MedianInterval.For(n, confidence);
                Assert.InRange(interval.LowOrder, 0, (n + 1) / 2);
                Assert.InRange(interval.HighOrder, (n / 2) + 1, n + 1);
                Assert.True(interval.Confidence >= confidence - 1e-9, $"n={n}: confidence {interval.Confidence} < {confidence}");
            }
        }
    }

    [Fact]
    public void Medians_interpolate_between_the_middle_values()
    {
        Assert.Equal(2.0, MedianInterval.Median([1.0, 2.0, 3.0]));
        Assert.Equal(2.5, MedianInterval.Median([1.0, 2.0, 3.0, 4.0]));
        Assert.Equal(7.0, MedianInterval.Median([7.0]));
    }

    [Theory]
    [InlineData(7.1895e-06, "7.1895e-06")]
    [InlineData(6664.0, "6664")]
    [InlineData(1e6, "1e+06")]
    [InlineData(123456.0, "123456")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(63.99999999999998, "63.99999999999998")]
    [InlineData(-2.5e-7, "-2.5e-07")]
    public void Shortest_formats_like_gos_percent_v(double value, string expected)
    {
        Assert.Equal(expected, BenchstatNumberFormat.Shortest(value));
    }

    [Fact]
    public void Go_amd64_exp_and_log_stay_within_an_ulp_of_dotnets()
    {
        Gen.Double[-700, 700].Sample(x =>
        {
            double go = GoAmd64Math.Exp(x), net = Math.Exp(x);
            Assert.True(Math.Abs(go - net) <= 2 * Math.BitIncrement(Math.Abs(net)) - 2 * Math.Abs(net), $"exp({x}): {go} vs {net}");
        });
        Gen.Double[1e-300, 1e300].Sample(x =>
        {
            double go = GoAmd64Math.Log(x), net = Math.Log(x);
            Assert.True(Math.Abs(go - net) <= 2 * (Math.BitIncrement(Math.Abs(net)) - Math.Abs(net)), $"log({x}): {go} vs {net}");
        });
    }

    private static IEnumerable<int[]> Combinations(int n, int k)
    {
        if (k == 0)
        {
            yield return [];
            yield break;
        }

        for (int first = 0; first <= n - k; first++)
        {
            foreach (int[] rest in Combinations(n - first - 1, k - 1))
            {
                yield return [first, .. rest.Select(r => r + first + 1)];
            }
        }
    }
}
