using System.Globalization;
using System.Runtime.InteropServices;
using Heapwise.Profiles;
using Microsoft.Diagnostics.Tracing.Etlx;

namespace Heapwise.Collection;

/// <summary>What a CPU recording asks for (the runtime's sample profiler), keeps (managed samples by stack), and builds.</summary>
internal sealed class CpuTraceContent(SessionSettings settings) : SampleProfilerContent<CpuRecording>
{
    private static readonly long IntervalNanos = (long)CpuRecording.SamplingInterval.TotalNanoseconds;

    /// <inheritdoc/>
    public override string ReaderThreadName => "Heapwise CPU samples";

    /// <inheritdoc/>
    public override RecordingProgress Progress(TimeSpan elapsed, long droppedEvents) => new(elapsed, Collector.ManagedCount, 0, droppedEvents);

    /// <inheritdoc/>
    public override CpuRecording Build(TraceOutcome outcome)
    {
        var notes = Notes(outcome);
        var builder = new ProfileBuilder(("samples", "count"), ("cpu", "nanoseconds"))
            .Period("cpu", "nanoseconds", IntervalNanos).DefaultSampleType("cpu").Time(outcome.Started, outcome.Duration);
        notes.ForEach(n => builder.Comment(n));
        if (outcome.Log is { } log)
        {
            using var stacks = new StackLocations(log, outcome.CodeMap, builder);
            var ordered = Collector.ManagedByStack.OrderByDescending(s => s.Value).ToList();
            stacks.RegisterEntryModuleFirst(ordered.Select(s => s.Key));
            var locations = new List<ulong>(64);
            foreach (var (stack, count) in ordered)
            {
                stacks.Fill(stack, locations);
                builder.AddSample(CollectionsMarshal.AsSpan(locations), [count, count * IntervalNanos], []);
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

    private List<string> Notes(TraceOutcome outcome)
    {
        var notes = new List<string> { $"Heapwise {RecordingNotes.ToolVersion}: CPU samples of {settings.Target}." };
        if (settings.RuntimeVersion is { } version)
        {
            notes.Add($"Runtime: .NET {version}.");
        }

        notes.Add(string.Create(CultureInfo.InvariantCulture,
            $"Sampling: the runtime's sampler takes the stack of every managed thread once per {CpuRecording.SamplingInterval.TotalMilliseconds:0.###} ms; {Collector.ManagedCount:N0} samples of threads running managed code are the CPU time here, {Collector.ExternalCount:N0} samples of threads waiting or in native code were left out."));
        if (Collector.ManagedCount == 0 && Collector.ExternalCount > 0)
        {
            notes.Add("No sample was marked as running managed code: .NET 9 and 10 runtimes without the fix of dotnet/runtime#123996 mark every sample external; update the runtime.");
        }

        RecordingNotes.AddSessionNotes(notes, settings, Collector.ExcludedThreadId, Collector.ExcludedCount, outcome.DroppedEvents, outcome.Failure);
        return notes;
    }
}
