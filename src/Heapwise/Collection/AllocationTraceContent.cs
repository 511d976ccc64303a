using Heapwise.Profiles;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Parsers;

namespace Heapwise.Collection;

/// <summary>What an allocation recording asks for (AllocationSampled, or GCAllocationTick before .NET 10), keeps, and builds.</summary>
internal sealed class AllocationTraceContent(SessionSettings settings) : ITraceContent<AllocationRecording>
{
    private readonly AllocationEventCollector _collector = new()
    {
        // Ticks carry no sampled address: the live heap needs AllocationSampled.
        Live = settings.TrackLiveHeap && settings.Choice != AllocationEventChoice.AllocationTick ? new LiveHeapCollector() : null,
    };

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

            if (_collector.Live is not null)
            {
                keywords |= LiveHeapCollector.Keywords;
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
    public void Attach(TraceLogEventSource source)
    {
        _collector.Attach(source, settings.Choice);
        _collector.Live?.Attach(source);
    }

    /// <inheritdoc/>
    public RecordingProgress Progress(TimeSpan elapsed, long droppedEvents) =>
        new(elapsed, _collector.EventCount, (long)_collector.EstimatedBytes, droppedEvents);

    /// <inheritdoc/>
    public AllocationRecording Build(TraceOutcome outcome)
    {
        var notes = RecordingNotes.Compose(settings, _collector, outcome.DroppedEvents, outcome.Failure);
        Profile profile;
        Profile? liveProfile = null;
        var liveNotes = LiveHeapNotes.Compose(settings, _collector, outcome.DroppedEvents);
        var heapComments = notes.Concat(liveNotes).ToList();
        if (outcome.Log is null)
        {
            profile = Empty(live: false, notes, outcome);
            liveProfile = _collector.Live is null ? null : Empty(live: true, heapComments, outcome);
        }
        else
        {
            using (var builder = new AllocationProfileBuilder(outcome.Log, outcome.CodeMap))
            {
                profile = builder.Build(_collector.Totals, notes, outcome.Started, outcome.Duration);
            }

            if (_collector.Live is { } live && !_collector.UsesTicks)
            {
                using var heapBuilder = AllocationProfileBuilder.ForHeap(outcome.Log, outcome.CodeMap);
                liveProfile = heapBuilder.BuildHeap(_collector.Totals, live.LiveTotals(), heapComments, outcome.Started, outcome.Duration);
            }
        }

        return new AllocationRecording
        {
            Profile = profile,
            LiveProfile = liveProfile,
            SampleCount = _collector.EventCount,
            DroppedEvents = outcome.DroppedEvents ?? 0,
            IsBiased = _collector.UsesTicks,
            Notes = notes,
            LiveNotes = liveNotes,
            Duration = outcome.Duration,
        };
    }

    private static Profile Empty(bool live, List<string> notes, TraceOutcome outcome)
    {
        var empty = AllocationProfileBuilder.ProfileShape(live).Time(outcome.Started, outcome.Duration);
        notes.ForEach(n => empty.Comment(n));
        return empty.Build();
    }
}
