using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Heapwise.Analysis;

namespace Heapwise.Cli.Rendering;

/// <summary>
/// Writes reports as JSON for scripts (<c>--format json</c>); the schema is in docs/cli-reports.md.
/// Values are raw integers in <c>sampleUnit</c>, percentages are numbers (0–100) of the report total,
/// shares of a key's or function's own total are fractions (0–1). Every document names its schema.
/// </summary>
internal static partial class JsonReportWriter
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,

        // Function and type names keep '<', '>', '`' and '+' readable; the output is not HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes a <see cref="TopReport"/> (schema <c>heapwise.top/v1</c>).</summary>
    public static void WriteTop(TextWriter writer, TopReport report, SampleFilterOptions filter, string? by) =>
        Write(writer, json =>
        {
            Header(json, "heapwise.top/v1", report.SampleType, report.SampleUnit, report.Total, filter);
            json.WriteString("by", by ?? "function");
            json.WriteString("outputUnit", report.OutputUnit);
            json.WriteNumber("shownFlat", report.ShownFlat);
            json.WriteNumber("droppedNodes", report.DroppedNodes);
            json.WriteNumber("availableNodes", report.AvailableNodes);
            json.WriteStartArray("rows");
            foreach (var row in report.Rows)
            {
                json.WriteStartObject();
                json.WriteString("name", row.Name);
                json.WriteString("inline", row.Inline switch
                {
                    InlineStatus.Inline => "inline",
                    InlineStatus.PartialInline => "partial-inline",
                    _ => "none",
                });
                json.WriteNumber("flat", row.Flat);
                json.WriteNumber("flatPercent", Percent(row.Flat, report.Total));
                json.WriteNumber("sumPercent", Percent(row.RunningFlat, report.Total));
                json.WriteNumber("cum", row.Cum);
                json.WriteNumber("cumPercent", Percent(row.Cum, report.Total));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            Warnings(json, report.Warnings);
        });

    /// <summary>Writes a <see cref="TracesReport"/> (schema <c>heapwise.traces/v1</c>).</summary>
    public static void WriteTraces(TextWriter writer, TracesReport report, SampleFilterOptions filter) =>
        Write(writer, json =>
        {
            Header(json, "heapwise.traces/v1", report.SampleType, report.SampleUnit, report.Total, filter);
            json.WriteStartArray("traces");
            foreach (var trace in report.Traces)
            {
                json.WriteStartObject();
                json.WriteNumber("value", trace.Value);
                json.WriteStartObject("labels");
                foreach (var label in trace.Labels)
                {
                    json.WriteStartArray(label.Key);
                    foreach (string value in label.Values)
                    {
                        json.WriteStringValue(value);
                    }

                    json.WriteEndArray();
                }

                json.WriteEndObject();
                json.WriteStartArray("frames");
                foreach (var frame in trace.Frames)
                {
                    json.WriteStartObject();
                    json.WriteString("name", frame.Name);
                    json.WriteBoolean("inline", frame.Inline);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            Warnings(json, report.Warnings);
        });

    /// <summary>Writes a <see cref="TagsReport"/> (schema <c>heapwise.tags/v1</c>).</summary>
    public static void WriteTags(TextWriter writer, TagsReport report, SampleFilterOptions filter) =>
        Write(writer, json =>
        {
            Header(json, "heapwise.tags/v1", report.SampleType, report.SampleUnit, report.Total, filter);
            json.WriteStartArray("keys");
            foreach (var key in report.Keys)
            {
                json.WriteStartObject();
                json.WriteString("key", key.Key);
                json.WriteNumber("total", key.Total);
                json.WriteStartArray("values");
                foreach (var value in key.Values)
                {
                    json.WriteStartObject();
                    json.WriteString("value", value.Value);
                    json.WriteNumber("total", value.Total);
                    Share(json, value.Total, key.Total);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            Warnings(json, report.Warnings);
        });

    /// <summary>Writes a <see cref="PeekReport"/> (schema <c>heapwise.peek/v1</c>).</summary>
    public static void WritePeek(TextWriter writer, PeekReport report, SampleFilterOptions filter) =>
        WriteEntries(writer, "heapwise.peek/v1", report, filter);

    /// <summary>Writes a <see cref="PeekReport"/> from <see cref="PeekReport.ComputeTree"/> (schema <c>heapwise.tree/v1</c>).</summary>
    public static void WriteTree(TextWriter writer, PeekReport report, SampleFilterOptions filter) =>
        WriteEntries(writer, "heapwise.tree/v1", report, filter);

    /// <summary>Writes a <see cref="ListReport"/> (schema <c>heapwise.list/v1</c>).</summary>
    public static void WriteList(TextWriter writer, ListReport report, SampleFilterOptions filter) =>
        Write(writer, json =>
        {
            Header(json, "heapwise.list/v1", report.SampleType, report.SampleUnit, report.Total, filter);
            json.WriteStartArray("routines");
            foreach (var routine in report.Routines)
            {
                json.WriteStartObject();
                json.WriteString("name", routine.Name);
                json.WriteString("file", routine.File);
                json.WriteNumber("flat", routine.Flat);
                json.WriteNumber("flatPercent", Percent(routine.Flat, report.Total));
                json.WriteNumber("cum", routine.Cum);
                json.WriteNumber("cumPercent", Percent(routine.Cum, report.Total));
                json.WriteString("error", routine.Error);
                json.WriteStartArray("lines");
                foreach (var line in routine.Lines)
                {
                    json.WriteStartObject();
                    json.WriteNumber("line", line.Number);
                    json.WriteNumber("flat", line.Flat);
                    json.WriteNumber("cum", line.Cum);
                    json.WriteString("text", line.Text);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            Warnings(json, report.Warnings);
        });

    private static void WriteEntries(TextWriter writer, string schema, PeekReport report, SampleFilterOptions filter) =>
        Write(writer, json =>
        {
            Header(json, schema, report.SampleType, report.SampleUnit, report.Total, filter);
            json.WriteString("outputUnit", report.OutputUnit);
            json.WriteStartArray("entries");
            foreach (var entry in report.Entries)
            {
                json.WriteStartObject();
                json.WriteString("name", entry.Name);
                json.WriteNumber("flat", entry.Flat);
                json.WriteNumber("flatPercent", Percent(entry.Flat, report.Total));
                json.WriteNumber("cum", entry.Cum);
                json.WriteNumber("cumPercent", Percent(entry.Cum, report.Total));
                Edges(json, "callers", entry.Callers, entry.Cum);
                Edges(json, "callees", entry.Callees, entry.Cum);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            Warnings(json, report.Warnings);
        });

    private static void Edges(Utf8JsonWriter json, string name, IReadOnlyList<PeekEdge> edges, long cum)
    {
        json.WriteStartArray(name);
        foreach (var edge in edges)
        {
            json.WriteStartObject();
            json.WriteString("name", edge.Name);
            json.WriteNumber("value", edge.Weight);
            Share(json, edge.Weight, cum);
            json.WriteBoolean("inline", edge.Inline);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void Header(Utf8JsonWriter json, string schema, string sampleType, string sampleUnit, long total, SampleFilterOptions filter)
    {
        json.WriteString("schema", schema);
        json.WriteString("sampleType", sampleType);
        json.WriteString("sampleUnit", sampleUnit);
        json.WriteNumber("total", total);
        json.WriteStartArray("filters");
        foreach (string f in filter.Describe())
        {
            json.WriteStringValue(f);
        }

        json.WriteEndArray();
    }

    private static void Warnings(Utf8JsonWriter json, IReadOnlyList<string> warnings)
    {
        json.WriteStartArray("warnings");
        foreach (string w in warnings)
        {
            json.WriteStringValue(w);
        }

        json.WriteEndArray();
    }

    // A share of a positive total as a fraction rounded to 6 digits; null where there is no positive total.
    private static void Share(Utf8JsonWriter json, long value, long total)
    {
        if (total > 0)
        {
            json.WriteNumber("share", Math.Round((double)value / total, 6));
        }
        else
        {
            json.WriteNull("share");
        }
    }

    private static double Percent(long value, long total) => total != 0 ? Math.Round((double)value / total * 100, 4) : 0;

    private static void Write(TextWriter writer, Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            body(json);
            json.WriteEndObject();
        }

        writer.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }
}
