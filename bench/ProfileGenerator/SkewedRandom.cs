namespace Heapwise.Bench.ProfileGenerator;

/// <summary>
/// Deterministic random choices skewed toward low indexes: raising a uniform number to a power
/// makes a power-law-like distribution, so a few items are hot and most are rarely chosen, as in real code.
/// </summary>
internal sealed class SkewedRandom(int seed)
{
    private readonly Random _random = new(seed);

    /// <summary>An index in [0, <paramref name="count"/>); <paramref name="skew"/> 1 is uniform, larger is hotter at 0.</summary>
    public int Index(int count, double skew) => Math.Min(count - 1, (int)(count * Math.Pow(_random.NextDouble(), skew)));

    /// <summary>Uniform integer in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public int Between(int min, int max) => _random.Next(min, max + 1);

    /// <summary>Uniform number in [0, 1).</summary>
    public double Next() => _random.NextDouble();
}
