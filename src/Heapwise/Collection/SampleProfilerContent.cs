using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing.Etlx;

namespace Heapwise.Collection;

/// <summary>What the contents built on the runtime's sampler (CPU profiles, thread dumps) ask for and keep alike.</summary>
/// <typeparam name="TResult">What the content builds.</typeparam>
internal abstract class SampleProfilerContent<TResult> : ITraceContent<TResult>
{
    /// <summary>The samples read so far.</summary>
    protected CpuSampleCollector Collector { get; } = new();

    /// <inheritdoc/>
    public long RuntimeKeywords => 0;

    /// <inheritdoc/>
    public IReadOnlyList<EventPipeProvider> OtherProviders { get; } = [CpuSampleCollector.Provider];

    /// <inheritdoc/>
    public abstract string ReaderThreadName { get; }

    /// <inheritdoc/>
    public int? ExcludedThreadId
    {
        get => Collector.ExcludedThreadId;
        set => Collector.ExcludedThreadId = value;
    }

    /// <inheritdoc/>
    public virtual void Attach(TraceLogEventSource source) => Collector.Attach(source);

    /// <inheritdoc/>
    public virtual void StopRequested()
    {
    }

    /// <inheritdoc/>
    public abstract RecordingProgress Progress(TimeSpan elapsed, long droppedEvents);

    /// <inheritdoc/>
    public abstract TResult Build(TraceOutcome outcome);
}
