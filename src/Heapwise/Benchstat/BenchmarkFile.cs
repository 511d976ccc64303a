namespace Heapwise.Benchstat;

/// <summary>The benchmark results of one input file (one column of a benchstat table).</summary>
public sealed class BenchmarkFile
{
    /// <summary>Creates the results of one input.</summary>
    /// <param name="label">The column label: the path as the user gave it, as benchstat labels columns.</param>
    /// <param name="measurements">Every measured value, in file order.</param>
    /// <param name="exactUnits">Units whose values are deterministic and compared without a test (benchstat's <c>assume=exact</c>).</param>
    public BenchmarkFile(string label, IReadOnlyList<BenchmarkMeasurement> measurements, IReadOnlySet<string> exactUnits)
    {
        ArgumentNullException.ThrowIfNull(label);
        ArgumentNullException.ThrowIfNull(measurements);
        ArgumentNullException.ThrowIfNull(exactUnits);
        Label = label;
        Measurements = measurements;
        ExactUnits = exactUnits;
    }

    /// <summary>The column label.</summary>
    public string Label { get; }

    /// <summary>Every measured value, in file order.</summary>
    public IReadOnlyList<BenchmarkMeasurement> Measurements { get; }

    /// <summary>Units compared exactly rather than statistically.</summary>
    public IReadOnlySet<string> ExactUnits { get; }
}
