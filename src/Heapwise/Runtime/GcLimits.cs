using System.Runtime;

namespace Heapwise.Runtime;

/// <summary>How the garbage collector is configured, and the memory limits it works within.</summary>
/// <param name="IsServerGC"><see cref="GCSettings.IsServerGC"/>: server GC (a heap per core) rather than workstation GC.</param>
/// <param name="IsConcurrent">The <c>Concurrent</c> entry of <see cref="GC.GetConfigurationVariables"/>: background (concurrent) gen-2 collections enabled.</param>
/// <param name="LatencyMode"><see cref="GCSettings.LatencyMode"/>: e.g. <c>Interactive</c>, <c>SustainedLowLatency</c>, <c>Batch</c>.</param>
/// <param name="HeapHardLimitBytes">
/// <c>AppContext.GetData("GCHeapHardLimit")</c> (set by <c>GCHeapHardLimit</c> / <c>DOTNET_GCHeapHardLimit</c>); when
/// unset, the runtime derives a limit from the container's memory limit, if any; 0 when there is none.
/// </param>
/// <param name="TotalAvailableMemoryBytes"><see cref="GCMemoryInfo.TotalAvailableMemoryBytes"/>: memory the GC may use (the hard limit, the container limit, or physical memory).</param>
/// <param name="HighMemoryLoadThresholdBytes"><see cref="GCMemoryInfo.HighMemoryLoadThresholdBytes"/>: memory load above which the GC collects more aggressively.</param>
/// <param name="MemoryLoadBytes"><see cref="GCMemoryInfo.MemoryLoadBytes"/>: memory in use on the machine (or container) at the last GC.</param>
/// <param name="ProcessorCount"><see cref="Environment.ProcessorCount"/>: processors available to the process, which sizes server GC's heaps.</param>
/// <param name="Configuration"><see cref="GC.GetConfigurationVariables"/>: every GC setting the runtime reports, as text.</param>
public sealed record GcLimits(
    bool IsServerGC,
    bool IsConcurrent,
    GCLatencyMode LatencyMode,
    long HeapHardLimitBytes,
    long TotalAvailableMemoryBytes,
    long HighMemoryLoadThresholdBytes,
    long MemoryLoadBytes,
    int ProcessorCount,
    IReadOnlyDictionary<string, string> Configuration);
