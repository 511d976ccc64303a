using System.Globalization;

namespace Heapwise.Collection;

/// <summary>What a live heap profile must say about itself: what "in use" means here, and what makes it unreliable.</summary>
internal static class LiveHeapNotes
{
    /// <summary>
    /// The notes about the live heap alone; empty when it was not asked for. <paramref name="live"/> is what the
    /// tracker knew, or <see langword="null"/> when the target could not be tracked; <paramref name="droppedEvents"/>
    /// are the session's lost events: a lost survival or movement report leaves the tracker wrong.
    /// </summary>
    public static List<string> Compose(SessionSettings settings, LiveHeapSnapshot? live, long? droppedEvents)
    {
        var notes = new List<string>();
        if (!settings.TrackLiveHeap)
        {
            return notes;
        }

        if (live is null)
        {
            notes.Add("No live heap profile: it needs the AllocationSampled event's addresses (.NET 10 or later targets).");
            return notes;
        }

        notes.Add(string.Create(CultureInfo.InvariantCulture,
            $"In use: the sampled objects alive at the end of GC {live.LastCollection}, the last of {live.CollectionsApplied:N0} GCs while recording ({live.Died:N0} sampled objects died, {live.Tracked:N0} alive), followed through {live.SurvivalRanges:N0} surviving and {live.MovedRanges:N0} moved ranges; objects allocated before the recording started are not counted, nor those allocated after the last GC (as in Go)."));
        if (live.CollectionsApplied == 0)
        {
            notes.Add("No GC completed while recording, so nothing is known to be in use yet: record longer.");
        }

        if (droppedEvents > 0)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"In use is unreliable: {droppedEvents:N0} events were lost, and a lost survival or movement report makes sampled objects look dead or alive wrongly."));
        }

        if (live.CollectionsWithoutRanges > 0)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"In use may be high: {live.CollectionsWithoutRanges:N0} GCs came without their generation ranges, so what they collected is still counted."));
        }

        return notes;
    }
}
