using System.Globalization;
using System.Reflection;

namespace Heapwise.Collection;

/// <summary>
/// The comments every profile carries: what made it, of what, how it was sampled, and everything
/// that makes its figures less than exact. Readers see them in <c>go tool pprof -comments</c> and <c>heapwise top</c>.
/// </summary>
internal static class RecordingNotes
{
    /// <summary>Heapwise's version, as built.</summary>
    public static string ToolVersion { get; } =
        typeof(RecordingNotes).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(RecordingNotes).Assembly.GetName().Version?.ToString() ?? "unknown";

    /// <summary>Composes the notes of a finished recording.</summary>
    public static List<string> Compose(SessionSettings settings, AllocationEventCollector collector, long? droppedEvents, string? failure)
    {
        var notes = new List<string>
        {
            $"Heapwise {ToolVersion}: allocations of {settings.Target}.",
        };
        if (settings.RuntimeVersion is { } version)
        {
            notes.Add($"Runtime: .NET {version}.");
        }

        if (collector.UsesTicks)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"Figures are biased: GCAllocationTick ({collector.TickCount:N0} events) charges each ~100 KB of allocations to the object that crossed the threshold, so types and stacks allocating larger objects are over-represented; record a .NET 10 or later process for unbiased figures."));
        }
        else
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"Sampling: {collector.SampledCount:N0} AllocationSampled events, one per {AllocationSampleScaler.SamplingDistance:N0} allocated bytes on average; values are estimates up-scaled per event: size/(1-(1-1/{AllocationSampleScaler.SamplingDistance})^size) bytes, 1/(1-(1-1/{AllocationSampleScaler.SamplingDistance})^size) objects."));
        }

        AddSessionNotes(notes, settings, collector.ExcludedThreadId, collector.ExcludedCount, droppedEvents, failure);
        return notes;
    }

    /// <summary>
    /// Adds what any recording must say about its session: dropped events, Heapwise's own threads left out
    /// (in-process), and an early end.
    /// </summary>
    public static void AddSessionNotes(List<string> notes, SessionSettings settings, int? excludedThreadId, long excludedCount, long? droppedEvents, string? failure)
    {
        if (droppedEvents is null)
        {
            notes.Add("Dropped events could not be counted with this TraceEvent version; estimates may be low.");
        }
        else if (droppedEvents > 0)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"{droppedEvents:N0} events dropped by the runtime; estimates are low."));
        }

        if (settings.ExcludeReaderThread)
        {
            notes.Add(excludedThreadId is null
                ? "The profiler's own event-reading thread could not be identified on this OS; what it does is included."
                : string.Create(CultureInfo.InvariantCulture, $"{excludedCount:N0} events from Heapwise's own event-reading threads were left out."));
        }

        if (failure is not null)
        {
            notes.Add($"Recording ended early: {failure}");
        }
    }
}
