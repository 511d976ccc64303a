using System.Text.Json;

namespace Heapwise.Export;

/// <summary>
/// Writes a <see cref="CallTree"/> as a speedscope file (https://www.speedscope.app/file-format-schema.json):
/// one profile of type <c>sampled</c> whose samples are the tree's distinct stacks (frame indices,
/// root first) weighted by the value that ends there. Drag the file onto speedscope.app to view it.
/// </summary>
/// <remarks>
/// Units speedscope knows (bytes, nanoseconds, ...) are kept; others, such as counts, become <c>none</c>.
/// Samples without any frame are left out, as in <see cref="FoldedStacksWriter"/>.
/// </remarks>
public static class SpeedscopeWriter
{
    private const string Schema = "https://www.speedscope.app/file-format-schema.json";

    /// <summary>Writes the file's JSON (UTF-8) to <paramref name="destination"/>.</summary>
    /// <param name="tree">The merged samples.</param>
    /// <param name="destination">Where to write.</param>
    /// <param name="name">The profile's name in speedscope's title bar, e.g. the input file; empty for the sample type.</param>
    public static void Write(CallTree tree, Stream destination, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(destination);
        string title = string.IsNullOrEmpty(name) ? tree.SampleType : $"{name} ({tree.SampleType})";

        using var json = new Utf8JsonWriter(destination);
        json.WriteStartObject();
        json.WriteString("$schema", Schema);
        json.WriteString("exporter", "heapwise");
        json.WriteString("name", title);
        json.WriteNumber("activeProfileIndex", 0);

        json.WriteStartObject("shared");
        json.WriteStartArray("frames");

        // Frame i of the file is name i + 1 of the tree: the tree's first name is its root's.
        for (int i = 1; i < tree.Names.Count; i++)
        {
            json.WriteStartObject();
            json.WriteString("name", tree.Names[i]);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();

        json.WriteStartArray("profiles");
        json.WriteStartObject();
        json.WriteString("type", "sampled");
        json.WriteString("name", title);
        json.WriteString("unit", SpeedscopeUnit(tree.Unit));
        json.WriteNumber("startValue", 0);
        json.WriteNumber("endValue", tree.Total);

        var weights = new List<long>();
        var path = new List<int>();
        json.WriteStartArray("samples");
        for (int i = 1; i < tree.NodeCount; i++)
        {
            int depth = tree.DepthOf(i);
            path.RemoveRange(depth - 1, path.Count - (depth - 1));
            path.Add(tree.NameIdOf(i) - 1);
            long self = tree.SelfOf(i);
            if (self == 0)
            {
                continue;
            }

            json.WriteStartArray();
            foreach (int frame in path)
            {
                json.WriteNumberValue(frame);
            }

            json.WriteEndArray();
            weights.Add(self);
            if (json.BytesPending > 1 << 16)
            {
                json.Flush();
            }
        }

        json.WriteEndArray();
        json.WriteStartArray("weights");
        foreach (long w in weights)
        {
            json.WriteNumberValue(w);
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>Writes the file to <paramref name="path"/>, whole or not at all.</summary>
    /// <exception cref="HeapwiseException">The file cannot be written.</exception>
    public static void WriteFile(CallTree tree, string path, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(tree);
        AtomicFile.Write(path, stream => Write(tree, stream, name));
    }

    /// <summary>speedscope's name for a pprof unit: <c>bytes</c>, <c>nanoseconds</c>, ... or <c>none</c>.</summary>
    internal static string SpeedscopeUnit(string unit) => unit switch
    {
        "bytes" or "nanoseconds" or "microseconds" or "milliseconds" or "seconds" => unit,
        "B" or "byte" => "bytes",
        "ns" or "nanosecond" => "nanoseconds",
        "us" or "microsecond" => "microseconds",
        "ms" or "millisecond" => "milliseconds",
        "s" or "second" => "seconds",
        _ => "none",
    };
}
