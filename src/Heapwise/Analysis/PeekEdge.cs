namespace Heapwise.Analysis;

/// <summary>A caller or callee of a function in a <see cref="PeekReport"/>.</summary>
/// <param name="Name">The other function's name.</param>
/// <param name="Weight">Value of the samples in which the call happens (each sample counted once).</param>
/// <param name="WeightText"><see cref="Weight"/> formatted in the report's unit.</param>
/// <param name="Inline">Whether the call was inlined in every sample.</param>
public sealed record PeekEdge(string Name, long Weight, string WeightText, bool Inline);

/// <summary>A function matching a <see cref="PeekReport"/>'s expression, with its callers and callees.</summary>
/// <param name="Name">The function name.</param>
/// <param name="Flat">Value of samples whose innermost frame is this function.</param>
/// <param name="Cum">Value of samples with this function on the stack: the 100% of the edges' shares.</param>
/// <param name="RunningFlat">Sum of <see cref="Flat"/> over this entry and the entries above (pprof's sum%).</param>
/// <param name="FlatText"><see cref="Flat"/> formatted in the report's unit.</param>
/// <param name="CumText"><see cref="Cum"/> formatted in the report's unit.</param>
/// <param name="Callers">Callers, heaviest first.</param>
/// <param name="Callees">Callees, heaviest first.</param>
public sealed record PeekEntry(string Name, long Flat, long Cum, long RunningFlat, string FlatText, string CumText,
    IReadOnlyList<PeekEdge> Callers, IReadOnlyList<PeekEdge> Callees);
