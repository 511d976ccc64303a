using Heapwise.Profiles;

namespace Heapwise.Heap;

/// <summary>
/// What grew between two heap snapshots of a process: types and type reference paths whose object count or bytes
/// went up, ranked by bytes gained, and a diff profile (the second snapshot's samples plus the first's negated, as
/// <c>pprof -diff_base</c> reads two profiles) for <c>top</c>, <c>peek</c> and flame graphs.
/// </summary>
public sealed class HeapDiff
{
    /// <summary>The separator of path frames in <see cref="HeapDiffRow.Name"/>.</summary>
    public const string PathSeparator = " → ";

    private HeapDiff(IReadOnlyList<HeapDiffRow> types, IReadOnlyList<HeapDiffRow> paths, Profile profile, HeapSnapshotInfo before, HeapSnapshotInfo after)
    {
        Types = types;
        Paths = paths;
        Profile = profile;
        Before = before;
        After = after;
    }

    /// <summary>Types that grew (count or bytes), most bytes gained first.</summary>
    public IReadOnlyList<HeapDiffRow> Types { get; }

    /// <summary>Type reference paths that grew, most bytes gained first.</summary>
    public IReadOnlyList<HeapDiffRow> Paths { get; }

    /// <summary>The diff profile: the second snapshot's paths with positive values, the first's with negative ones.</summary>
    public Profile Profile { get; }

    /// <summary>The first snapshot's info.</summary>
    public HeapSnapshotInfo Before { get; }

    /// <summary>The second snapshot's info.</summary>
    public HeapSnapshotInfo After { get; }

    /// <summary>Compares <paramref name="before"/> with <paramref name="after"/>.</summary>
    public static HeapDiff Compute(HeapSnapshot before, HeapSnapshot after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var typesBefore = TypeTotals(before);
        var typesAfter = TypeTotals(after);
        var pathsBefore = PathTotals(before);
        var pathsAfter = PathTotals(after);

        var builder = HeapProfile.NewBuilder(after.Info);
        builder.Comment($"Heap difference: {after.Info.ProcessDescription} at {after.Info.TakenAt:u} minus {before.Info.TakenAt:u}.");
        var locations = new Dictionary<string, ulong>(StringComparer.Ordinal);
        foreach (var (frames, (count, bytes)) in pathsAfter)
        {
            HeapProfile.AddSample(builder, locations, frames.Split(PathSeparator), count, bytes);
        }

        foreach (var (frames, (count, bytes)) in pathsBefore)
        {
            HeapProfile.AddSample(builder, locations, frames.Split(PathSeparator), -count, -bytes);
        }

        return new HeapDiff(Grown(typesBefore, typesAfter), Grown(pathsBefore, pathsAfter), builder.Build(), before.Info, after.Info);
    }

    private static HeapDiffRow[] Grown(Dictionary<string, (long Count, long Bytes)> before, Dictionary<string, (long Count, long Bytes)> after) =>
        [.. after.Select(a =>
            {
                var b = before.GetValueOrDefault(a.Key);
                return new HeapDiffRow(a.Key, b.Count, a.Value.Count, b.Bytes, a.Value.Bytes);
            })
            .Where(r => r.CountDelta > 0 || r.BytesDelta > 0)
            .OrderByDescending(r => r.BytesDelta).ThenByDescending(r => r.CountDelta).ThenBy(r => r.Name, StringComparer.Ordinal)];

    private static Dictionary<string, (long Count, long Bytes)> TypeTotals(HeapSnapshot snapshot)
    {
        var totals = new Dictionary<string, (long Count, long Bytes)>(StringComparer.Ordinal);
        foreach (var row in HeapTypeTotals.Compute(snapshot))
        {
            // Two runtime types may print alike (same name in two assemblies): they are added together.
            var t = totals.GetValueOrDefault(row.Name);
            totals[row.Name] = (t.Count + row.Count, t.Bytes + row.Bytes);
        }

        return totals;
    }

    private static Dictionary<string, (long Count, long Bytes)> PathTotals(HeapSnapshot snapshot)
    {
        var typePaths = TypePaths.Compute(snapshot, RootPaths.Compute(snapshot));
        var (counts, bytes) = typePaths.Totals();
        var totals = new Dictionary<string, (long Count, long Bytes)>(StringComparer.Ordinal);
        for (int path = 0; path < typePaths.Count; path++)
        {
            if (counts[path] > 0)
            {
                string key = string.Join(PathSeparator, typePaths.Frames(path));
                var t = totals.GetValueOrDefault(key);
                totals[key] = (t.Count + counts[path], t.Bytes + bytes[path]);
            }
        }

        return totals;
    }
}
