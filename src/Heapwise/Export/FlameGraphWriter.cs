using System.Net;
using System.Text;
using System.Text.Json;

namespace Heapwise.Export;

/// <summary>
/// Writes a <see cref="CallTree"/> as one self-contained, interactive flame graph page: inline CSS
/// and script, no network access. Click a frame to zoom into it, click a frame above or press
/// Escape to zoom out, search to highlight frames and see their share, hover for values.
/// </summary>
/// <remarks>
/// The page embeds the merged tree, not the samples: a table of distinct names and three flat
/// arrays (name, depth and total per frame, in depth-first order), so its size follows the number
/// of distinct stacks kept, whatever the number of samples. The script draws only frames at least a
/// pixel wide, a bounded number of elements. Every embedded string is JSON with <c>&lt;</c>,
/// <c>&gt;</c> and <c>&amp;</c> escaped, so names such as <c>&lt;/script&gt;</c> cannot end the script.
/// </remarks>
public static class FlameGraphWriter
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes the page (UTF-8) to <paramref name="destination"/>.</summary>
    public static FlameGraphStats Write(CallTree tree, Stream destination, FlameGraphOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(destination);
        options ??= FlameGraphOptions.Default;
        string title = string.IsNullOrEmpty(options.Title) ? tree.SampleType : options.Title;
        var output = new CountingStream(destination);

        var (before, after) = FlameGraphPage.Split(WebUtility.HtmlEncode(title));
        output.Write(Utf8.GetBytes(before));
        var (frames, hidden) = WriteData(tree, output, title, options.MinFrameFraction);
        output.Write(Utf8.GetBytes(after));
        output.Flush();
        return new FlameGraphStats(frames, hidden, output.Count);
    }

    /// <summary>Writes the page to <paramref name="path"/>, whole or not at all.</summary>
    /// <exception cref="HeapwiseException">The file cannot be written.</exception>
    public static FlameGraphStats WriteFile(CallTree tree, string path, FlameGraphOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(tree);
        FlameGraphStats? stats = null;
        AtomicFile.Write(path, stream => stats = Write(tree, stream, options));
        return stats!;
    }

    /// <summary>The page as a string (for tests and embedding in other pages).</summary>
    public static string ToHtml(CallTree tree, FlameGraphOptions? options = null)
    {
        using var buffer = new MemoryStream();
        Write(tree, buffer, options);
        return Utf8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    // The embedded data: {"title", "type", "unit", "total", "hidden", "names": [...], "n": [...], "d": [...], "v": [...]}.
    private static (int Frames, int Hidden) WriteData(CallTree tree, Stream output, string title, double minFraction)
    {
        long minimum = (long)Math.Ceiling(Math.Abs((double)tree.Total) * minFraction);
        var kept = new List<int>();
        var nameIds = new Dictionary<int, int>();
        var names = new List<string>();
        for (int i = 0; i < tree.NodeCount;)
        {
            if (i > 0 && Math.Abs(tree.TotalOf(i)) < minimum)
            {
                i = tree.SubtreeEndOf(i);
                continue;
            }

            kept.Add(i);
            int name = tree.NameIdOf(i);
            if (!nameIds.ContainsKey(name))
            {
                nameIds[name] = names.Count;
                names.Add(tree.Names[name]);
            }

            i++;
        }

        // The default encoder escapes <, >, &, quotes and non-ASCII characters as \uXXXX.
        using var json = new Utf8JsonWriter(output);
        json.WriteStartObject();
        json.WriteString("title", title);
        json.WriteString("type", tree.SampleType);
        json.WriteString("unit", tree.Unit);
        json.WriteNumber("total", tree.Total);
        json.WriteNumber("hidden", tree.NodeCount - kept.Count);
        json.WriteStartArray("names");
        foreach (string name in names)
        {
            json.WriteStringValue(name);
        }

        json.WriteEndArray();
        WriteArray(json, "n", kept, i => nameIds[tree.NameIdOf(i)]);
        WriteArray(json, "d", kept, i => tree.DepthOf(i));
        WriteArray(json, "v", kept, tree.TotalOf);
        if (tree.IsDiff)
        {
            // A difference page: "v" is the value in the profiles and the bases together, "dv" the change.
            WriteArray(json, "dv", kept, tree.DeltaOf);
        }

        json.WriteEndObject();
        json.Flush();
        return (kept.Count, tree.NodeCount - kept.Count);
    }

    private static void WriteArray(Utf8JsonWriter json, string name, List<int> nodes, Func<int, long> value)
    {
        json.WriteStartArray(name);
        foreach (int node in nodes)
        {
            json.WriteNumberValue(value(node));
            if (json.BytesPending > 1 << 16)
            {
                json.Flush();
            }
        }

        json.WriteEndArray();
    }

    /// <summary>Counts the bytes written through it (the destination may not tell its position).</summary>
    private sealed class CountingStream(Stream inner) : Stream
    {
        public long Count { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => Count; set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            inner.Write(buffer, offset, count);
            Count += count;
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            inner.Write(buffer);
            Count += buffer.Length;
        }
    }
}
