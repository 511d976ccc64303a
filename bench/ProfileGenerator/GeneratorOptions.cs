namespace Heapwise.Bench.ProfileGenerator;

/// <summary>What profile to generate. Validated on construction; the defaults give the 1M-sample benchmark profile.</summary>
internal sealed record GeneratorOptions
{
    public int Samples { get; init; } = 1_000_000;

    public int Functions { get; init; } = 50_000;

    public int Locations { get; init; } = 100_000;

    public int MinDepth { get; init; } = 8;

    public int MaxDepth { get; init; } = 40;

    public int Types { get; init; } = 500;

    public int Seed { get; init; } = 1;

    /// <summary>Roots: the few entry points (thread pool dispatch, Main, Kestrel) every stack starts from.</summary>
    public const int RootCount = 16;

    /// <summary>Allocating leaf functions (String.Concat, List.Grow, constructors): one in fifty functions.</summary>
    public int AllocatorCount => Math.Max(16, Functions / 50);

    /// <summary>Call-graph layers between the roots and the allocators: stack depth d uses layers 0 … d-2.</summary>
    public int LayerCount => MaxDepth - 1;

    /// <summary>Throws when the numbers cannot make a profile of the requested shape.</summary>
    /// <exception cref="ArgumentException">A parameter is out of range; the message says which and why.</exception>
    public GeneratorOptions Validate()
    {
        Require(Samples >= 1, "--samples must be at least 1.");
        Require(MinDepth >= 2 && MinDepth <= MaxDepth, "--min-depth must be at least 2 and at most --max-depth.");
        Require(MaxDepth <= 256, "--max-depth must be at most 256.");
        Require(Types >= 1, "--types must be at least 1.");
        int layered = Functions - RootCount - AllocatorCount;
        Require(layered >= LayerCount - 1,
            $"--functions must be at least {RootCount + AllocatorCount + LayerCount - 1} for --max-depth {MaxDepth}: every call-graph layer needs a function.");
        Require(Locations >= Functions, "--locations must be at least --functions: every function needs a location.");
        return this;
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException(message);
        }
    }
}
