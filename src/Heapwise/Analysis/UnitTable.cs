namespace Heapwise.Analysis;

/// <summary>
/// The unit families pprof knows (memory, time, Google compute units), each a list of units with
/// aliases and a factor to the family's base unit. Units outside these families are printed as
/// plain numbers followed by the unit name, as pprof does.
/// </summary>
internal sealed class UnitTable
{
    private UnitTable(UnitDefinition defaultUnit, params UnitDefinition[] units)
    {
        DefaultUnit = defaultUnit;
        Units = units;
    }

    /// <summary>The unit used when a value cannot be scaled to a better one.</summary>
    public UnitDefinition DefaultUnit { get; }

    /// <summary>Units from smallest to largest.</summary>
    public IReadOnlyList<UnitDefinition> Units { get; }

    /// <summary>The three families, in the order pprof tries them.</summary>
    public static IReadOnlyList<UnitTable> All { get; } =
    [
        new UnitTable(
            new UnitDefinition("B", ["b", "byte"], 1),
            new UnitDefinition("B", ["b", "byte"], 1),
            new UnitDefinition("kB", ["kb", "kbyte", "kilobyte"], 1L << 10),
            new UnitDefinition("MB", ["mb", "mbyte", "megabyte"], 1L << 20),
            new UnitDefinition("GB", ["gb", "gbyte", "gigabyte"], 1L << 30),
            new UnitDefinition("TB", ["tb", "tbyte", "terabyte"], 1L << 40),
            new UnitDefinition("PB", ["pb", "pbyte", "petabyte"], 1L << 50)),
        new UnitTable(
            new UnitDefinition("s", [], 1e9),
            new UnitDefinition("ns", ["ns", "nanosecond"], 1),
            new UnitDefinition("us", ["μs", "us", "microsecond"], 1e3),
            new UnitDefinition("ms", ["ms", "millisecond"], 1e6),
            new UnitDefinition("s", ["s", "sec", "second"], 1e9),
            new UnitDefinition("hrs", ["hour", "hr"], 3600e9)),
        new UnitTable(
            new UnitDefinition("GCU", [], 1),
            new UnitDefinition("n*GCU", ["nanogcu"], 1e-9),
            new UnitDefinition("u*GCU", ["microgcu"], 1e-6),
            new UnitDefinition("m*GCU", ["milligcu"], 1e-3),
            new UnitDefinition("GCU", ["gcu"], 1),
            new UnitDefinition("k*GCU", ["kilogcu"], 1e3),
            new UnitDefinition("M*GCU", ["megagcu"], 1e6),
            new UnitDefinition("G*GCU", ["gigagcu"], 1e9),
            new UnitDefinition("T*GCU", ["teragcu"], 1e12),
            new UnitDefinition("P*GCU", ["petagcu"], 1e15)),
    ];

    /// <summary>
    /// Finds the unit a profile's unit name means: case-insensitive, and a plural "s" is ignored
    /// on names longer than two letters ("bytes", "nanoseconds"), as pprof does.
    /// </summary>
    public UnitDefinition? Sniff(string unit)
    {
        string key = unit.ToLowerInvariant();
        if (key.Length > 2 && key.EndsWith('s'))
        {
            key = key[..^1];
        }

        foreach (var u in Units)
        {
            if (u.Aliases.Contains(key, StringComparer.Ordinal))
            {
                return u;
            }
        }

        return null;
    }

    /// <summary>The largest unit that keeps <paramref name="baseValue"/> at 1 or more, if any.</summary>
    public UnitDefinition? AutoScale(double baseValue)
    {
        UnitDefinition? best = null;
        foreach (var u in Units)
        {
            if (u.Factor >= (best?.Factor ?? 0) && baseValue / u.Factor >= 1.0)
            {
                best = u;
            }
        }

        return best;
    }

    /// <summary>
    /// Converts <paramref name="value"/> from <paramref name="fromUnit"/> to <paramref name="toUnit"/>
    /// ("minimum" and "auto" pick a readable unit). Returns false when <paramref name="fromUnit"/> is
    /// not in this family.
    /// </summary>
    public bool TryConvert(long value, string fromUnit, string toUnit, out double converted, out string unit)
    {
        converted = 0;
        unit = string.Empty;
        var from = Sniff(fromUnit);
        if (from is null)
        {
            return false;
        }

        double baseValue = value * from.Factor;
        if (toUnit is "minimum" or "auto")
        {
            var auto = AutoScale(baseValue) ?? DefaultUnit;
            (converted, unit) = (baseValue / auto.Factor, auto.CanonicalName);
            return true;
        }

        var to = Sniff(toUnit) ?? DefaultUnit;
        (converted, unit) = (baseValue / to.Factor, to.CanonicalName);
        return true;
    }
}

/// <summary>One unit: the name printed, the names it is recognised by, and its size in base units.</summary>
internal sealed record UnitDefinition(string CanonicalName, string[] Aliases, double Factor);
