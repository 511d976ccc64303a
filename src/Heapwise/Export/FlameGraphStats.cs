namespace Heapwise.Export;

/// <summary>What a written flame graph page holds.</summary>
/// <param name="Frames">Frames embedded in the page (nodes of the call tree, the root included).</param>
/// <param name="HiddenFrames">
/// Frames left out because they were below <see cref="FlameGraphOptions.MinFrameFraction"/>; frames beneath them count
/// too when the tree holds them (a tree built with <see cref="CallTreeOptions.PruneBelowFraction"/> does not).
/// </param>
/// <param name="Bytes">Size of the page in bytes.</param>
public sealed record FlameGraphStats(int Frames, int HiddenFrames, long Bytes);
