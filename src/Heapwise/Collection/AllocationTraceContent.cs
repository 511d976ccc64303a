using Heapwise.Profiles;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Parsers;

namespace Heapwise.Collection;

/// <summary>What an allocation recording asks for (AllocationSampled, or GCAllocationTick before .NET 10), keeps, and builds.</summary>
internal sealed class AllocationTraceContent(SessionSettings settings) : ITraceContent<AllocationRecording>
{
    private readonly AllocationEventCollector _collector = new();

    /// <inheritdoc/>
    public long RuntimeKeywords
    {
        get
        {
            long keywords = 0;
            if (settings.Choice != AllocationEventChoice.AllocationTick)
            {
                keywords |= (long)ClrTraceEventParser.Keywords.AllocationSampling;
            }

            if (settings.Choice != AllocationEventChoice.AllocationSampled)
            {
                keywords |= (long)ClrTraceEventParser.Keywords.GC;
            }

            return keywords;
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<EventPipeProvider> OtherProviders => [];

    /// <inheritdoc/>
    public string ReaderThreadName => "Heapwise allocation events";

    /// <inheritdoc/>
    public int? ExcludedThreadId
    {
        get => _collector.ExcludedThreadId;
        set => _collector.ExcludedThreadId = value;
    }

    /// <summary>Events left out as the profiler's own.</summary>
    public long ExcludedEvents => _collector.ExcludedCount;

    /// <inheritdoc/>
    public void Attach(TraceLogEventSource source) => _collector.Attach(source, settings.Choice);

    /// <inheritdoc/>
    public RecordingProgress Progress(TimeSpan elapsed, long droppedEvents) =>
        new(elapsed, _collector.EventCount, (long)_collector.EstimatedBytes, droppedEvents);

    /// <inheritdoc/>
    public AllocationRecording Build(TraceOutcome outcome)
    {
        var notes = RecordingNotes.Compose(settings, _collector, outcome.DroppedEvents, outcome.Failure);
        Profile profile;
        if (outcome.Log is null)
        {
            var empty = new ProfileBuilder(("alloc_objects", "count"), ("alloc_space", "bytes"))
                .Period("space", "bytes", AllocationSampleScaler.SamplingDistance).DefaultSampleType("alloc_space").Time(outcome.Started, outcome.Duration);
            notes.ForEach(n => empty.Comment(n));
            profile = empty.Build();
        }
        else
        {
            using var builder = new AllocationProfileBuilder(outcome.Log, outcome.CodeMap);
            profile = builder.Build(_collector.Totals, notes, outcome.Started, outcome.Duration);
        }

        return new AllocationRecording
        {
            Profile = profile,
            SampleCount = _collector.EventCount,
            DroppedEvents = outcome.DroppedEvents ?? 0,
            IsBiased = _collector.UsesTicks,
            Notes = notes,
            Duration = outcome.Duration,
        };
    }
}
