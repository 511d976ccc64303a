using System.Text.RegularExpressions;

namespace Heapwise.Benchstat;

/// <summary>How benchmark results are summarized and compared; validated on construction.</summary>
public sealed record BenchstatOptions
{
    /// <summary>benchstat's defaults: alpha 0.05, confidence 0.95, every benchmark.</summary>
    public static BenchstatOptions Default { get; } = new();

    /// <summary>Creates options.</summary>
    /// <param name="alpha">A change is significant when the U test's p-value is at most this (benchstat's -alpha).</param>
    /// <param name="confidence">The confidence level of the ± ranges (benchstat's -confidence).</param>
    /// <param name="nameFilter">Keep only benchmarks whose full name matches (null: all).</param>
    /// <exception cref="HeapwiseException">alpha or confidence is outside [0, 1].</exception>
    public BenchstatOptions(double alpha = 0.05, double confidence = 0.95, Regex? nameFilter = null)
    {
        if (!(alpha >= 0 && alpha <= 1))
        {
            throw new HeapwiseException($"--alpha must be in range [0, 1], not {alpha}; 0.05 is the usual choice.");
        }

        if (!(confidence >= 0 && confidence <= 1))
        {
            throw new HeapwiseException($"--confidence must be in range [0, 1], not {confidence}; 0.95 is the usual choice.");
        }

        Alpha = alpha;
        Confidence = confidence;
        NameFilter = nameFilter;
    }

    /// <summary>The significance level.</summary>
    public double Alpha { get; }

    /// <summary>The confidence level of the ranges.</summary>
    public double Confidence { get; }

    /// <summary>Keeps only benchmarks whose full name matches; null keeps all.</summary>
    public Regex? NameFilter { get; }
}
