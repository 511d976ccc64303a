namespace Heapwise.Benchstat;

/// <summary>
/// One benchmark's measurements of one metric in one input, summarized as benchstat does: the median
/// with a distribution-free confidence interval, or for exact metrics the most common value.
/// </summary>
public sealed class SampleSummary
{
    internal SampleSummary(IReadOnlyList<double> sortedValues, double center, double low, double high, double confidence, IReadOnlyList<string> warnings)
    {
        Values = sortedValues;
        Center = center;
        Low = low;
        High = high;
        Confidence = confidence;
        Warnings = warnings;
    }

    /// <summary>The measurements, sorted ascending.</summary>
    public IReadOnlyList<double> Values { get; }

    /// <summary>How many measurements there are (benchstat's n).</summary>
    public int Count => Values.Count;

    /// <summary>The median (or, for exact metrics, the most common value).</summary>
    public double Center { get; }

    /// <summary>The lower end of the confidence interval; −∞ when there are too few measurements.</summary>
    public double Low { get; }

    /// <summary>The upper end of the confidence interval; +∞ when there are too few measurements.</summary>
    public double High { get; }

    /// <summary>The interval's actual confidence level (at least the requested one).</summary>
    public double Confidence { get; }

    /// <summary>Warnings in benchstat's words, such as "need >= 6 samples for confidence interval at level 0.95".</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>
    /// The half-width of the interval relative to the center, the larger side, as a fraction
    /// (0.05 = ±5%); null when benchstat would print "∞" (infinite bound) or "?" (the interval crosses zero).
    /// </summary>
    public double? RelativeRange
    {
        get
        {
            if (double.IsInfinity(Low) || double.IsInfinity(High))
            {
                return null;
            }

            int sign = Math.Sign(Center);
            if (sign != Math.Sign(Low) || sign != Math.Sign(High))
            {
                return null;
            }

            return Center == 0 ? 0 : Math.Max((High / Center) - 1, 1 - (Low / Center));
        }
    }

    /// <summary>Summarizes measurements by their median and its confidence interval (benchstat's default assumption).</summary>
    internal static SampleSummary Median(IReadOnlyList<double> values, double confidence)
    {
        double[] sorted = [.. values];
        Array.Sort(sorted);
        var interval = MedianInterval.For(sorted.Length, confidence);
        double low = interval.LowOrder < 1 ? double.NegativeInfinity : sorted[interval.LowOrder - 1];
        double high = interval.HighOrder - 1 >= sorted.Length ? double.PositiveInfinity : sorted[interval.HighOrder - 1];
        var warnings = new List<string>();
        if (double.IsInfinity(low) || double.IsInfinity(high))
        {
            warnings.Add(FormattableString.Invariant($"need {SamplesNeededForInterval(confidence)} samples for confidence interval at level {BenchstatNumberFormat.Shortest(confidence)}"));
        }

        return new SampleSummary(sorted, MedianInterval.Median(sorted), low, high, interval.Confidence, warnings);
    }

    /// <summary>Summarizes a metric that should not vary (benchstat's <c>assume=exact</c>): its most common value, warning if values differ.</summary>
    internal static SampleSummary Exact(IReadOnlyList<double> values)
    {
        double[] sorted = [.. values];
        Array.Sort(sorted);
        double value = sorted[0], mode = value;
        int count = 1, modeCount = 1;
        foreach (double v in sorted.Skip(1))
        {
            if (v == value)
            {
                count++;
                if (count > modeCount)
                {
                    mode = value;
                    modeCount = count;
                }
            }
            else
            {
                value = v;
                count = 1;
            }
        }

        var warnings = new List<string>();
        if (modeCount != sorted.Length)
        {
            warnings.Add($"exact distribution expected, but values range from {BenchstatNumberFormat.Shortest(sorted[0])} to {BenchstatNumberFormat.Shortest(sorted[^1])}");
        }

        return new SampleSummary(sorted, mode, sorted[0], sorted[^1], 1, warnings);
    }

    // benchstat's medianSamples: the smallest n whose interval has finite bounds (">= n"), or "> 50".
    private static string SamplesNeededForInterval(double confidence)
    {
        for (int n = 2; n <= 50; n++)
        {
            var interval = MedianInterval.For(n, confidence);
            if (interval.LowOrder > 0 && interval.HighOrder <= n)
            {
                return FormattableString.Invariant($">= {n}");
            }
        }

        return "> 50";
    }
}
