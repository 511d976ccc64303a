using System.Text.Json;
using Heapwise.Heap;

namespace Heapwise.Cli.Rendering;

/// <summary>
/// Heap reports as JSON (<c>heapwise heap report --format json</c>, schema <c>heapwise.heap-report/v1</c> in
/// docs/cli.md): sizes in bytes, times in milliseconds, <c>waste</c> null when the snapshot has none.
/// </summary>
internal static partial class JsonReportWriter
{
    /// <summary>Writes <paramref name="report"/> (schema <c>heapwise.heap-report/v1</c>).</summary>
    public static void WriteHeapReport(TextWriter output, HeapReport report) => Write(output, json =>
    {
        json.WriteString("schema", "heapwise.heap-report/v1");
        var info = report.Info;
        json.WriteString("process", info.ProcessDescription);
        json.WriteString("takenAt", info.TakenAt);
        json.WriteNumber("targetPauseMs", info.TargetPause.TotalMilliseconds);
        json.WriteNumber("objects", report.ObjectCount);
        json.WriteNumber("bytes", report.TotalBytes);
        json.WriteNumber("unreachedObjects", report.UnreachedObjects);
        Strings(json, "problems", info.Problems);
        Rows(json, "types", report.Types, (j, t) =>
        {
            j.WriteString("type", t.Type);
            j.WriteNumber("count", t.Count);
            j.WriteNumber("shallowBytes", t.ShallowBytes);
            j.WriteNumber("retainedBytes", t.RetainedBytes);
        });
        Rows(json, "retainers", report.Retainers, (j, r) =>
        {
            j.WriteString("type", r.Type);
            j.WriteString("address", "0x" + r.Address.ToString("x", System.Globalization.CultureInfo.InvariantCulture));
            j.WriteNumber("shallowBytes", r.ShallowBytes);
            j.WriteNumber("retainedBytes", r.RetainedBytes);
            j.WriteNumber("retainedObjects", r.RetainedObjects);
            j.WriteString("heldBy", r.Root);
        });
        Rows(json, "generations", report.Generations, (j, g) =>
        {
            j.WriteString("generation", g.Generation);
            j.WriteNumber("count", g.Count);
            j.WriteNumber("bytes", g.Bytes);
        });
        if (report.Waste is { } waste)
        {
            json.WritePropertyName("waste");
            json.WriteStartObject();
            WasteBody(json, waste);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("waste");
        }
    });

    /// <summary>Writes the waste of a dump alone (<c>heapwise heap report DUMPFILE</c>), schema <c>heapwise.heap-waste/v1</c>: the <c>waste</c> object of the report.</summary>
    public static void WriteHeapWaste(TextWriter output, HeapWaste waste) => Write(output, json =>
    {
        json.WriteString("schema", "heapwise.heap-waste/v1");
        WasteBody(json, waste);
    });

    private static void WasteBody(Utf8JsonWriter json, HeapWaste waste)
    {
        json.WriteNumber("dumpBytes", waste.Dump.DumpBytes);
        json.WriteNumber("dumpWriteMs", waste.Dump.WriteTime.TotalMilliseconds);
        json.WriteNumber("analysisMs", waste.Dump.AnalysisTime.TotalMilliseconds);
        json.WriteNumber("objects", waste.ObjectCount);
        json.WriteNumber("heapBytes", waste.HeapBytes);
        json.WriteNumber("totalBytes", waste.TotalBytes);
        json.WriteNumber("collectionBytes", waste.CollectionBytes);
        json.WriteNumber("emptyCollectionBytes", waste.EmptyCollectionBytes);
        json.WriteNumber("duplicateStringBytes", waste.DuplicateStringBytes);
        json.WriteNumber("zeroArrayBytes", waste.ZeroArrayBytes);
        json.WritePropertyName("thresholds");
        json.WriteStartObject();
        json.WriteNumber("capacityRatio", waste.Options.CapacityRatio);
        json.WriteNumber("minArrayBytes", waste.Options.MinArrayBytes);
        json.WriteNumber("zeroFraction", waste.Options.ZeroFraction);
        json.WriteNumber("maxDistinctStrings", waste.Options.MaxDistinctStrings);
        json.WriteEndObject();
        Rows(json, "collections", waste.Collections, (j, r) =>
        {
            j.WriteString("type", r.Type);
            j.WriteNumber("objects", r.Objects);
            j.WriteNumber("count", r.Count);
            j.WriteNumber("capacity", r.Capacity);
            j.WriteNumber("wastedBytes", r.WastedBytes);
        });
        Rows(json, "emptyCollections", waste.EmptyCollections, (j, r) =>
        {
            j.WriteString("type", r.Type);
            j.WriteNumber("objects", r.Objects);
            j.WriteNumber("bytes", r.Bytes);
        });
        Rows(json, "duplicateStrings", waste.DuplicateStrings, (j, r) =>
        {
            j.WriteString("preview", r.Preview);
            j.WriteNumber("length", r.Length);
            j.WriteNumber("copies", r.Copies);
            j.WriteNumber("bytesEach", r.BytesEach);
            j.WriteNumber("wastedBytes", r.WastedBytes);
        });
        Rows(json, "zeroArrays", waste.ZeroArrays, (j, r) =>
        {
            j.WriteString("type", r.Type);
            j.WriteNumber("length", r.Length);
            j.WriteNumber("bytes", r.Bytes);
            j.WriteNumber("zeroBytes", r.ZeroBytes);
        });
        Strings(json, "notes", waste.Notes);
    }

    private static void Rows<T>(Utf8JsonWriter json, string name, IEnumerable<T> rows, Action<Utf8JsonWriter, T> row)
    {
        json.WriteStartArray(name);
        foreach (var item in rows)
        {
            json.WriteStartObject();
            row(json, item);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void Strings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (string value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }
}
