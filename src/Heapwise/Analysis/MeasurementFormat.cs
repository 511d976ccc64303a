namespace Heapwise.Analysis;

/// <summary>
/// Formats sample values and percentages exactly as <c>go tool pprof</c> does, so numbers in
/// Heapwise reports compare character for character with pprof's: bytes scale by 1024 and print
/// as <c>512kB</c>, <c>1.50MB</c>; nanoseconds as <c>10ms</c>, <c>1.20s</c>; counts as plain integers.
/// </summary>
/// <example>
/// <code>
/// MeasurementFormat.Label(1_572_864, "bytes");           // "1.50MB"
/// MeasurementFormat.ScaledLabel(1_572_864, "bytes", "kB"); // "1536kB"
/// MeasurementFormat.Percentage(1, 3);                   // "33.33%"
/// </code>
/// </example>
public static class MeasurementFormat
{
    /// <summary>
    /// Converts <paramref name="value"/> in <paramref name="fromUnit"/> to <paramref name="toUnit"/>.
    /// <paramref name="toUnit"/> may be a unit name (<c>kB</c>, <c>ms</c>) or <c>auto</c>/<c>minimum</c>
    /// for the largest unit that keeps the value at 1 or more. The returned unit is empty for
    /// unit-less values (counts), and <paramref name="toUnit"/> itself for units pprof does not know.
    /// </summary>
    public static (double Value, string Unit) Scale(long value, string fromUnit, string toUnit)
    {
        ArgumentNullException.ThrowIfNull(fromUnit);
        ArgumentNullException.ThrowIfNull(toUnit);

        // Negate to scale magnitudes; long.MinValue has no positive twin and is scaled as is.
        if (value < 0 && -value > 0)
        {
            var (v, u) = Scale(-value, fromUnit, toUnit);
            return (-v, u);
        }

        foreach (var table in UnitTable.All)
        {
            if (table.TryConvert(value, fromUnit, toUnit, out double converted, out string unit))
            {
                return (converted, unit);
            }
        }

        return toUnit is "count" or "sample" or "unit" or "minimum" or "auto"
            ? (value, string.Empty)
            : (value, toUnit);
    }

    /// <summary>A value in <paramref name="unit"/> printed in the most readable unit, e.g. <c>1.50MB</c>.</summary>
    public static string Label(long value, string unit) => ScaledLabel(value, unit, "auto");

    /// <summary>
    /// A value printed in <paramref name="toUnit"/> with at most two decimals (<c>.00</c> dropped),
    /// followed by the unit: <c>1536kB</c>, <c>0.50MB</c>, <c>0</c>.
    /// </summary>
    public static string ScaledLabel(long value, string fromUnit, string toUnit)
    {
        var (v, u) = Scale(value, fromUnit, toUnit);
        string text = GoFloatFormat.Fixed(v, 2);
        if (text.EndsWith(".00", StringComparison.Ordinal))
        {
            text = text[..^3];
        }

        return text is "0" or "-0" ? "0" : text + u;
    }

    /// <summary>
    /// <paramref name="value"/> as a percentage of <paramref name="total"/>, right-aligned in six
    /// characters with at least two significant digits: <c>"  100%"</c>, <c>"33.33%"</c>, <c>" 0.05%"</c>.
    /// </summary>
    public static string Percentage(long value, long total)
    {
        double ratio = total != 0 ? Math.Abs((double)value / total) * 100 : 0;
        if (ratio >= 99.95 && ratio <= 100.05)
        {
            return "  100%";
        }

        string number = ratio >= 1.0 ? GoFloatFormat.Fixed(ratio, 2) : GoFloatFormat.General(ratio, 2);
        return number.PadLeft(5) + "%";
    }

    /// <summary>
    /// The unit pprof picks for a report: the unit of the smallest non-zero value, or a larger
    /// one when the smallest value is under 1% of the largest, so small values print as 0.01 of it.
    /// Returns <paramref name="sampleUnit"/> for units that have no larger relatives (counts).
    /// </summary>
    /// <param name="smallest">The smallest non-zero magnitude shown, or 0 when all are zero.</param>
    /// <param name="largest">The report total.</param>
    /// <param name="sampleUnit">The unit of the values, as the profile names it.</param>
    public static string SelectOutputUnit(long smallest, long largest, string sampleUnit)
    {
        ArgumentNullException.ThrowIfNull(sampleUnit);
        if (smallest == 0)
        {
            smallest = largest;
        }

        string minUnit = Scale(smallest, sampleUnit, "minimum").Unit;
        string maxUnit = Scale(largest, sampleUnit, "minimum").Unit;
        string unit = minUnit;
        if (minUnit != maxUnit && smallest * 100 < largest)
        {
            unit = Scale(100 * smallest, sampleUnit, "minimum").Unit;
        }

        return unit.Length != 0 ? unit : sampleUnit;
    }
}
