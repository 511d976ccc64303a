using System.Reflection;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Etlx;

namespace Heapwise.Collection;

/// <summary>
/// Reads how many events the runtime reported lost in a live TraceLog session.
/// </summary>
/// <remarks>
/// EventPipeEventSource counts lost events (from gaps in the per-thread sequence numbers of the nettrace format),
/// but a live <see cref="TraceLogEventSource"/> only copies that count when the stream header arrives, so its
/// <c>EventsLost</c> stays 0. The underlying source is TraceLog's internal field <c>rawEventSourceToConvert</c>
/// (TraceEvent 4.0.0, pinned in Directory.Packages.props); a test fails loudly if an upgrade renames it, and at run
/// time its absence is reported in the recording's notes rather than hidden.
/// </remarks>
internal static class EventPipeDropCounter
{
    private static readonly FieldInfo? RawSourceField =
        typeof(TraceLog).GetField("rawEventSourceToConvert", BindingFlags.NonPublic | BindingFlags.Instance);

    /// <summary>A function returning the live lost-event count of <paramref name="log"/>'s source, or <see langword="null"/> when it cannot be read.</summary>
    public static Func<long>? For(TraceLog log)
    {
        ArgumentNullException.ThrowIfNull(log);
        if (RawSourceField?.GetValue(log) is not TraceEventDispatcher raw)
        {
            return null;
        }

        return () => raw.EventsLost;
    }
}
