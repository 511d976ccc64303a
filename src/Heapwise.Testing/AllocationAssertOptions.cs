namespace Heapwise.Testing;

/// <summary>How an allocation assertion measures and, when it fails, how it explains the failure.</summary>
public sealed record AllocationAssertOptions
{
    /// <summary>One warm-up run, explanation on, at most 10 s of sampling for it, 8 sites shown.</summary>
    public static AllocationAssertOptions Default { get; } = new();

    /// <summary>
    /// Runs before measuring, not counted (default 1): the first call pays for JIT compilation, static constructors
    /// and pools filling, which a steady state does not.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int WarmupRuns
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            field = value;
        }
    } = 1;

    /// <summary>
    /// Whether a failure re-runs the code under the allocation profiler to name the allocation sites (default
    /// <see langword="true"/>). The code then runs many more times: turn this off when it has effects that must not repeat.
    /// </summary>
    public bool ExplainFailures { get; init; } = true;

    /// <summary>
    /// How many allocation samples the explanation aims for (default 64). The runtime samples about one allocation
    /// per 100 KiB, so the code is repeated until it has allocated this many times 100 KiB, or
    /// <see cref="MaxSamplingTime"/> has passed.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive.</exception>
    public int TargetSamples
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            field = value;
        }
    } = 64;

    /// <summary>The longest the explanation may repeat the code (default 10 s).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive.</exception>
    public TimeSpan MaxSamplingTime
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(value, TimeSpan.Zero);
            field = value;
        }
    } = TimeSpan.FromSeconds(10);

    /// <summary>How many allocation sites the failure message lists at most (default 8).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive.</exception>
    public int MaxSites
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            field = value;
        }
    } = 8;

    /// <summary>
    /// Frames left out when naming a site (a regular expression on function names, pprof's <c>-hide</c>), so a site is
    /// the innermost frame of your code rather than the library method that allocated for it. Default: the base
    /// library (<c>System.</c>, <c>Microsoft.</c>, <c>Internal.</c>) and Heapwise.Testing itself.
    /// </summary>
    /// <exception cref="ArgumentException">The value is empty.</exception>
    public string HideFrames
    {
        get;
        init
        {
            ArgumentException.ThrowIfNullOrEmpty(value);
            field = value;
        }
    } = @"^(System|Microsoft|Internal|Heapwise\.Testing)\.";
}
