namespace Heapwise.Benchstat;

/// <summary>
/// A benchmark's metric in one input compared with the baseline input, as benchstat compares them:
/// the Mann-Whitney U test's p-value (or, for exact metrics, no test: any difference counts).
/// </summary>
public sealed class SampleComparison
{
    internal SampleComparison(SampleSummary baseline, SampleSummary current, double pValue, double alpha, bool exact, IReadOnlyList<string> warnings)
    {
        Baseline = baseline;
        Current = current;
        PValue = pValue;
        Alpha = alpha;
        IsExact = exact;
        Warnings = warnings;
    }

    /// <summary>The baseline's summary (the first input).</summary>
    public SampleSummary Baseline { get; }

    /// <summary>This input's summary.</summary>
    public SampleSummary Current { get; }

    /// <summary>The two-sided p-value; 1 when the test is undefined (all values equal); 0 for exact metrics.</summary>
    public double PValue { get; }

    /// <summary>The significance level the change was judged at (0 for exact metrics).</summary>
    public double Alpha { get; }

    /// <summary>True when the metric is exact (one deterministic value) and compared without a test.</summary>
    public bool IsExact { get; }

    /// <summary>Warnings in benchstat's words, such as "all samples are equal".</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>True when the difference is significant (p ≤ alpha): benchstat prints a percentage instead of "~".</summary>
    public bool IsSignificant => PValue <= Alpha;

    /// <summary>
    /// The change of the center from the baseline as a fraction (−0.25 = 25% lower); 0 when the centers
    /// are equal; null when it is not significant or the baseline is 0 (benchstat's "~" and "?").
    /// </summary>
    public double? Change
    {
        get
        {
            if (!IsSignificant)
            {
                return null;
            }

            if (Baseline.Center == Current.Center)
            {
                return 0;
            }

            return Baseline.Center == 0 ? null : (Current.Center / Baseline.Center) - 1.0;
        }
    }

    /// <summary>Compares by the Mann-Whitney U test, as benchstat's default assumption does.</summary>
    internal static SampleComparison Test(SampleSummary baseline, SampleSummary current, double alpha)
    {
        double? p = MannWhitneyUTest.PValue(baseline.Values, current.Values);
        var warnings = new List<string>();
        if (p is null)
        {
            warnings.Add("all samples are equal");
            return new SampleComparison(baseline, current, 1, alpha, exact: false, warnings);
        }

        if (p > alpha)
        {
            (string op, int needed) = SamplesNeededToDetect(alpha);
            if (baseline.Count < needed && current.Count < needed)
            {
                warnings.Add($"need {op} {needed} samples to detect a difference at alpha level {BenchstatNumberFormat.Shortest(alpha)}");
            }
        }

        return new SampleComparison(baseline, current, p.Value, alpha, exact: false, warnings);
    }

    /// <summary>Compares exact metrics (benchstat's <c>assume=exact</c>): no test, any difference is a change.</summary>
    internal static SampleComparison Exact(SampleSummary baseline, SampleSummary current) =>
        new(baseline, current, 0, 0, exact: true, []);

    // The smallest p-value the exact U test can give with n values on each side, n = 1..9 (benchstat's uTestMinP).
    private static readonly double[] MinimumPValues =
        [double.NaN, 1, 0.3333333333333333, 0.1, 0.02857142857142857, 0.007936507936507936, 0.0021645021645021645,
         0.0005827505827505828, 0.0001554001554001554, 4.113533525298231e-05];

    private static (string Op, int N) SamplesNeededToDetect(double alpha)
    {
        for (int n = 1; n < MinimumPValues.Length; n++)
        {
            if (MinimumPValues[n] <= alpha)
            {
                return (">=", n);
            }
        }

        return (">", MinimumPValues.Length);
    }
}
