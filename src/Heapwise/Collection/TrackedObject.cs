namespace Heapwise.Collection;

/// <summary>A sampled object the <see cref="LiveObjectTracker"/> follows.</summary>
/// <param name="Address">Where it is now.</param>
/// <param name="Size">Its size in bytes.</param>
/// <param name="Site">The allocation site index given when it was recorded.</param>
/// <param name="Stamp">When it was last allocated or moved, on the tracker's event clock.</param>
/// <param name="Moved">Whether <paramref name="Stamp"/> is a move rather than the allocation.</param>
internal readonly record struct TrackedObject(ulong Address, long Size, int Site, long Stamp, bool Moved = false);
