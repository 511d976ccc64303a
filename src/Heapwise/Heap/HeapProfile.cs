using Heapwise.Profiles;

namespace Heapwise.Heap;

/// <summary>
/// A heap snapshot as a pprof profile: sample types <c>inuse_objects</c>/count and <c>inuse_space</c>/bytes, and
/// as "stack" of each object the types on its shortest reference path from a GC root, the object's own type as
/// the leaf and the root (<c>[static] s_cache</c>, <c>[stack]</c>, ...) at the bottom. Objects with the same type
/// path share a sample, so <c>top</c> ranks types, <c>peek</c> shows who references them and flame graphs show the heap.
/// </summary>
/// <remarks>
/// A run of objects of one type (a linked list) is one frame, and paths deeper than 32 frames keep their first
/// frames, an elision frame (<c>…</c>) and the object's type.
/// </remarks>
public static class HeapProfile
{
    /// <summary>Builds the profile of <paramref name="snapshot"/> using its shortest root paths.</summary>
    public static Profile Build(HeapSnapshot snapshot, RootPaths paths)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(paths);
        var typePaths = TypePaths.Compute(snapshot, paths);
        var (counts, bytes) = typePaths.Totals();
        var builder = NewBuilder(snapshot.Info);
        builder.Comment($"Heap snapshot of {snapshot.Info.ProcessDescription}: stacks are type reference paths from GC roots (shortest path per object).");
        foreach (string problem in snapshot.Info.Problems)
        {
            builder.Comment("Incomplete: " + problem);
        }

        var locations = new Dictionary<string, ulong>(StringComparer.Ordinal);
        for (int path = 0; path < typePaths.Count; path++)
        {
            if (counts[path] > 0)
            {
                AddSample(builder, locations, typePaths.Frames(path), counts[path], bytes[path]);
            }
        }

        return builder.Build();
    }

    /// <summary>A builder with the heap profile's sample types.</summary>
    internal static ProfileBuilder NewBuilder(HeapSnapshotInfo info) =>
        new ProfileBuilder(("inuse_objects", "count"), ("inuse_space", "bytes"))
            .Period("space", "bytes", 1)
            .DefaultSampleType("inuse_space")
            .Time(info.TakenAt, info.TargetPause);

    /// <summary>Adds one sample whose stack is <paramref name="rootFirstFrames"/> (root first; pprof wants the leaf first).</summary>
    internal static void AddSample(ProfileBuilder builder, Dictionary<string, ulong> locations, IReadOnlyList<string> rootFirstFrames, long count, long bytes)
    {
        var stack = new ulong[rootFirstFrames.Count];
        for (int i = 0; i < stack.Length; i++)
        {
            string frame = rootFirstFrames[rootFirstFrames.Count - 1 - i];
            if (!locations.TryGetValue(frame, out ulong location))
            {
                location = builder.Location(builder.Function(frame));
                locations.Add(frame, location);
            }

            stack[i] = location;
        }

        builder.AddSample(stack, [count, bytes]);
    }
}
