namespace Heapwise.Samples.Service;

/// <summary>
/// The simulated load's cycle, bound from the <c>SimulatedLoad</c> section: add <see cref="StepKilobytes"/> to the
/// cache every <see cref="StepInterval"/> until it holds <see cref="PeakMegabytes"/>, keep that for
/// <see cref="Hold"/>, trim to <see cref="TrimToMegabytes"/>, rest there for <see cref="Rest"/>, and start again.
/// </summary>
internal sealed class SimulatedLoadOptions
{
    /// <summary>Whether the cycle runs. Default off: the service then only allocates for requests.</summary>
    public bool Enabled { get; set; }

    /// <summary>Size of each payload the load adds. Default 1024 (1 MiB, a large-object-heap allocation).</summary>
    public int StepKilobytes { get; set; } = 1024;

    /// <summary>Time between two additions. Default 200 ms (5 MiB/s with the default step).</summary>
    public TimeSpan StepInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Cache size at which the load stops growing. Default 320.</summary>
    public int PeakMegabytes { get; set; } = 320;

    /// <summary>How long the cache stays at its peak before the trim. Default 30 s.</summary>
    public TimeSpan Hold { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Cache size after the trim. Default 32.</summary>
    public int TrimToMegabytes { get; set; } = 32;

    /// <summary>How long the cache stays trimmed before growing again. Default 30 s.</summary>
    public TimeSpan Rest { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Checks the values when the load is on, so a wrong setting stops the service at start with a message rather than misbehaving.</summary>
    /// <exception cref="HeapwiseException">A value is out of range.</exception>
    public void Validate(long cacheMaxBytes)
    {
        if (!Enabled)
        {
            return;
        }

        if (StepKilobytes <= 0 || StepInterval <= TimeSpan.Zero || Hold < TimeSpan.Zero || Rest < TimeSpan.Zero || TrimToMegabytes < 0)
        {
            throw new HeapwiseException("SimulatedLoad: StepKilobytes and StepInterval must be positive, Hold, Rest and TrimToMegabytes not negative; fix them in appsettings.json or on the command line.");
        }

        if (TrimToMegabytes >= PeakMegabytes || ((long)PeakMegabytes << 20) > cacheMaxBytes)
        {
            throw new HeapwiseException(
                $"SimulatedLoad:PeakMegabytes ({PeakMegabytes}) must be above TrimToMegabytes ({TrimToMegabytes}) and at most Cache:MaxMegabytes ({cacheMaxBytes >> 20}): change one of them.");
        }
    }
}
