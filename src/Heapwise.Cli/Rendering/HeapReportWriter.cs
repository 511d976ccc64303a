using System.Globalization;
using Heapwise.Analysis;
using Heapwise.Heap;

namespace Heapwise.Cli.Rendering;

/// <summary>Prints heap reports (types, retainers, generations, paths, diffs) as plain text tables, numbers exact.</summary>
internal static partial class HeapReportWriter
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The whole report: header, types, largest retainers, generations, and the waste when the snapshot has it.</summary>
    public static void Write(TextWriter output, HeapReport report)
    {
        WriteHeader(output, report.Info, report.ObjectCount, report.TotalBytes);
        if (report.UnreachedObjects > 0)
        {
            output.WriteLine(string.Create(Invariant, $"{report.UnreachedObjects:N0} objects are reached from no reported root (runtime-internal references); they hang from the virtual root."));
        }

        output.WriteLine();
        WriteTypes(output, report);
        if (report.Retainers.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("Largest retainers (dominator tree)");
            WriteTable(output, ["retained", "objects", "shallow", "address", "type", "held by"],
                [.. report.Retainers.Select(r => new[]
                {
                    Number(r.RetainedBytes), Number(r.RetainedObjects), Number(r.ShallowBytes),
                    "0x" + r.Address.ToString("x", Invariant), r.Type, r.Root,
                })], rightAligned: 3);
        }

        output.WriteLine();
        output.WriteLine("Generations");
        WriteTable(output, ["objects", "bytes", "%", "where"],
            [.. report.Generations.Select(g => new[] { Number(g.Count), Number(g.Bytes), MeasurementFormat.Percentage(g.Bytes, report.TotalBytes), g.Generation })],
            rightAligned: 3);
        if (report.Waste is { } waste)
        {
            output.WriteLine();
            WriteWaste(output, waste);
        }
    }

    /// <summary>The types table alone.</summary>
    public static void WriteTypes(TextWriter output, HeapReport report)
    {
        WriteTable(output, ["count", "shallow", "retained", "retained%", "type"],
            [.. report.Types.Select(t => new[]
            {
                Number(t.Count), Number(t.ShallowBytes), Number(t.RetainedBytes), MeasurementFormat.Percentage(t.RetainedBytes, report.TotalBytes), t.Type,
            })], rightAligned: 4);
    }

    /// <summary>The paths to a type's instances.</summary>
    public static void WritePaths(TextWriter output, HeapPathReport report)
    {
        output.WriteLine(string.Create(Invariant,
            $"{report.InstanceCount:N0} instances of {string.Join(", ", report.MatchedTypes)} ({report.InstanceBytes:N0} bytes), {report.DistinctPaths:N0} distinct shortest paths from GC roots"));
        foreach (var path in report.Paths)
        {
            output.WriteLine();
            output.WriteLine(string.Create(Invariant,
                $"{path.Count:N0} instances, {path.Bytes:N0} bytes; e.g. 0x{path.ExampleAddress:x}, {path.ExampleHops} references from its root:"));
            for (int i = 0; i < path.Frames.Count; i++)
            {
                output.WriteLine(new string(' ', 2 + (2 * i)) + (i == 0 ? string.Empty : "→ ") + path.Frames[i]);
            }
        }

        if (report.DistinctPaths > report.Paths.Count)
        {
            output.WriteLine();
            output.WriteLine(string.Create(Invariant, $"({report.DistinctPaths - report.Paths.Count:N0} more paths; --paths N shows more)"));
        }
    }

    /// <summary>What grew between two snapshots.</summary>
    public static void WriteDiff(TextWriter output, HeapDiff diff, int rows)
    {
        output.WriteLine(string.Create(Invariant, $"Heap growth from {diff.Before.TakenAt:u} to {diff.After.TakenAt:u} ({diff.After.ProcessDescription})"));
        foreach (string problem in diff.Before.Problems.Concat(diff.After.Problems))
        {
            output.WriteLine("Incomplete snapshot: " + problem);
        }

        output.WriteLine();
        output.WriteLine("Types that grew");
        WriteDiffTable(output, diff.Types.Take(rows), "type");
        output.WriteLine();
        output.WriteLine("Reference paths that grew (root first)");
        WriteDiffTable(output, diff.Paths.Take(rows), "path");
    }

    private static void WriteDiffTable(TextWriter output, IEnumerable<HeapDiffRow> rows, string what) =>
        WriteTable(output, ["+bytes", "+objects", "bytes after", "objects after", what],
            [.. rows.Select(r => new[] { Signed(r.BytesDelta), Signed(r.CountDelta), Number(r.BytesAfter), Number(r.CountAfter), r.Name })],
            rightAligned: 4);

    private static void WriteHeader(TextWriter output, HeapSnapshotInfo info, long objects, long bytes)
    {
        output.WriteLine($"Heap snapshot of {info.ProcessDescription}");
        output.WriteLine(string.Create(Invariant,
            $"Taken {info.TakenAt:u}; target paused {info.TargetPause.TotalMilliseconds:0.#} ms; {objects:N0} live objects, {bytes:N0} bytes ({MeasurementFormat.Label(bytes, "bytes")})"));
        foreach (string problem in info.Problems)
        {
            output.WriteLine("Incomplete: " + problem + "; figures under-count.");
        }
    }

    private static void WriteTable(TextWriter output, string[] headers, string[][] rows, int rightAligned)
    {
        var widths = headers.Select((h, c) => Math.Max(h.Length, rows.Length == 0 ? 0 : rows.Max(r => r[c].Length))).ToArray();
        output.WriteLine(Line(headers));
        foreach (var row in rows)
        {
            output.WriteLine(Line(row));
        }

        string Line(string[] cells) => string.Join("  ", cells.Select((cell, c) =>
            c == cells.Length - 1 ? cell : c < rightAligned ? cell.PadLeft(widths[c]) : cell.PadRight(widths[c]))).TrimEnd();
    }

    private static string Number(long value) => value.ToString("N0", Invariant);

    private static string Signed(long value) => (value > 0 ? "+" : string.Empty) + value.ToString("N0", Invariant);
}
