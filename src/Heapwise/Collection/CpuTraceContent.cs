using System.Globalization;
using System.Runtime.InteropServices;
using Heapwise.Profiles;
using Microsoft.Diagnostics.Tracing.Etlx;

namespace Heapwise.Collection;

/// <summary>
/// What a CPU recording asks for (the runtime's sample profiler), keeps (samples by thread and stack, and each
/// thread's OS CPU time at start and stop), and builds (see <see cref="CpuTimeAttribution"/>).
/// </summary>
internal sealed class CpuTraceContent(SessionSettings settings) : SampleProfilerContent<CpuRecording>
{
    private static readonly long IntervalNanos = (long)CpuRecording.SamplingInterval.TotalNanoseconds;

    private Dictionary<int, TimeSpan>? _cpuAtStart;
    private Dictionary<int, TimeSpan>? _cpuAtStop;

    /// <inheritdoc/>
    public override string ReaderThreadName => "Heapwise CPU samples";

    /// <inheritdoc/>
    public override RecordingProgress Progress(TimeSpan elapsed, long droppedEvents) => new(elapsed, Collector.ManagedCount, 0, droppedEvents);

    /// <inheritdoc/>
    public override void Attach(TraceLogEventSource source)
    {
        _cpuAtStart = ThreadCpuTimes.Read(settings.ProcessId);
        base.Attach(source);
    }

    /// <inheritdoc/>
    public override void StopRequested() => _cpuAtStop ??= ThreadCpuTimes.Read(settings.ProcessId);

    /// <inheritdoc/>
    public override CpuRecording Build(TraceOutcome outcome)
    {
        StopRequested();
        var attribution = CpuTimeAttribution.Attribute(Collector.ByThreadAndStack, _cpuAtStart, _cpuAtStop, CpuRecording.SamplingInterval);
        var notes = Notes(outcome, attribution);
        var builder = new ProfileBuilder(("samples", "count"), ("cpu", "nanoseconds"))
            .Period("cpu", "nanoseconds", IntervalNanos).DefaultSampleType("cpu").Time(outcome.Started, outcome.Duration);
        notes.ForEach(n => builder.Comment(n));
        if (outcome.Log is { } log)
        {
            using var stacks = new StackLocations(log, outcome.CodeMap, builder);
            var ordered = attribution.ByStack.OrderByDescending(s => s.Value.CpuNanos).ToList();
            stacks.RegisterEntryModuleFirst(ordered.Select(s => s.Key));
            var locations = new List<ulong>(64);
            foreach (var (stack, (samples, cpu)) in ordered)
            {
                stacks.Fill(stack, locations);
                builder.AddSample(CollectionsMarshal.AsSpan(locations), [samples, cpu], []);
            }
        }

        return new CpuRecording
        {
            Profile = builder.Build(),
            SampleCount = Collector.ManagedCount,
            ExternalSamples = Collector.ExternalCount,
            DroppedEvents = outcome.DroppedEvents ?? 0,
            Notes = notes,
            Duration = outcome.Duration,
        };
    }

    private List<string> Notes(TraceOutcome outcome, CpuTimeAttributionResult attribution)
    {
        var notes = new List<string> { $"Heapwise {RecordingNotes.ToolVersion}: CPU samples of {settings.Target}." };
        if (settings.RuntimeVersion is { } version)
        {
            notes.Add($"Runtime: .NET {version}.");
        }

        notes.Add(string.Create(CultureInfo.InvariantCulture,
            $"Sampling: the runtime's sampler took the stack of every managed thread once per {CpuRecording.SamplingInterval.TotalMilliseconds:0.###} ms: {Collector.ManagedCount:N0} samples flagged as running managed code (the samples value), {Collector.ExternalCount:N0} flagged as waiting or in native code."));
        notes.Add(attribution.EstimatedThreads == 0
            ? "CPU time: each thread's CPU time as the OS measured it (/proc, 10 ms resolution), spread over its samples flagged as running managed code (all its samples when none was)."
            : string.Create(CultureInfo.InvariantCulture,
                $"CPU time: {attribution.MeasuredThreads} threads as the OS measured them, spread over their managed-flagged samples; {attribution.EstimatedThreads} threads (ended, or no /proc on this OS) count 1 ms per managed-flagged sample, which over-counts idle thread-pool threads."));
        RecordingNotes.AddSessionNotes(notes, settings, Collector.ExcludedThreadId, Collector.ExcludedCount, outcome.DroppedEvents, outcome.Failure);
        return notes;
    }
}
