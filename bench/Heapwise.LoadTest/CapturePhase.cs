namespace Heapwise.LoadTest;

/// <summary>One kind of phase of the comparison: plain load, or load while a <c>/debug/pprof</c> capture runs.</summary>
/// <param name="Label">How the report names it, e.g. <c>B: allocs capture</c>.</param>
/// <param name="Endpoint">The capture endpoint under <c>/debug/pprof/</c>, or <see langword="null"/> for no capture.</param>
internal sealed record CapturePhase(string Label, string? Endpoint)
{
    /// <summary>A, B, C, in the order each round runs them.</summary>
    public static IReadOnlyList<CapturePhase> All { get; } =
    [
        new("A: no capture", null),
        new("B: allocs capture", "allocs"),
        new("C: CPU capture", "profile"),
    ];
}
