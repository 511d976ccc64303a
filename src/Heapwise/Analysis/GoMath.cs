namespace Heapwise.Analysis;

/// <summary>
/// Integer helpers with Go's semantics: no overflow exceptions. A corrupt or adversarial profile can
/// hold values near <see cref="long.MinValue"/>; pprof wraps around on them, and so must a report that
/// matches it, instead of failing with an internal error.
/// </summary>
internal static class GoMath
{
    /// <summary>|<paramref name="value"/>|, with <see cref="long.MinValue"/> left as is (as Go's abs64 does).</summary>
    public static long Abs(long value) => value < 0 ? unchecked(-value) : value;

    /// <summary>The sum of <paramref name="values"/>, wrapping around on overflow.</summary>
    public static long Sum(IEnumerable<long> values)
    {
        long sum = 0;
        foreach (long v in values)
        {
            sum = unchecked(sum + v);
        }

        return sum;
    }
}
