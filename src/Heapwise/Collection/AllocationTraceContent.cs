using System.Globalization;
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

    /// <summary>Whether this recording follows the sampled objects through GCs (it was asked to, and the target sends sampled addresses).</summary>
    public bool TracksLiveHeap => _collector.Live is not null && !_collector.UsesTicks;

    /// <summary>The runtime's index of the latest GC whose end the recording has read, 0 before any or without live tracking.</summary>
    public long LastCollectionEnded => _collector.Live?.LastCollectionEnded ?? 0;

    /// <inheritdoc/>
    public AllocationRecording Build(TraceOutcome outcome)
    {
        var notes = RecordingNotes.Compose(settings, _collector, outcome.DroppedEvents, outcome.Failure);
        Profile profile;
        Profile? liveProfile = null;
        var live = TracksLiveHeap ? _collector.Live!.Snapshot() : null;
        var liveNotes = LiveHeapNotes.Compose(settings, live, outcome.DroppedEvents);
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

            if (live is not null)
            {
                liveProfile = BuildHeap(live, outcome.CodeMap, heapComments, outcome.Started, outcome.Duration);
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

    /// <summary>
    /// The live heap profile as it stands now, while recording goes on (see <see cref="AllocationRecording.LiveProfile"/>):
    /// frames named by <paramref name="codeMap"/>, which must come from a method rundown taken just before.
    /// </summary>
    /// <exception cref="InvalidOperationException">The recording does not follow the live heap (see <see cref="TracksLiveHeap"/>).</exception>
    public Profile LiveProfileNow(CodeMap codeMap, DateTimeOffset started, TimeSpan elapsed, long? droppedEvents)
    {
        var live = TracksLiveHeap ? _collector.Live!.Snapshot() : throw new InvalidOperationException("This recording does not follow the live heap.");
        var comments = RecordingNotes.Compose(settings, _collector, droppedEvents, failure: null);
        comments.Add(string.Create(CultureInfo.InvariantCulture, $"Taken while recording, {elapsed.TotalSeconds:F1} s after it started."));
        comments.AddRange(LiveHeapNotes.Compose(settings, live, droppedEvents));
        return BuildHeap(live, codeMap, comments, started, elapsed);
    }

    private static Profile BuildHeap(LiveHeapSnapshot live, CodeMap codeMap, IEnumerable<string> comments, DateTimeOffset started, TimeSpan duration)
    {
        using var builder = AllocationProfileBuilder.ForHeap(codeMap);
        return builder.BuildHeap(live, comments, started, duration);
    }

    private static Profile Empty(bool live, List<string> notes, TraceOutcome outcome)
    {
        var empty = AllocationProfileBuilder.ProfileShape(live).Time(outcome.Started, outcome.Duration);
        notes.ForEach(n => empty.Comment(n));
        return empty.Build();
    }
}
