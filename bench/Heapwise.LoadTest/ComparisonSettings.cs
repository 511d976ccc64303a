namespace Heapwise.LoadTest;

/// <summary>The shape of a comparison run; every length is bounded, so the run is.</summary>
internal sealed record ComparisonSettings
{
    /// <summary>Rounds of A, B, C.</summary>
    public int Rounds { get; init; } = 5;

    /// <summary>How long each phase sends load.</summary>
    public TimeSpan PhaseLength { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Time between asking for a capture and starting the load: the capture's session starts meanwhile.</summary>
    public TimeSpan Lead { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Capture time left after the load ends, so the load never outlasts the capture.</summary>
    public TimeSpan Tail { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Load before the first round, not measured (JIT tiering, connection set-up, thread pool growth).</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Whether each round starts one phase later than the previous (A B C, B C A, C A B), so that no phase always follows the same one.</summary>
    public bool Rotate { get; init; }

    /// <summary>Workers and request mix; the duration is <see cref="PhaseLength"/>.</summary>
    public LoadOptions Load { get; init; } = new();
}
