namespace Heapwise.Export;

/// <summary>What a written flame graph page holds.</summary>
/// <param name="Frames">Frames embedded in the page (nodes of the call tree, the root included).</param>
/// <param name="HiddenFrames">Frames left out because they were below <see cref="FlameGraphOptions.MinFrameFraction"/>.</param>
/// <param name="Bytes">Size of the page in bytes.</param>
public sealed record FlameGraphStats(int Frames, int HiddenFrames, long Bytes);
