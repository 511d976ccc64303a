using System.Globalization;
using Heapwise.Analysis;
using Heapwise.Heap;

namespace Heapwise.Cli.Rendering;

/// <summary>The waste section of heap reports.</summary>
internal static partial class HeapReportWriter
{
    /// <summary>The waste found in a heap dump: a summary line, then a table per kind of waste and the notes.</summary>
    public static void WriteWaste(TextWriter output, HeapWaste waste)
    {
        var options = waste.Options;
        output.WriteLine("Waste (from a heap dump: " + DumpCost(waste.Dump) + ")");
        output.WriteLine(string.Create(Invariant,
            $"{waste.TotalBytes:N0} bytes wasted of {waste.HeapBytes:N0} in {waste.ObjectCount:N0} objects ({MeasurementFormat.Percentage(waste.TotalBytes, waste.HeapBytes)}): " +
            $"{waste.CollectionBytes:N0} in over-sized collections, {waste.EmptyCollectionBytes:N0} in empty collections, " +
            $"{waste.DuplicateStringBytes:N0} in duplicate strings, {waste.ZeroArrayBytes:N0} in mostly-zero arrays"));

        output.WriteLine();
        output.WriteLine(string.Create(Invariant, $"Collections with capacity at least {options.CapacityRatio:0.##}× their count (wasted: unused slots × slot size)"));
        WriteTable(output, ["wasted", "objects", "count", "capacity", "type"],
            [.. waste.Collections.Select(r => new[] { Number(r.WastedBytes), Number(r.Objects), Number(r.Count), Number(r.Capacity), r.Type })], rightAligned: 4);

        output.WriteLine();
        output.WriteLine("Empty collections (bytes: each object and the arrays it allocated)");
        WriteTable(output, ["bytes", "objects", "type"],
            [.. waste.EmptyCollections.Select(r => new[] { Number(r.Bytes), Number(r.Objects), r.Type })], rightAligned: 2);

        output.WriteLine();
        output.WriteLine("Duplicate strings (wasted: (copies - 1) × size)");
        WriteTable(output, ["wasted", "copies", "size", "chars", "string"],
            [.. waste.DuplicateStrings.Select(r => new[] { Number(r.WastedBytes), Number(r.Copies), Number(r.BytesEach), Number(r.Length), r.Preview })], rightAligned: 4);

        output.WriteLine();
        output.WriteLine(string.Create(Invariant,
            $"Arrays mostly zero (at least {options.ZeroFraction:0.##%} zero bytes, {options.MinArrayBytes:N0} bytes of elements or more; wasted: the zero bytes)"));
        WriteTable(output, ["zero bytes", "bytes", "length", "type"],
            [.. waste.ZeroArrays.Select(r => new[] { Number(r.ZeroBytes), Number(r.Bytes), Number(r.Length), r.Type })], rightAligned: 3);

        foreach (string note in waste.Notes)
        {
            output.WriteLine("Note: " + note + ".");
        }
    }

    /// <summary>E.g. <c>73,457,664 bytes written in 0.57 s (the target was paused that long), analyzed in 0.24 s, then deleted</c>.</summary>
    public static string DumpCost(HeapDumpCost cost) => cost.WriteTime > TimeSpan.Zero
        ? string.Create(Invariant,
            $"{cost.DumpBytes:N0} bytes written in {cost.WriteTime.TotalSeconds:0.##} s (the target was paused that long), analyzed in {cost.AnalysisTime.TotalSeconds:0.##} s, then deleted")
        : string.Create(Invariant, $"the file of {cost.DumpBytes:N0} bytes, analyzed in {cost.AnalysisTime.TotalSeconds:0.##} s");
}
