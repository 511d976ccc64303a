namespace Heapwise.Testing;

/// <summary>Tracked objects of one type that were still alive after the collections.</summary>
/// <param name="Type">Their type's full name.</param>
/// <param name="Count">How many survived.</param>
/// <param name="Tracked">How many of that type were tracked.</param>
/// <param name="Labels">The labels given to <see cref="LeakTracker.Track{T}"/> for the survivors, where given.</param>
/// <param name="PathFromRoot">A reference path from a GC root to one survivor, root first; empty without a <see cref="LeakAssertOptions.PathFinder"/>.</param>
public sealed record LeakSurvivorGroup(string Type, int Count, int Tracked, IReadOnlyList<string> Labels, IReadOnlyList<string> PathFromRoot);
