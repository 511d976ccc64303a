namespace Heapwise.Heap;

/// <summary>What the heap dump behind a waste analysis cost.</summary>
/// <param name="DumpBytes">The dump's size on disk (it is deleted after the analysis).</param>
/// <param name="WriteTime">How long the runtime took to write it; the target process is suspended for about this long.</param>
/// <param name="AnalysisTime">How long reading the dump and finding the waste took.</param>
public sealed record HeapDumpCost(long DumpBytes, TimeSpan WriteTime, TimeSpan AnalysisTime);
